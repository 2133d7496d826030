"""The Arrow kernel: verdicts equal the CLI's on the parity corpus (every
record, every reason), through pyarrow; a 1,000,000-row Polars DataFrame
validated and joined back; a DuckDB `read_csv` of an export, the kernel
over its Arrow result, the refusals queried with SQL."""

import json
import subprocess
import urllib.parse

import duckdb
import polars as pl
import pyarrow as pa
import pyarrow.csv as pacsv
import pytest

import juspay_customer as jc

READ = pacsv.ReadOptions()
# Every cell as text, an empty one as null (the CLI's absent field).
CONVERT = pacsv.ConvertOptions(strings_can_be_null=True, column_types=None)


def csv_corpus(gen_records, tmp_path, n=20000):
    path = tmp_path / "records.csv"
    path.write_bytes(subprocess.run([gen_records, "--format", "csv", str(n)], capture_output=True, check=True).stdout)
    header = path.read_text().splitlines()[0].split(",")
    table = pacsv.read_csv(path, read_options=READ, convert_options=pacsv.ConvertOptions(
        strings_can_be_null=True, column_types={name: pa.string() for name in header}))
    return path, table


@pytest.mark.parametrize("policy", [{}, {"normalize": True}, {"normalize": True, "drop_invalid_optional": True, "repair_names": True}],
                         ids=lambda p: "+".join(p) or "plain")
def test_the_kernel_and_the_cli_agree_on_every_record(cli, gen_records, tmp_path, policy):
    path, table = csv_corpus(gen_records, tmp_path)
    flags = [f for k, f in [("normalize", "--normalize"), ("drop_invalid_optional", "--drop-invalid-optional"),
                            ("repair_names", "--repair-names")] if policy.get(k)]
    run = subprocess.run([cli, "check", "-q", "--allow-duplicates", *flags, path], capture_output=True)
    expected = [json.loads(l) for l in run.stdout.decode().splitlines()]
    got = pa.table(jc.validate_batch(table, **policy)).to_pylist()
    assert len(got) == len(expected) == table.num_rows
    differences = 0
    for row, want in zip(got, expected):
        errors = [{"field": e["field"], "code": e["code"], "reason": e["reason"]} for e in want.get("errors", [])]
        same = row["valid"] == want["valid"] and row["errors"] == errors
        if same and want["valid"] and policy.get("normalize"):
            sent = dict(urllib.parse.parse_qsl(want["body"]))
            same = {k: v for k, v in row.items() if k not in ("valid", "errors") and v is not None} == sent
        differences += not same
    assert differences == 0
    assert 0 < sum(r["valid"] for r in got) < len(got)


def test_a_million_row_polars_frame_joined_back():
    n = 1_000_000
    # Every seventh number has a letter in it: 142,858 refused, by construction.
    df = pl.DataFrame({
        "id": [f"cust_{i:08d}" for i in range(n)],
        "phone": ["98x" if i % 7 == 0 else f"98765 {i % 100000:05d}" for i in range(n)],
    }).with_row_index("row")
    verdicts = pl.from_arrow(pa.table(jc.validate_batch(df, normalize=True, columns={"id": "object_reference_id", "phone": "mobile_number"})))
    joined = pl.concat([df, verdicts.drop("object_reference_id")], how="horizontal")
    assert joined.height == n
    assert joined.filter(~pl.col("valid")).height == (n + 6) // 7
    refused = joined.filter(~pl.col("valid")).explode("errors").unnest("errors")
    assert refused["reason"].unique().to_list() == ["not_a_digit"]
    assert joined.filter(pl.col("row") == 1)["mobile_number"].item() == "9876500001"
    assert joined.filter(pl.col("row") == 1)["mobile_country_code"].item() == "91"


def test_duckdb_reads_an_export_and_queries_the_refusals(cli, tmp_path):
    path = tmp_path / "shop.csv"
    rows = ["id,phone,country,first_name"]
    for i in range(3000):
        phone = ["+91 98765 43210", "06 12 34 56 29", "98x76", "(0) 7700 900123"][i % 4]
        country = ["IN", "FR", "IN", "GB"][i % 4]
        rows.append(f"shop_{i:08d},{phone},{country},{['Asha', 'Zoë', 'Mary Ann'][i % 3]}")
    path.write_text("\n".join(rows) + "\n")
    con = duckdb.connect()
    export = con.sql(f"select * from read_csv('{path}', all_varchar = true)")
    verdicts = pa.table(jc.validate_batch(export.arrow(), normalize=True, columns={"id": "object_reference_id", "phone": "mobile_number"}))
    con.register("verdicts", verdicts)
    by_sql = dict(con.sql(
        "select e.field || '.' || e.reason, count(*) from (select unnest(errors) as e from verdicts) group by 1"
    ).fetchall())
    report = tmp_path / "report.json"
    subprocess.run([cli, "check", "-q", "--no-verdicts", "--normalize", "--allow-duplicates", "--column",
                    "object_reference_id=id", "--column", "mobile_number=phone", "--report-json", report, path],
                   capture_output=True)
    from_cli = {f"{r['field']}.{r['reason']}": r["count"] for r in json.loads(report.read_text())["refusals"]}
    assert by_sql == from_cli
    assert by_sql["mobile_number.not_a_digit"] == 750


def test_a_column_the_kernel_cannot_read_is_named():
    with pytest.raises(Exception, match="object_reference_id"):
        pa.table(jc.validate_batch(pa.table({"object_reference_id": [1.5], "mobile_number": ["9876543210"]})))
    with pytest.raises(ValueError, match="no column 'phone'"):
        jc.validate_batch(pa.table({"x": ["1"]}), columns={"phone": "mobile_number"})
