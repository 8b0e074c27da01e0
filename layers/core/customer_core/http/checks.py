"""The checks every create handler makes before its use case, in the same order everywhere:
who is calling (as the authorizer said), then the body against the API's contract model, then
the optional Idempotency-Key.

How a body is read is a policy: by default a JSON object sent as `application/json`; an API
whose document describes other readings (xclade: Medusa's body parsers) passes its own."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any, TypeVar

from pydantic import BaseModel

from customer_core.domain.errors import RequestRejected, Unauthenticated
from customer_core.domain.idempotency import IdempotencyClaim
from customer_core.domain.principal import Principal
from customer_core.http.events import HttpRequest
from customer_core.http.validation import parse_model

Model = TypeVar("Model", bound=BaseModel)
BodyReader = Callable[[HttpRequest], Any]

MAX_BODY_BYTES = 64 * 1024
IDEMPOTENCY_HEADER = "idempotency-key"
MAX_IDEMPOTENCY_KEY_LENGTH = 255


def authorizer_principal(request: HttpRequest) -> Principal:
    """The principal the API's authorizer passed on. The authorizer has already checked the
    credential; a request without its principal did not come through it (a misconfigured route
    or a direct invoke) and is refused like a missing credential."""
    principal = Principal.from_context(request.authorizer)
    if principal is None:
        raise Unauthenticated("missing_principal")
    return principal


def json_object(request: HttpRequest) -> dict[str, Any]:
    """The shared body policy: JSON content type, a JSON object within the size limit."""
    require_json_content_type(request)
    return json_object_body(request)


def json_body(request: HttpRequest, model: type[Model], read: BodyReader = json_object) -> Model:
    """The body, as `read` finds it, validated as `model` (a value that is not an object is the
    model's own type error)."""
    return parse_model(model, read(request))


def media_type(request: HttpRequest) -> str:
    """The Content-Type without parameters, lower-cased ("" when there is none)."""
    content_type = request.header("content-type") or ""
    return content_type.split(";", 1)[0].strip().lower()


def require_json_content_type(request: HttpRequest) -> None:
    """`application/json`, parameters such as charset allowed."""
    if media_type(request) != "application/json":
        raise RequestRejected("unsupported_content_type", "Content-Type must be application/json.")


def require_body_within_limit(request: HttpRequest) -> None:
    if len(request.raw_body) > MAX_BODY_BYTES:
        raise RequestRejected("body_too_large", "The request body must not exceed 64 KiB.")


def json_value(raw_body: bytes) -> Any:
    """Any JSON value (RFC 8259: no NaN or Infinity); invalid JSON is refused."""
    try:
        return json.loads(raw_body, parse_constant=_reject_constant)
    except (ValueError, UnicodeDecodeError) as error:
        raise RequestRejected("body_not_json", "The request body is not valid JSON.") from error


def json_object_body(request: HttpRequest) -> dict[str, Any]:
    """The body as a JSON object, within the size limit."""
    require_body_within_limit(request)
    if not request.raw_body.strip():
        raise RequestRejected("body_missing", "The request body must be a JSON object.")
    value = json_value(request.raw_body)
    if not isinstance(value, dict):
        raise RequestRejected("body_not_object", "The request body must be a JSON object.")
    return value


def _reject_constant(name: str) -> Any:
    # NaN and Infinity are not JSON; Python accepts them by default.
    raise ValueError(f"{name} is not valid JSON")


def claim_for(request: HttpRequest, *, api: str, principal: str) -> IdempotencyClaim | None:
    """The request's Idempotency-Key claim, None without the header."""
    key = request.header(IDEMPOTENCY_HEADER)
    if key is None:
        return None
    if not key.strip() or len(key) > MAX_IDEMPOTENCY_KEY_LENGTH or not key.isprintable():
        raise RequestRejected(
            "invalid_idempotency_key",
            "The Idempotency-Key header must be 1 to "
            f"{MAX_IDEMPOTENCY_KEY_LENGTH} printable characters.",
        )
    fingerprint = hashlib.sha256(request.raw_body).hexdigest()
    return IdempotencyClaim(api=api, principal=principal, key=key, fingerprint=fingerprint)
