"""COUNT's request-signing scheme, shared by the function that verifies it and by the operator
`sign` command that produces it.

String to sign: `METHOD:path:timestamp:sha256hex(raw body)`, where path is the request path
without a leading `/partners` and without the query string; signature = hex
HMAC-SHA256(client secret, string to sign). The timestamp is signed exactly as sent.
"""

from __future__ import annotations

from customer_core.auth.request_signing import hmac_sha256_hex, sha256_hex

CLIENT_ID_HEADER = "x-client-id"
TIMESTAMP_HEADER = "x-timestamp"
SIGNATURE_HEADER = "x-signature"
AUTHORIZATION_HEADER = "Authorization"
# How far a request's timestamp may be from server time, either way.
WINDOW_SECONDS = 300

_PARTNERS_PREFIX = "/partners"


def signed_path(path: str) -> str:
    """`/partners/customers` → `/customers`; `/` stays `/`; the query string is not signed."""
    path = path.split("?", 1)[0] or "/"
    if path == _PARTNERS_PREFIX or path.startswith(_PARTNERS_PREFIX + "/"):
        path = path[len(_PARTNERS_PREFIX) :] or "/"
    return path


def string_to_sign(method: str, path: str, timestamp: str, body: bytes) -> str:
    return f"{method.upper()}:{signed_path(path)}:{timestamp}:{sha256_hex(body)}"


def sign(secret: str, method: str, path: str, timestamp: str, body: bytes) -> str:
    return hmac_sha256_hex(secret, string_to_sign(method, path, timestamp, body))
