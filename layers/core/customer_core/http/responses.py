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
    return {"statusCode": status_code, "headers": dict(headers), "body": body}
