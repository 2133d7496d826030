#!/usr/bin/env python3
"""The straightforward Python a user would write instead of `juspay-customer check`:
json (or csv) + re, the same rules. A baseline for BENCHMARKS.md only.

Usage: python3 benches/check_baseline.py records.jsonl > /dev/null
       python3 benches/check_baseline.py --csv records.csv > /dev/null
"""
import csv
import json
import re
import sys
import time

ORI = re.compile(r"(?s)\A.{8,255}\Z")
DIGITS = re.compile(r"\A[0-9]{1,300}\Z")
CODE = re.compile(r"\A[0-9]{1,64}\Z")
NAME = re.compile(r"\A[A-Za-z0-9().\-_]{1,255}\Z")
PART = r"[A-Za-z0-9!#$%&'*+\-/=?^{|}~`](?:[A-Za-z0-9!#$%&'*+\-/=?^_.{|}~`]*[A-Za-z0-9!#$%&'*+\-/=?^{|}~`])?"
EMAIL = re.compile(rf"\A{PART}@{PART}\Z")
RULES = {
    "object_reference_id": ORI,
    "mobile_number": DIGITS,
    "email_address": EMAIL,
    "first_name": NAME,
    "last_name": NAME,
    "mobile_country_code": CODE,
}


def json_records(path):
    for number, line in enumerate(open(path, encoding="utf-8"), 1):
        if not line.strip():
            continue
        try:
            yield number, json.loads(line)
        except ValueError:
            yield number, None


def csv_records(path):
    reader = csv.DictReader(open(path, encoding="utf-8-sig", newline=""))
    for row in reader:
        # An empty cell is an absent field.
        yield reader.line_num, {k: v for k, v in row.items() if v != ""}


start = time.time()
records = valid = 0
out = sys.stdout
source = csv_records(sys.argv[2]) if sys.argv[1] == "--csv" else json_records(sys.argv[1])
for number, obj in source:
    records += 1
    errors = []
    if not isinstance(obj, dict):
        errors.append({"field": None, "reason": "malformed"})
    else:
        for field, rule in RULES.items():
            value = obj.get(field)
            if value is None or value == "":
                if field in ("object_reference_id", "mobile_number"):
                    errors.append({"field": field, "reason": "missing"})
                continue
            if not isinstance(value, str) or not rule.match(value) or (field == "email_address" and len(value) > 300):
                errors.append({"field": field, "reason": "invalid"})
    if errors:
        out.write(json.dumps({"line": number, "valid": False, "errors": errors}) + "\n")
    else:
        valid += 1
        out.write(json.dumps({"line": number, "valid": True}) + "\n")
secs = time.time() - start
print(f"records: {records}, valid: {valid}, records per second: {records / secs:.0f}", file=sys.stderr)
