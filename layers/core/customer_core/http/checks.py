"""The checks every create handler makes before its use case, in the same order everywhere:
who is calling (as the authorizer said), then a JSON body against the API's contract model,
then the optional Idempotency-Key."""

from __future__ import annotations

import hashlib
import json
from typing import Any, TypeVar

from pydantic import BaseModel

from customer_core.domain.errors import RequestRejected, Unauthenticated
from customer_core.domain.idempotency import IdempotencyClaim
from customer_core.domain.principal import Principal
from customer_core.http.events import HttpRequest
from customer_core.http.validation import parse_model

Model = TypeVar("Model", bound=BaseModel)

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


def json_body(request: HttpRequest, model: type[Model]) -> Model:
    """The body as `model`: JSON content type, a JSON object within the size limit, valid."""
    require_json_content_type(request)
    return parse_model(model, json_object_body(request))


def require_json_content_type(request: HttpRequest) -> None:
    """`application/json`, parameters such as charset allowed."""
    content_type = request.header("content-type") or ""
    media_type = content_type.split(";", 1)[0].strip().lower()
    if media_type != "application/json":
        raise RequestRejected("unsupported_content_type", "Content-Type must be application/json.")


def json_object_body(request: HttpRequest) -> dict[str, Any]:
    """The body as a JSON object, within the size limit."""
    if len(request.raw_body) > MAX_BODY_BYTES:
        raise RequestRejected("body_too_large", "The request body must not exceed 64 KiB.")
    if not request.raw_body.strip():
        raise RequestRejected("body_missing", "The request body must be a JSON object.")
    try:
        value = json.loads(request.raw_body, parse_constant=_reject_constant)
    except (ValueError, UnicodeDecodeError) as error:
        raise RequestRejected("body_not_json", "The request body is not valid JSON.") from error
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
