"""The checks every create handler makes before its use case, in the same order everywhere:
who is calling (as the authorizer said), then the body against the API's contract model, then
the optional Idempotency-Key.

How a body is read is a policy: by default a JSON object sent as `application/json`; an API
whose document describes other readings (another framework's body parsers) passes its own."""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar

from customer_core.domain.errors import RequestRejected, Unauthenticated
from customer_core.domain.idempotency import IdempotencyClaim
from customer_core.domain.principal import Principal
from customer_core.http.events import HttpRequest
from customer_core.http.validation import validate

if TYPE_CHECKING:
    from pydantic import BaseModel

Model = TypeVar("Model", bound="BaseModel")
BodyReader = Callable[[HttpRequest], Any]

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


@dataclass(frozen=True)
class BodyLimits:
    """What a JSON body may hold before its contract model sees it. Each API states its own
    (`LIMITS` in its contract module; docs/hostile-input.md has the table). Beyond them the
    body is refused with the API's 400, so no parser, validator or store meets an input it was
    not sized for (deep nesting was a RecursionError, a 500)."""

    max_bytes: int = 64 * 1024
    # Nesting levels of arrays and objects, the body object being level 1.
    max_depth: int = 8
    # Characters of any string, member names included.
    max_string_length: int = 10_000
    max_array_items: int = 100
    max_object_members: int = 100
    # Integers within ±(2^53 - 1): the range every JSON implementation agrees on (RFC 8259 §6).
    max_integer: int = 2**53 - 1


DEFAULT_LIMITS = BodyLimits()


def _charset(parameters: str) -> str | None:
    for parameter in parameters.split(";"):
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset":
            return value.strip().strip('"').lower()
    return None


class _Refused(ValueError):
    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason, self.message = reason, message


