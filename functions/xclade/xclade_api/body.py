"""The request body as a Medusa server hands it to its validator.

Medusa runs Express's json, text and urlencoded parsers on every route
(packages/core/framework/src/http/middlewares/bodyparser.ts): `application/json` is parsed,
`text/plain` stays a string, a form body is parsed as `qs` does, and anything else (no
Content-Type, another type, no body) leaves the body an empty object. zod then words whatever
is not an object as `Expected type: 'object' for field '', got: '<type>'`.

Express decodes every body with iconv-lite, which drops a leading UTF-8 byte-order mark: so
does `medusa_body`.

Ours differs on purpose (docs/apis/xclade.md, "Deliberate differences"): a body over our size
limit or invalid JSON is a clean 400 where Medusa answers 500; a JSON scalar (which Express's
strict JSON parser refuses) is answered in zod's words like any other non-object; a JSON or form
body in a charset other than UTF-8 is a 400 (Medusa: 415, answered 500; for JSON it decodes
other `utf-*` charsets); and a form body is held to the JSON bodies' limits (LIMITS), checked on
the object qs builds, so no reading of a body stores more than the JSON one could.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl

from customer_core.domain.errors import RequestRejected
from customer_core.http.checks import (
    BodyLimits,
    check_limits,
    has_utf8_charset,
    json_value,
    media_type,
    require_body_within_limit,
)
from customer_core.http.events import HttpRequest

from xclade_api.query import Limits, qs_parse

# Body limits before validation (docs/hostile-input.md): metadata and additional_data are free
# JSON objects, nested at most a few levels.
LIMITS = BodyLimits(max_depth=6, max_string_length=10_000, max_array_items=100)

# body-parser's urlencoded (extended) options: qs with depth 32 and at least 100 array slots.
FORM_DEPTH = 32
FORM_PARAMETER_LIMIT = 1000
FORM_MIN_ARRAY_LIMIT = 100
UTF8_BOM = b"\xef\xbb\xbf"
# The bodies whose charset Medusa's parsers check; a text/plain body is a string (refused as
# not an object) whatever its charset, and other types are not read at all.
_CHARSET_CHECKED = ("application/json", "application/x-www-form-urlencoded")


def medusa_body(request: HttpRequest) -> Any:
    """The body value Medusa's validator would see (read as UTF-8, a leading BOM dropped)."""
    require_body_within_limit(request, LIMITS)
    kind = media_type(request)
    if kind in _CHARSET_CHECKED and not has_utf8_charset(request):
        raise RequestRejected(
            "unsupported_content_type", "The request body's charset must be UTF-8."
        )
    raw = request.raw_body.removeprefix(UTF8_BOM)
    if not raw:
        return {}
    if kind == "application/json":
        return json_value(raw, LIMITS)
    if kind == "text/plain":
        return raw.decode("utf-8", errors="replace")
    if kind == "application/x-www-form-urlencoded":
        value = form_body(raw.decode("utf-8", errors="replace"))
        check_limits(value, LIMITS)
        return value
    return {}


def form_body(text: str) -> dict[str, Any]:
    pairs = parse_qsl(text, keep_blank_values=True)[:FORM_PARAMETER_LIMIT]
    limits = Limits(
        depth=FORM_DEPTH,
        array_limit=max(FORM_MIN_ARRAY_LIMIT, len(pairs)),
        parameter_limit=FORM_PARAMETER_LIMIT,
    )
    return qs_parse(pairs, limits)
