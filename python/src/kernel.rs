//! The Arrow kernel: `validate_batch` decides every row of any Arrow
//! tabular object (a pyarrow Table or RecordBatch, a Polars DataFrame, a
//! DuckDB result, a Spark `mapInArrow` batch) through the Arrow PyCapsule
//! interface, reading the strings where Arrow holds them (no Python object
//! per value), and gives a stream of batches: `valid`, `errors` and, with
//! `normalize`, each field as it will be sent. One input batch in, one
//! output batch out, so memory is one batch at a time.

use std::sync::Arc;

use arrow_array::builder::{BooleanBuilder, ListBuilder, StringBuilder, StructBuilder};
use arrow_array::cast::AsArray;
use arrow_array::{Array, ArrayRef, BooleanArray, RecordBatch, RecordBatchReader, StringArray};
use arrow_schema::{ArrowError, DataType, Field as ArrowField, Fields, Schema, SchemaRef};
use juspay_customer::{CustomerInput, Field, FieldValue};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyDict;
use pyo3_arrow::input::AnyRecordBatch;
use pyo3_arrow::PyRecordBatchReader;

use crate::{asked, Asked};

/// Each API field and the input column it is read from.
type Columns = Vec<(Field, String)>;

/// The struct of one error in the `errors` column.
fn error_fields() -> Fields {
    Fields::from(vec![
        ArrowField::new("field", DataType::Utf8, true),
        ArrowField::new("code", DataType::Utf8, false),
        ArrowField::new("reason", DataType::Utf8, false),
    ])
}

fn output_schema(sent: &[Field]) -> SchemaRef {
    let mut fields = vec![
        ArrowField::new("valid", DataType::Boolean, false),
        ArrowField::new(
            "errors",
            DataType::List(Arc::new(ArrowField::new(
                "item",
                DataType::Struct(error_fields()),
                true,
            ))),
            false,
        ),
    ];
    fields.extend(
        sent.iter()
            .map(|f| ArrowField::new(f.as_str(), DataType::Utf8, true)),
    );
    Arc::new(Schema::new(fields))
}

/// One column as text per row, or as booleans.
enum Cells {
    Text(StringArray),
    Bool(BooleanArray),
}

impl Cells {
    /// A column as the kernel reads it: strings of any Arrow layout,
    /// dictionary-encoded strings and integers as text (a phone column that
    /// a CSV reader typed as a number), booleans for the option.
    fn of(array: &ArrayRef, name: &str) -> Result<Cells, ArrowError> {
        match array.data_type() {
            DataType::Boolean => Ok(Cells::Bool(array.as_boolean().clone())),
            DataType::Utf8 => Ok(Cells::Text(array.as_string::<i32>().clone())),
            DataType::LargeUtf8
            | DataType::Utf8View
            | DataType::Dictionary(..)
            | DataType::Int8
            | DataType::Int16
            | DataType::Int32
            | DataType::Int64
            | DataType::UInt8
            | DataType::UInt16
            | DataType::UInt32
            | DataType::UInt64
            | DataType::Null => {
                let text = arrow_cast::cast(array, &DataType::Utf8)?;
                Ok(Cells::Text(text.as_string::<i32>().clone()))
            }
            other => Err(ArrowError::InvalidArgumentError(format!(
                "column '{name}' is {other}: a field is read from text, integers or booleans"
            ))),
        }
    }

    fn value(&self, row: usize) -> FieldValue<'_> {
        match self {
            Cells::Text(a) if a.is_null(row) => FieldValue::Absent,
            Cells::Text(a) => FieldValue::from(a.value(row)),
            Cells::Bool(a) if a.is_null(row) => FieldValue::Absent,
            Cells::Bool(a) => FieldValue::Bool(a.value(row)),
        }
    }
}

/// The kernel over a stream of batches.
struct Kernel {
    input: Box<dyn RecordBatchReader + Send>,
    columns: Columns,
    asked: Asked,
    sent: Vec<Field>,
    schema: SchemaRef,
}

