"""What a typed caller writes; `mypy --strict python/tests/usage.py` checks it
against the stubs (`.ci/run`)."""

from typing import Optional

import juspay_customer as jc


def sign_up(form: dict[str, str]) -> Optional[str]:
    verdict = jc.validate(form, normalize=True, country="IN", messages={"labels": {"mobile_number": "Mobile"}})
    if not verdict.valid:
        for error in verdict.errors:
            field: Optional[str] = error.field
            print(field, error.reason, error.user_message)
        return None
    sent: dict[str, object] = dict(verdict.fields)
    print(sent, verdict.notes.split, verdict.notes.repaired)
    return verdict.body


def read(status: int, body: bytes) -> str:
    try:
        customer = jc.parse_response(status, body)
    except jc.AlreadyExists as e:
        return "exists: " + ",".join(e.fields)
    except jc.JuspayError as e:
        return f"{e.kind} {e.status} {e.error_code}"
    token: Optional[str] = customer.client_auth_token()
    return customer.id + (token or "")


def batch(table: object) -> object:
    return jc.validate_batch(table, normalize=True, columns={"phone": "mobile_number"}).__arrow_c_stream__()


sign_up({"object_reference_id": "cust_123489", "mobile_number": "+91 98765-43210"})
jc.validate_form(b"object_reference_id=cust_123489&mobile_number=99887766", strict=True)
jc.validate_json(b'{"object_reference_id":"cust_123489","mobile_number":"99887766"}', repair_names=True)
