"""datamodel-code-generator: pydantic v2 models, strict, from
openapi/customer-request.schema.json, written to target/generators/pydantic/
and imported; then every record of the corpus through the model.

Strict: `--strict-types str bool`, so "true" and 1 are not a boolean and 42
is not a string (pydantic's lax mode takes them). Patterns run in pydantic's
default engine (Rust's `regex`), which has no lookaround."""

import importlib.util
import os
import subprocess
import sys

import pydantic

from common import OUT, ROOT, records, write

model_dir = os.path.join(OUT, "pydantic")
os.makedirs(model_dir, exist_ok=True)
model_file = os.path.join(model_dir, "customer_request.py")
subprocess.run(
    [
        os.path.join(os.path.dirname(sys.executable), "datamodel-codegen"),
        "--input", os.path.join(ROOT, "openapi", "customer-request.schema.json"),
        "--input-file-type", "jsonschema",
        "--output-model-type", "pydantic_v2.BaseModel",
        "--strict-types", "str", "bool",
        "--formatters", "builtin",
        "--disable-timestamp",
        "--output", model_file,
    ],
    check=True,
)
spec = importlib.util.spec_from_file_location("customer_request", model_file)
module = importlib.util.module_from_spec(spec)
sys.modules["customer_request"] = module  # pydantic's generics look their module up there
spec.loader.exec_module(module)
Model = module.JuspayCreateCustomerRequest


def valid(text):
    try:
        Model.model_validate_json(text)
        return True
    except pydantic.ValidationError:
        return False


write("pydantic", "datamodel-code-generator (pydantic v2, strict)", "datamodel-code-generator", [valid(r) for r in records()])
