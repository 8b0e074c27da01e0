"""COUNT's error vocabulary: `{"status": "error", "message", "code", "details"?, "errors"?}`.

Every authentication failure is a 401 with its own `code`. The same codes and messages appear in
template.yaml's gateway responses for the failures API Gateway answers itself
(tests/unit/test_template_count.py holds the two together).
"""

from __future__ import annotations

from typing import Any

from customer_core.apigw import json_response
from customer_core.errors import (
    DomainError,
    DuplicateEmail,
    IdempotencyKeyReused,
    InvalidBody,
    RequestRejected,
    Unauthenticated,
    WriteConflict,
)
from customer_core.field_messages import field_errors

from count_api.codes import AUTH_MESSAGES

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


class AuthenticationFailed(Unauthenticated):
    """A 401 in COUNT's words: `code` is one of AUTH_MESSAGES; `details` is optional context."""

    def __init__(self, code: str, details: dict[str, Any] | None = None) -> None:
        super().__init__(code, AUTH_MESSAGES[code])
        self.details = details


def error_body(
    code: str,
    message: str,
    *,
    details: dict[str, Any] | None = None,
    errors: list[dict[str, str]] | None = None,
) -> dict[str, Any]:
    body: dict[str, Any] = {"status": "error", "message": message, "code": code}
    if details is not None:
        body["details"] = details
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


def to_response(error: DomainError) -> dict[str, Any]:
    if isinstance(error, InvalidBody):
        errors = field_errors(error.issues, FIELD_WORDING)
        return json_response(400, error_body(VALIDATION_ERROR, VALIDATION_MESSAGE, errors=errors))
    if isinstance(error, RequestRejected):
        body = error_body(BAD_REQUEST, error.message, details={"reason": error.reason})
        return json_response(400, body)
    if isinstance(error, Unauthenticated):
        details = error.details if isinstance(error, AuthenticationFailed) else None
        return json_response(401, error_body(error.code, error.message, details=details))
    if isinstance(error, DuplicateEmail):
        body = error_body(EMAIL_ALREADY_EXISTS, DUPLICATE_EMAIL_MESSAGE, details={"field": "email"})
        return json_response(409, body)
    if isinstance(error, IdempotencyKeyReused):
        return json_response(409, error_body(IDEMPOTENCY_KEY_REUSED, KEY_REUSED_MESSAGE))
    if isinstance(error, WriteConflict):
        return json_response(409, error_body(CONFLICT, CONFLICT_MESSAGE))
    return internal_error()


def internal_error() -> dict[str, Any]:
    return json_response(500, error_body(INTERNAL_ERROR, INTERNAL_MESSAGE))