def _unique_members(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # Parsers disagree on which of two equal names wins; refusing is the only safe reading.
    members = dict(pairs)
    if len(members) != len(pairs):
        raise _Refused("body_duplicate_key", "The request body repeats a member name.")
    return members


def _reject_constant(name: str) -> Any:
    # NaN and Infinity are not JSON; Python accepts them by default.
    raise ValueError(f"{name} is not valid JSON")


def _bounded_int(limits: BodyLimits, digits: str) -> int:
    # Checked on the digits: a 4,300-digit integer is refused before int() would be.
    if (
        len(digits.lstrip("-")) > len(str(limits.max_integer))
        or abs(int(digits)) > limits.max_integer
    ):
        raise _Refused(
            "number_out_of_range",
            f"Numbers in the request body must be integers within ±{limits.max_integer} "
            "or finite decimals.",
        )
    return int(digits)


def _finite_float(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise _Refused("number_out_of_range", "Numbers in the request body must be finite.")
    return number


def _check_values(value: Any, limits: BodyLimits, depth: int = 1) -> None:
    """One walk over the parsed value: nesting depth (the body object being level 1), string
    lengths, Unicode scalar values only (no lone surrogates: they cannot be stored or answered
    as UTF-8), array and object sizes. The walk goes no deeper than the depth limit, so its
    recursion is bounded whatever the body."""
    if isinstance(value, str):
        _check_string(value, limits)
    elif isinstance(value, dict | list):
        if depth > limits.max_depth:
            raise _too_deep(limits)
        if isinstance(value, dict):
            if len(value) > limits.max_object_members:
                raise RequestRejected(
                    "body_too_many_members",
                    f"An object in the request body must not have more than "
                    f"{limits.max_object_members} members.",
                )
            for name, member in value.items():
                _check_string(name, limits)
                _check_values(member, limits, depth + 1)
        else:
            if len(value) > limits.max_array_items:
                raise RequestRejected(
                    "body_array_too_long",
                    f"An array in the request body must not have more than "
                    f"{limits.max_array_items} items.",
                )
            for item in value:
                _check_values(item, limits, depth + 1)


def _too_deep(limits: BodyLimits) -> RequestRejected:
    return RequestRejected(
        "body_too_deep",
        f"The request body must not nest arrays and objects deeper than {limits.max_depth} levels.",
    )


def _check_string(text: str, limits: BodyLimits) -> None:
    if len(text) > limits.max_string_length:
        raise RequestRejected(
            "string_too_long",
            f"Strings in the request body must not exceed {limits.max_string_length} characters.",
        )
    if _SURROGATE.search(text):
        raise RequestRejected(
            "string_not_unicode", "Strings in the request body must be valid Unicode text."
        )


_SURROGATE = re.compile(r"[\ud800-\udfff]")
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def json_object(request: HttpRequest, limits: BodyLimits = DEFAULT_LIMITS) -> dict[str, Any]:
    """The shared body policy: JSON content type, a JSON object within `limits`."""
    require_json_content_type(request)
    return json_object_body(request, limits)


def json_object_within(limits: BodyLimits) -> BodyReader:
    """The shared body policy under an API's own limits (its contract's `LIMITS`)."""
    return partial(json_object, limits=limits)


def json_body(request: HttpRequest, model: type[Model], read: BodyReader = json_object) -> Model:
    """The body, as `read` finds it, validated by the contract model (a value that is not an
    object is the model's own type error)."""
    return validate(model, read(request))


def media_type(request: HttpRequest) -> str:
    """The Content-Type without parameters, lower-cased ("" when there is none)."""
    content_type = request.header("content-type") or ""
    return content_type.split(";", 1)[0].strip().lower()


def require_json_content_type(request: HttpRequest) -> None:
    """`application/json`, UTF-8 (the only encoding of JSON between systems, RFC 8259 §8.1):
    a charset parameter, if any, must say so."""
    if media_type(request) != "application/json" or not has_utf8_charset(request):
        raise RequestRejected("unsupported_content_type", "Content-Type must be application/json.")


def has_utf8_charset(request: HttpRequest) -> bool:
    """True when the Content-Type names no charset or names UTF-8."""
    content_type = request.header("content-type") or ""
    return _charset(content_type.partition(";")[2]) in (None, "utf-8", "utf8")


def check_limits(value: Any, limits: BodyLimits = DEFAULT_LIMITS) -> None:
    """A parsed body (JSON or any other reading of it) within `limits`: depth, string lengths
    (member names included), Unicode text, array items and object members; else the API's
    400 naming the limit."""
    _check_values(value, limits)


def require_body_within_limit(request: HttpRequest, limits: BodyLimits = DEFAULT_LIMITS) -> None:
    if len(request.raw_body) > limits.max_bytes:
        raise RequestRejected(
            "body_too_large", f"The request body must not exceed {limits.max_bytes // 1024} KiB."
        )


def json_value(raw_body: bytes, limits: BodyLimits = DEFAULT_LIMITS) -> Any:
    """Any JSON value within `limits` (RFC 8259: UTF-8, no NaN or Infinity); else refused.

    Read by the standard library's parser (linear; its recursion limit, far above any of ours,
    answered as too deep), then, unless the text alone shows no limit can be broken, one walk
    over the value (`_check_values`)."""
    try:
        text = raw_body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise RequestRejected("body_not_utf8", "The request body must be UTF-8 JSON.") from error
    try:
        value = json.loads(
            text,
            object_pairs_hook=_unique_members,
            parse_constant=_reject_constant,
            parse_int=partial(_bounded_int, limits),
            parse_float=_finite_float,
        )
    except _Refused as refused:
        raise RequestRejected(refused.reason, refused.message) from None
    except RecursionError:
        raise _too_deep(limits) from None
    except ValueError as error:
        raise RequestRejected("body_not_json", "The request body is not valid JSON.") from error
    if _may_exceed(text, limits):
        _check_values(value, limits)
    return value


def _may_exceed(text: str, limits: BodyLimits) -> bool:
    """False when no value parsed from `text` can break a limit _check_values checks, decided
    on the text alone by counting (the walk costs most of reading a body): nothing nests deeper
    than the text has brackets, no string is longer than the text, an array or object has at
    most one item more than the text has commas, and a lone surrogate can only come from a
    `\\uD800`-`\\uDFFF` escape (the UTF-8 decoder refuses the rest)."""
    return (
        text.count("[") + text.count("{") > limits.max_depth
        or len(text) > limits.max_string_length
        or text.count(",") >= min(limits.max_array_items, limits.max_object_members)
        or _SURROGATE_ESCAPE.search(text) is not None
    )


def json_object_body(request: HttpRequest, limits: BodyLimits = DEFAULT_LIMITS) -> dict[str, Any]:
    """The body as a JSON object within `limits`."""
    require_body_within_limit(request, limits)
    if not request.raw_body.strip():
        raise RequestRejected("body_missing", "The request body must be a JSON object.")
    value = json_value(request.raw_body, limits)
    if not isinstance(value, dict):
        raise RequestRejected("body_not_object", "The request body must be a JSON object.")
    return value


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
