"""parse_response on every documented response: the CLI's `parse` kind, one
exception class per error kind, with the field names and codes, and the
client auth token only through its accessor."""

import json
import pathlib
import subprocess

import pytest

import juspay_customer as jc

FIXTURES = sorted((pathlib.Path(__file__).resolve().parents[2] / "tests" / "fixtures").glob("*.json"))
CLASSES = {
    "missing_mandatory_parameter": jc.MissingMandatoryParameter,
    "invalid_input": jc.InvalidInput,
    "already_exists": jc.AlreadyExists,
    "unauthorized": jc.Unauthorized,
    "bad_origin": jc.BadOrigin,
    "not_found": jc.NotFound,
    "unexpected": jc.UnexpectedResponse,
}


def status_of(path: pathlib.Path) -> int:
    return int(path.name.split("_")[2 if "_table_" in path.name else 1])


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_every_fixture_reads_as_the_cli_reads_it(cli, path):
    status = status_of(path)
    summary = json.loads(subprocess.run([cli, "parse", "--status", str(status), path], capture_output=True).stdout)
    body = path.read_bytes()
    if summary["kind"] == "customer":
        customer = jc.parse_response(status, body)
        assert customer.id == summary["id"]
        assert customer.object_reference_id == summary["object_reference_id"]
        assert customer.client_auth_token_expiry == summary["client_auth_token_expiry"]
        token = json.loads(body).get("juspay", {}).get("client_auth_token")
        assert customer.client_auth_token() == token
        if token:
            assert token not in repr(customer) and token not in str(customer)
        return
    with pytest.raises(CLASSES[summary["kind"]]) as caught:
        jc.parse_response(status, body)
    e = caught.value
    assert isinstance(e, jc.JuspayError)
    assert (e.kind, e.status, e.fields) == (summary["kind"], status, summary["fields"])
    assert e.error_code == summary["error_code"]
    assert e.request_id == summary["request_id"]
    assert str(e) == f"{summary['kind']} (HTTP {status}), fields {summary['fields']}"


def test_any_other_status_or_body_is_unexpected():
    with pytest.raises(jc.UnexpectedResponse) as caught:
        jc.parse_response(502, b"<html>Bad Gateway</html>")
    assert caught.value.status == 502