impl Kernel {
    fn decide(&self, batch: &RecordBatch) -> Result<RecordBatch, ArrowError> {
        let cells: Vec<(Field, Cells)> = self
            .columns
            .iter()
            .filter_map(|(field, name)| Some((field, name, batch.column_by_name(name)?)))
            .map(|(field, name, array)| Ok((*field, Cells::of(array, name)?)))
            .collect::<Result<_, ArrowError>>()?;
        let rows = batch.num_rows();
        let mut valid = BooleanBuilder::with_capacity(rows);
        let mut errors = ListBuilder::new(StructBuilder::from_fields(error_fields(), 0));
        let mut sent: Vec<StringBuilder> = self
            .sent
            .iter()
            .map(|_| StringBuilder::with_capacity(rows, rows * 12))
            .collect();
        for row in 0..rows {
            let mut input = CustomerInput::new();
            for (field, column) in &cells {
                input.set(*field, column.value(row));
            }
            let verdict = self.asked.policy.check_with_country(input, self.asked.country);
            match verdict.request {
                Ok(request) => {
                    valid.append_value(true);
                    errors.append(true);
                    for (builder, field) in sent.iter_mut().zip(&self.sent) {
                        let text = request.text_fields().find(|(f, _)| f == field).map(|(_, v)| v);
                        let text = match field {
                            Field::GetClientAuthToken => {
                                request
                                    .get_client_auth_token()
                                    .map(|b| if b { "true" } else { "false" })
                            }
                            _ => text,
                        };
                        builder.append_option(text);
                    }
                }
                Err(refused) => {
                    valid.append_value(false);
                    let items = errors.values();
                    for e in refused.errors() {
                        // The builder is `error_fields()`: three strings.
                        if let Some(b) = items.field_builder::<StringBuilder>(0) {
                            b.append_option(e.field.map(Field::as_str));
                        }
                        if let Some(b) = items.field_builder::<StringBuilder>(1) {
                            b.append_value(e.reason.code());
                        }
                        if let Some(b) = items.field_builder::<StringBuilder>(2) {
                            b.append_value(e.reason.as_str());
                        }
                        items.append(true);
                    }
                    errors.append(true);
                    for builder in &mut sent {
                        builder.append_null();
                    }
                }
            }
        }
        let mut arrays: Vec<ArrayRef> = vec![Arc::new(valid.finish()), Arc::new(errors.finish())];
        arrays.extend(sent.iter_mut().map(|b| Arc::new(b.finish()) as ArrayRef));
        RecordBatch::try_new(self.schema.clone(), arrays)
    }
}

impl Iterator for Kernel {
    type Item = Result<RecordBatch, ArrowError>;

    fn next(&mut self) -> Option<Self::Item> {
        let batch = self.input.next()?;
        Some(batch.and_then(|b| self.decide(&b)))
    }
}

impl RecordBatchReader for Kernel {
    fn schema(&self) -> SchemaRef {
        self.schema.clone()
    }
}

/// Decides every row of an Arrow tabular object (anything with
/// `__arrow_c_stream__` or `__arrow_c_array__`) whose columns are named by
/// the API's keys, or mapped to them by `columns={"phone": "mobile_number"}`.
/// Returns a stream of batches (`__arrow_c_stream__`): `valid` (bool),
/// `errors` (a list of `{field, code, reason}`) and, with `normalize`, each
/// field as it will be sent (null where refused), row for row.
#[pyfunction]
#[pyo3(signature = (data, *, normalize=false, drop_invalid_optional=false, strict=false, repair_names=false, country=None, columns=None))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn validate_batch(
    data: AnyRecordBatch,
    normalize: bool,
    drop_invalid_optional: bool,
    strict: bool,
    repair_names: bool,
    country: Option<&str>,
    columns: Option<&Bound<'_, PyDict>>,
) -> PyResult<PyRecordBatchReader> {
    let asked = asked(
        normalize,
        drop_invalid_optional,
        strict,
        repair_names,
        country,
        None,
    )?;
    let input = data.into_reader()?;
    let schema = input.schema();
    let mut renamed: Vec<(String, Field)> = Vec::new();
    if let Some(columns) = columns {
        for (column, field) in columns.iter() {
            let (column, field): (String, String) = (column.extract()?, field.extract()?);
            let field = Field::parse(&field).ok_or_else(|| {
                PyValueError::new_err(format!("columns: '{field}' is not a field name of the API"))
            })?;
            if schema.field_with_name(&column).is_err() {
                return Err(PyValueError::new_err(format!(
                    "columns: the data has no column '{column}'"
                )));
            }
            renamed.push((column, field));
        }
    }
    let mut read: Columns = Vec::new();
    for field in Field::ALL {
        let by_map = renamed.iter().find(|(_, f)| *f == field).map(|(c, _)| c.clone());
        let name = by_map.or_else(|| {
            schema
                .field_with_name(field.as_str())
                .ok()
                .map(|_| field.as_str().to_owned())
        });
        if let Some(name) = name {
            read.push((field, name));
        }
    }
    let sent: Vec<Field> = if normalize {
        Field::ALL
            .into_iter()
            .filter(|f| *f == Field::MobileCountryCode || read.iter().any(|(r, _)| r == f))
            .collect()
    } else {
        Vec::new()
    };
    let schema = output_schema(&sent);
    Ok(PyRecordBatchReader::new(Box::new(Kernel {
        input,
        columns: read,
        asked,
        sent,
        schema,
    })))
}
