"""Type stubs for juspay_customer (the functions and classes of its native module)."""

from typing import Literal, Mapping, Optional, Protocol, Union

FieldName = Literal[
    "object_reference_id",
    "mobile_number",
    "email_address",
    "first_name",
    "last_name",
    "mobile_country_code",
    "options.get_client_auth_token",
]
Value = Union[str, bool, None]
MessagesOption = dict[str, dict[str, str]]

class FieldError:
    """One refused field, warning or dropped field."""

    @property
    def field(self) -> Optional[FieldName]: ...
    @property
    def code(self) -> Literal["MISSING_MANDATORY_PARAMETER", "INVALID_INPUT"]: ...
    @property
    def reason(self) -> str: ...
    @property
    def message(self) -> str: ...
    @property
    def user_message(self) -> str: ...

class Notes:
    """What the policy did besides deciding."""

    @property
    def split(self) -> Optional[str]: ...
    @property
    def warnings(self) -> list[FieldError]: ...
    @property
    def dropped(self) -> list[FieldError]: ...
    @property
    def extension_removed(self) -> bool: ...
    @property
    def repaired(self) -> list[Literal["first_name", "last_name"]]: ...

class Verdict:
    """The fields and form body to send, or every refused field."""

    @property
    def valid(self) -> bool: ...
    @property
    def errors(self) -> list[FieldError]: ...
    @property
    def fields(self) -> dict[str, Union[str, bool]]: ...
    @property
    def body(self) -> Optional[str]: ...
    @property
    def notes(self) -> Notes: ...
    def __bool__(self) -> bool: ...

class Customer:
    """A customer, as a 200 response gives it."""

    @property
    def id(self) -> str: ...
    @property
    def object_reference_id(self) -> Optional[str]: ...
    @property
    def mobile_number(self) -> Optional[str]: ...
    @property
    def mobile_country_code(self) -> Optional[str]: ...
    @property
    def email_address(self) -> Optional[str]: ...
    @property
    def first_name(self) -> Optional[str]: ...
    @property
    def last_name(self) -> Optional[str]: ...
    @property
    def client_auth_token_expiry(self) -> Optional[str]: ...
    def client_auth_token(self) -> Optional[str]: ...

class JuspayError(Exception):
    """A response that is not a customer."""

    kind: str
    status: int
    fields: list[str]
    error_code: Optional[str]
    error_message: Optional[str]
    request_id: Optional[str]

class MissingMandatoryParameter(JuspayError): ...
class InvalidInput(JuspayError): ...
class AlreadyExists(JuspayError): ...
class Unauthorized(JuspayError): ...
class BadOrigin(JuspayError): ...
class NotFound(JuspayError): ...
class UnexpectedResponse(JuspayError): ...

def validate(
    fields: Mapping[str, object],
    *,
    normalize: bool = False,
    drop_invalid_optional: bool = False,
    strict: bool = False,
    repair_names: bool = False,
    country: Optional[str] = None,
    messages: Optional[MessagesOption] = None,
) -> Verdict: ...
def validate_form(
    body: bytes,
    *,
    normalize: bool = False,
    drop_invalid_optional: bool = False,
    strict: bool = False,
    repair_names: bool = False,
    country: Optional[str] = None,
    messages: Optional[MessagesOption] = None,
) -> Verdict: ...
def validate_json(
    body: bytes,
    *,
    normalize: bool = False,
    drop_invalid_optional: bool = False,
    strict: bool = False,
    repair_names: bool = False,
    country: Optional[str] = None,
    messages: Optional[MessagesOption] = None,
) -> Verdict: ...
def parse_response(status: int, body: bytes) -> Customer: ...

class _ArrowStream(Protocol):
    """A stream of Arrow record batches (the Arrow PyCapsule interface)."""

    def __arrow_c_stream__(self, requested_schema: object = None) -> object: ...

def validate_batch(
    data: object,
    *,
    normalize: bool = False,
    drop_invalid_optional: bool = False,
    strict: bool = False,
    repair_names: bool = False,
    country: Optional[str] = None,
    columns: Optional[dict[str, str]] = None,
) -> _ArrowStream: ...

__all__: list[str]
