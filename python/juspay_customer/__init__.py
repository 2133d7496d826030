"""The Juspay Create Customer rules for Python: check a customer's fields with
exactly the server's rules, say in plain words what to change, and read every
documented response. Built from the Rust crate `juspay-customer`, so a Python
backend, the CLI, the npm package and a Rust service give the same verdict.

    >>> from juspay_customer import validate
    >>> verdict = validate({"object_reference_id": "cust_123489", "mobile_number": "+91 98765-43210"}, normalize=True)
    >>> verdict.valid, verdict.fields["mobile_country_code"], verdict.fields["mobile_number"]
    (True, '91', '9876543210')

Nothing personal or secret shows in any ``repr``, ``str`` or exception text;
the client auth token comes only from ``Customer.client_auth_token()``.
"""

from ._native import (
    AlreadyExists,
    BadOrigin,
    Customer,
    FieldError,
    InvalidInput,
    JuspayError,
    MissingMandatoryParameter,
    NotFound,
    Notes,
    Unauthorized,
    UnexpectedResponse,
    Verdict,
    parse_response,
    validate,
    validate_batch,
    validate_form,
    validate_json,
)

__all__ = [
    "AlreadyExists",
    "BadOrigin",
    "Customer",
    "FieldError",
    "InvalidInput",
    "JuspayError",
    "MissingMandatoryParameter",
    "NotFound",
    "Notes",
    "Unauthorized",
    "UnexpectedResponse",
    "Verdict",
    "parse_response",
    "validate",
    "validate_batch",
    "validate_form",
    "validate_json",
]
