"""openapi-python-client: a client package generated from openapi/openapi.json
into target/generators/python-client/, imported, and called against
`juspay-customer fake-server` on 127.0.0.1: answers read as the typed
models the document names (200 Customer, 400 and 401 ErrorBody), with both
content types and both operations."""

import base64
import os
import shutil
import subprocess
import sys

from common import OUT, ROOT, TARGET, write_result

out = os.path.join(OUT, "python-client")
shutil.rmtree(out, ignore_errors=True)
os.makedirs(out)
package = os.path.join(out, "juspay_client")
env = {**os.environ, "PATH": os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", "")}
subprocess.run(
    [
        os.path.join(os.path.dirname(sys.executable), "openapi-python-client"),
        "generate",
        "--path", os.path.join(ROOT, "openapi", "openapi.json"),
        "--output-path", package,
        "--meta", "none",
    ],
    check=True,
    env=env,
    stdout=subprocess.DEVNULL,
)
sys.path.insert(0, out)

from juspay_client import AuthenticatedClient  # noqa: E402
from juspay_client.api.default import create_customer, get_or_create_customer  # noqa: E402
from juspay_client.models import Customer, CustomerRequest, CustomerRequestForm, ErrorBody  # noqa: E402

cli = os.path.join(TARGET, "debug", "juspay-customer")
fake = subprocess.Popen(
    [cli, "fake-server", "--port", "0", "--merchant-id", "merchant_id"],
    stdout=subprocess.PIPE,
    stderr=subprocess.DEVNULL,
    env={**os.environ, "JUSPAY_API_KEY": "test_key"},
    text=True,
)
try:
    url = fake.stdout.readline().strip()
    assert url.startswith("http://127.0.0.1:"), url

    def client(key):
        token = base64.b64encode(f"{key}:".encode()).decode()
        return AuthenticatedClient(base_url=url, token=token, prefix="Basic", timeout=10)

    good = client("test_key")
    calls = []

    def call(operation, body, status, model, key_client=good):
        answer = operation.sync_detailed(client=key_client, body=body, x_merchantid="merchant_id")
        assert answer.status_code == status, (answer.status_code, answer.content)
        assert isinstance(answer.parsed, model), type(answer.parsed)
        calls.append(f"{status} {model.__name__}")
        return answer.parsed

    created = call(
        create_customer,
        CustomerRequestForm(object_reference_id="customer@gmail.com", mobile_number="99887766",
                            mobile_country_code="65", options_get_client_auth_token=True),
        200, Customer,
    )
    assert created.object_reference_id == "customer@gmail.com" and created.mobile_country_code == "65"
    assert created.juspay.client_auth_token
    taken = call(create_customer, CustomerRequest(object_reference_id="customer@gmail.com", mobile_number="99887766"),
                 400, ErrorBody)
    assert taken.error_info.code == "ALREADY_EXISTS", taken
    again = call(get_or_create_customer,
                 CustomerRequest(object_reference_id="customer@gmail.com", mobile_number="99887766", first_name=None),
                 200, Customer)
    assert again.id == created.id
    refused = call(create_customer, CustomerRequest(object_reference_id="cust_123489", mobile_number="9988 7766"),
                   400, ErrorBody)
    assert refused.error_info.code == "INVALID_INPUT"
    assert [f.field_name for f in refused.error_info.fields] == ["mobile_number"], refused.error_info.fields
    wrong = call(create_customer, CustomerRequestForm(object_reference_id="cust_123489", mobile_number="99887766"),
                 401, ErrorBody, key_client=client("wrong_key"))
    assert wrong.error_code, wrong
finally:
    fake.kill()
    fake.wait()

write_result(
    "openapi-python-client", "openapi-python-client", "openapi-python-client",
    "no validator; the generated client imports, and reads the fake's answers as typed models: "
    + ", ".join(dict.fromkeys(calls))
    + " (form and JSON bodies, both operations)",
)
