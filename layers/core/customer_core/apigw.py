"""API Gateway REST (proxy and REQUEST authorizer) event and response helpers.

Kept minimal on purpose: the handlers need headers, query, body and the authorizer context, and
Powertools' event-handler package costs more at cold start than it gives here.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from customer_core.errors import RequestRejected

MAX_BODY_BYTES = 64 * 1024


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
            raw = str(body).encode()
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


def json_response(
    status_code: int, body: Any, headers: Mapping[str, str] | None = None
) -> dict[str, Any]:
    return raw_response(
        status_code,
        json.dumps(body, separators=(",", ":"), ensure_ascii=False),
        {"Content-Type": "application/json", **(headers or {})},
    )


def raw_response(status_code: int, body: str, headers: Mapping[str, str]) -> dict[str, Any]:
    return {"statusCode": status_code, "headers": dict(headers), "body": body}


# --- REQUEST authorizer ------------------------------------------------------------------------


def api_wide_resource(method_arn: str) -> str:
    """`arn:...:apiId/stage/*`: the policy covers every route, so a cached result fits them all."""
    arn_prefix, _, path = method_arn.partition("/")
    stage = path.split("/", 1)[0]
    return f"{arn_prefix}/{stage}/*"


def allow_policy(
    *,
    principal_id: str,
    method_arn: str,
    context: Mapping[str, str],
    usage_identifier_key: str | None,
) -> dict[str, Any]:
    response: dict[str, Any] = {
        "principalId": principal_id,
        "policyDocument": _policy_document("Allow", method_arn),
        "context": dict(context),
    }
    if usage_identifier_key:
        response["usageIdentifierKey"] = usage_identifier_key
    return response


def deny_policy(*, principal_id: str, method_arn: str) -> dict[str, Any]:
    """API Gateway answers with its ACCESS_DENIED gateway response (cached like an Allow)."""
    return {"principalId": principal_id, "policyDocument": _policy_document("Deny", method_arn)}


def _policy_document(effect: str, method_arn: str) -> dict[str, Any]:
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Action": "execute-api:Invoke",
                "Effect": effect,
                "Resource": api_wide_resource(method_arn),
            }
        ],
    }


class Unauthorized(Exception):
    """Raised by an authorizer: API Gateway answers 401 (its UNAUTHORIZED gateway response)."""

    def __init__(self) -> None:
        super().__init__("Unauthorized")
