"""CSV through polars (its own reader; patterns matched by its Rust regex
engine), the rules read from the committed JSON Schema: a count of valid
rows. An empty cell is an absent field.

Usage: python benches/peers/polars_peer.py SCHEMA RECORDS.csv
"""

import json
import sys

import polars as pl


def string_branch(prop):
    while "anyOf" in prop or "allOf" in prop:
        prop = (prop.get("anyOf") or prop.get("allOf"))[0]
    return prop


schema = json.load(open(sys.argv[1], encoding="utf-8"))
frame = pl.read_csv(sys.argv[2], infer_schema=False, truncate_ragged_lines=True)
# Rows whose cells are all empty are skipped, as the CLI skips them.
frame = frame.filter(~pl.all_horizontal(pl.all().fill_null("") == ""))
checks = []
for name, prop in schema["properties"].items():
    s = string_branch(prop)
    cell = pl.col(name).fill_null("") if name in frame.columns else pl.lit("")
    present = cell != ""
    if s["type"] == "boolean":
        ok = cell.is_in(["true", "false"])
    else:
        n = cell.str.len_chars()
        ok = (n >= s.get("minLength", 0)) & (n <= s.get("maxLength", 1 << 62))
        if "pattern" in s:
            ok = ok & cell.str.contains(s["pattern"])
    checks.append(ok if name in schema["required"] else (~present | ok))
valid = frame.select(pl.all_horizontal(checks).sum()).item()
records = frame.height
print(f"records: {records}, valid: {valid}, invalid: {records - valid}", file=sys.stderr)
