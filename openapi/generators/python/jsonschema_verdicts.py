"""Python's jsonschema (draft 2020-12, patterns in Python's `re`) on every
record of the corpus, against openapi/customer-request.schema.json."""

import json
import os

import jsonschema

from common import ROOT, records, write

with open(os.path.join(ROOT, "openapi", "customer-request.schema.json"), encoding="utf-8") as f:
    schema = json.load(f)
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema)
write("python-jsonschema", "jsonschema (Python)", "jsonschema", [validator.is_valid(json.loads(r)) for r in records()])
