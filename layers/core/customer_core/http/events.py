"""API Gateway REST proxy events as HttpRequest values, read through Powertools' event class.

The handlers take an HttpRequest, our typed boundary: the tests and the OpenAPI examples build
one without an event. What the event says is read by `APIGatewayProxyEvent` (case-insensitive
headers, query, body, authorizer context); only the body's bytes are ours to decode, since
Powertools decodes a base64 body to text and a body that is not UTF-8 must reach the checks as
the bytes it is, to be refused there in the API's words.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from aws_lambda_powertools.utilities.data_classes import APIGatewayProxyEvent

from customer_core.domain.errors import RequestRejected


@dataclass(frozen=True)
class HttpRequest:
    method: str
    path: str
    headers: Mapping[str, str]  # looked up by lower-cased name, or case-insensitive
    query: Mapping[str, list[str]]
    raw_body: bytes
    authorizer: Mapping[str, Any]
    request_id: str

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())


def parse_event(event: Mapping[str, Any]) -> HttpRequest:
    """A REST API proxy event as an HttpRequest."""
    proxy = APIGatewayProxyEvent(dict(event))
    query = {
        name: list(values) for name, values in proxy.multi_value_query_string_parameters.items()
    }
    for name, value in proxy.query_string_parameters.items():
        query.setdefault(name, [value])
    # A direct invoke (no gateway) may have no request context: no authorizer vouched for it.
    context = proxy.request_context if proxy.get("requestContext") else None
    return HttpRequest(
        method=str(proxy.get("httpMethod") or "").upper(),
        path=str(proxy.get("path") or ""),
        headers=proxy.headers,
        query=query,
        raw_body=_raw_body(proxy),
        authorizer=context.authorizer.raw_event if context else {},
        request_id=str(context.get("requestId") or "") if context else "",
    )


def _raw_body(proxy: APIGatewayProxyEvent) -> bytes:
    body = proxy.body
    if body is None:
        return b""
    if proxy.is_base64_encoded:
        try:
            return base64.b64decode(body, validate=True)
        except (binascii.Error, ValueError) as error:
            raise RequestRejected("body_not_base64", "The request body is not valid.") from error
    # A body string can hold lone surrogates (the event's JSON may escape them): kept as bytes
    # that no UTF-8 decoder accepts, so the body is refused as not JSON.
    return str(body).encode("utf-8", "surrogatepass")
