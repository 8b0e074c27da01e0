"""API Gateway proxy responses."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

Response = dict[str, Any]


def json_response(
    status_code: int, body: Any, headers: Mapping[str, str] | None = None
) -> Response:
    return raw_response(
        status_code,
        json.dumps(body, separators=(",", ":"), ensure_ascii=False),
        {"Content-Type": "application/json", **(headers or {})},
    )


def raw_response(status_code: int, body: str, headers: Mapping[str, str]) -> Response:
    return {"statusCode": status_code, "headers": dict(headers), "body": utf8_safe(body)}


def utf8_safe(text: str) -> str:
    """`text` with any lone surrogate (say, echoed from a query string) as U+FFFD: the runtime
    sends the body as UTF-8, and one such character would turn the answer into a 502."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return text
