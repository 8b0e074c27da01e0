"""COUNT's error vocabulary: `{"status": "error", "message", "code", "details"?, "errors"?}`.

Every authentication failure is a 401 with its own `code`. The same codes and messages appear in
template.yaml's gateway responses for the failures API Gateway answers itself
(tests/unit/test_template_count.py holds the two together).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from customer_core.domain.errors import (
    DuplicateEmail,
    IdempotencyKeyReused,
    InvalidBody,
    RequestRejected,
    StoreUnavailable,
    Unauthenticated,
    WriteConflict,
)
from customer_core.http.field_messages import FieldError, field_errors
from customer_core.http.frame import ErrorTable
from customer_core.http.responses import Response, json_response

from count_api.codes import AUTH_MESSAGES, INVALID_TOKEN

VALIDATION_ERROR = "VALIDATION_ERROR"
VALIDATION_MESSAGE = "Validation failed"
BAD_REQUEST = "BAD_REQUEST"
EMAIL_ALREADY_EXISTS = "EMAIL_ALREADY_EXISTS"
DUPLICATE_EMAIL_MESSAGE = "A customer with this email already exists in this team."
IDEMPOTENCY_KEY_REUSED = "IDEMPOTENCY_KEY_REUSED"
KEY_REUSED_MESSAGE = "The Idempotency-Key has already been used with a different request body."
CONFLICT = "CONFLICT"
CONFLICT_MESSAGE = "The request conflicted with another request. Please retry."
INTERNAL_ERROR = "INTERNAL_ERROR"
INTERNAL_MESSAGE = "Internal server error"


def error_body(
    code: str,
    message: str,
    *,
    details: Mapping[str, Any] | None = None,
    errors: list[FieldError] | None = None,
) -> dict[str, Any]:
    """The contract's ErrorBody, in its field order; `details` and `errors` only when given."""
    body: dict[str, Any] = {"status": "error", "message": message, "code": code}
    if details is not None:
        body["details"] = dict(details)
    if errors is not None:
        body["errors"] = errors
    return body


# Beyond the core's common wording (customer_core.field_messages). `too_long`/`too_short`: a
# length limit applied after a type's own validators (NonBlankStr, Email).
FIELD_WORDING = {
    "value_error:blank": "{name} must not be blank.",
    "value_error:invalid website": "{name} must be an http or https URL.",
    "string_too_short": "{name} must be at least {min_length} character(s) long.",
    "too_short": "{name} must be at least {min_length} character(s) long.",
    "string_too_long": "{name} must be at most {max_length} characters long.",
    "too_long": "{name} must be at most {max_length} characters long.",
}


def _invalid_body(error: InvalidBody) -> Response:
    errors = field_errors(error.issues, FIELD_WORDING)
    return json_response(400, error_body(VALIDATION_ERROR, VALIDATION_MESSAGE, errors=errors))


def _rejected(error: RequestRejected) -> Response:
    body = error_body(BAD_REQUEST, error.message, details={"reason": error.reason})
    return json_response(400, body)


def _unauthenticated(error: Unauthenticated) -> Response:
    # The reason is one of COUNT's 401 codes (authentication.py); any other reason (e.g. the
    # core's missing_principal) is a token nobody vouched for.
    code = error.reason if error.reason in AUTH_MESSAGES else INVALID_TOKEN
    return json_response(401, error_body(code, AUTH_MESSAGES[code], details=error.details))


def _duplicate(_error: DuplicateEmail) -> Response:
    body = error_body(EMAIL_ALREADY_EXISTS, DUPLICATE_EMAIL_MESSAGE, details={"field": "email"})
    return json_response(409, body)


def internal_error() -> Response:
    return json_response(500, error_body(INTERNAL_ERROR, INTERNAL_MESSAGE))


ERRORS = ErrorTable(
    responses={
        InvalidBody: _invalid_body,
        RequestRejected: _rejected,
        Unauthenticated: _unauthenticated,
        DuplicateEmail: _duplicate,
        IdempotencyKeyReused: lambda _error: json_response(
            409, error_body(IDEMPOTENCY_KEY_REUSED, KEY_REUSED_MESSAGE)
        ),
        WriteConflict: lambda _error: json_response(409, error_body(CONFLICT, CONFLICT_MESSAGE)),
        StoreUnavailable: lambda _error: internal_error(),
    },
    internal_error=internal_error,
)
