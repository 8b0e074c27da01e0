"""API Gateway REST proxy events as HttpRequest values.

Kept minimal on purpose: the handlers need headers, query, body and the authorizer context, and
Powertools' event-handler package costs more at cold start than it gives here.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from customer_core.domain.errors import RequestRejected


@dataclass(frozen=True)
class HttpRequest:
    method: str
    path: str
    headers: Mapping[str, str]  # lower-cased names
    query: Mapping[str, list[str]]
    raw_body: bytes
    authorizer: Mapping[str, Any]
    request_id: str
    source_ip: str | None = None

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())


def parse_event(event: Mapping[str, Any]) -> HttpRequest:
    """A REST API proxy event as an HttpRequest. Header names are looked up case-insensitively."""
    headers = {str(k).lower(): str(v) for k, v in (event.get("headers") or {}).items()}
    multi = event.get("multiValueQueryStringParameters") or {}
    single = event.get("queryStringParameters") or {}
    query: dict[str, list[str]] = {str(k): [str(v) for v in vs] for k, vs in multi.items()}
    for key, value in single.items():
        query.setdefault(str(key), [str(value)])
    body = event.get("body")
    raw = b""
    if body is not None:
        if event.get("isBase64Encoded"):
            try:
                raw = base64.b64decode(body, validate=True)
            except (binascii.Error, ValueError) as error:
                raise RequestRejected(
                    "body_not_base64", "The request body is not valid."
                ) from error
        else:
            # A body string can hold lone surrogates (the event's JSON may escape them): kept
            # as bytes that no UTF-8 decoder accepts, so the body is refused as not JSON.
            raw = str(body).encode("utf-8", "surrogatepass")
    context = event.get("requestContext") or {}
    identity = context.get("identity") or {}
    return HttpRequest(
        method=str(event.get("httpMethod", "")).upper(),
        path=str(event.get("path", "")),
        headers=headers,
        query=query,
        raw_body=raw,
        authorizer=context.get("authorizer") or {},
        request_id=str(context.get("requestId", "")),
        source_ip=identity.get("sourceIp"),
    )
