"""The request body as a Medusa server hands it to its validator.

Medusa runs Express's json, text and urlencoded parsers on every route
(packages/core/framework/src/http/middlewares/bodyparser.ts): `application/json` is parsed,
`text/plain` stays a string, a form body is parsed as `qs` does, and anything else (no
Content-Type, another type, no body) leaves the body an empty object. zod then words whatever
is not an object as `Expected type: 'object' for field '', got: '<type>'`.

Ours differs on purpose where Medusa answers 500 (docs/apis/xclade.md): a body over our size
limit or invalid JSON is a clean 400, and a JSON scalar (which Express's strict JSON parser
refuses) is answered in zod's words like any other non-object.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl

from customer_core.http.checks import (
    BodyLimits,
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


def medusa_body(request: HttpRequest) -> Any:
    """The body value Medusa's validator would see (read as UTF-8, charset ignored)."""
    require_body_within_limit(request, LIMITS)
    if not request.raw_body:
        return {}
    kind = media_type(request)
    if kind == "application/json":
        return json_value(request.raw_body, LIMITS)
    if kind == "text/plain":
        return request.raw_body.decode("utf-8", errors="replace")
    if kind == "application/x-www-form-urlencoded":
        return form_body(request.raw_body.decode("utf-8", errors="replace"))
    return {}


def form_body(text: str) -> dict[str, Any]:
    pairs = parse_qsl(text, keep_blank_values=True)[:FORM_PARAMETER_LIMIT]
    limits = Limits(
        depth=FORM_DEPTH,
        array_limit=max(FORM_MIN_ARRAY_LIMIT, len(pairs)),
        parameter_limit=FORM_PARAMETER_LIMIT,
    )
    return qs_parse(pairs, limits)
