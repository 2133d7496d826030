//! What the peers share: the rules read from the committed JSON Schema, and
//! the count line each prints (the CLI's report line, so run.sh compares
//! them as text).

use serde_json::Value;

/// One text field's rule, from the schema: its name, whether it is
/// required, its length bounds in characters and its anchored pattern.
pub struct Rule {
    pub name: String,
    pub required: bool,
    pub min: usize,
    pub max: usize,
    pub pattern: Option<regex::Regex>,
    pub boolean: bool,
}

/// The schema at `path`.
pub fn schema(path: &str) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).expect("the schema is JSON")
}

/// Every property's rule, in the schema's order.
pub fn rules(schema: &Value) -> Vec<Rule> {
    let required: Vec<&str> = schema["required"]
        .as_array()
        .expect("required")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    schema["properties"]
        .as_object()
        .expect("properties")
        .iter()
        .map(|(name, property)| {
            // The string branch: inside `anyOf` (with null) and `allOf` (with the line-break `not`).
            let mut s = property;
            while let Some(first) = s.get("anyOf").or_else(|| s.get("allOf")) {
                s = &first[0];
            }
            let n = |key: &str, default: usize| s[key].as_u64().map_or(default, |v| v as usize);
            Rule {
                name: name.clone(),
                required: required.contains(&name.as_str()),
                min: n("minLength", 0),
                max: n("maxLength", usize::MAX),
                pattern: s["pattern"]
                    .as_str()
                    .map(|p| regex::Regex::new(p).expect("pattern")),
                boolean: s["type"] == "boolean",
            }
        })
        .collect()
}

/// Whether `cell` passes `rule` (an empty cell is an absent field): its
/// length in characters and its pattern, or `true`/`false` for a boolean.
#[inline]
pub fn passes(rule: &Rule, cell: &[u8]) -> bool {
    if cell.is_empty() {
        return !rule.required;
    }
    let Ok(text) = std::str::from_utf8(cell) else {
        return false;
    };
    if rule.boolean {
        return text == "true" || text == "false";
    }
    let chars = text.chars().count();
    chars >= rule.min && chars <= rule.max && rule.pattern.as_ref().is_none_or(|p| p.is_match(text))
}

/// The CSV file at `path` (rows of any length) and, for each rule, the
/// column of its header that holds the field.
pub fn open_csv(rules: &[Rule], path: &str) -> (csv::Reader<std::fs::File>, Vec<Option<usize>>) {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(path)
        .expect("records");
    let headers = reader.headers().expect("header").clone();
    let columns = rules
        .iter()
        .map(|r| headers.iter().position(|h| h == r.name))
        .collect();
    (reader, columns)
}

/// Prints the count line: `records: N, valid: V, invalid: I`.
pub fn report(records: u64, valid: u64) {
    eprintln!("records: {records}, valid: {valid}, invalid: {}", records - valid);
}
