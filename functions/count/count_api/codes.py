"""COUNT's 401 codes and their messages: the function, the authorizer (which passes a token's
verdict on as one of these codes) and template.yaml's gateway responses all use them. Kept apart
from errors.py so that the authorizer imports no validation machinery."""

from __future__ import annotations

from count_api.count_signature import WINDOW_SECONDS

# 401 codes. The first two are also answered by API Gateway (see template.yaml).
MISSING_CREDENTIALS = "MISSING_CREDENTIALS"
UNKNOWN_CLIENT = "UNKNOWN_CLIENT"
INVALID_TOKEN = "INVALID_TOKEN"  # noqa: S105 - an error code  # nosec B105
TOKEN_REVOKED = "TOKEN_REVOKED"  # noqa: S105 - an error code  # nosec B105
TOKEN_CLIENT_MISMATCH = "TOKEN_CLIENT_MISMATCH"  # noqa: S105 - an error code  # nosec B105
TOKEN_EXPIRED = "TOKEN_EXPIRED"  # noqa: S105 - an error code  # nosec B105
INVALID_TIMESTAMP = "INVALID_TIMESTAMP"
TIMESTAMP_OUT_OF_RANGE = "TIMESTAMP_OUT_OF_RANGE"
INVALID_SIGNATURE = "INVALID_SIGNATURE"
REPLAYED_REQUEST = "REPLAYED_REQUEST"
# From API Gateway (the client's key is not in the usage plan, or disabled) and from the
# authorizer for a client an operator disabled.
CLIENT_NOT_ENABLED = "CLIENT_NOT_ENABLED"

AUTH_MESSAGES = {
    MISSING_CREDENTIALS: (
        "Authentication required: send x-client-id, x-timestamp, x-signature and "
        "Authorization: Bearer <access token>."
    ),
    UNKNOWN_CLIENT: "The client id is not recognised.",
    INVALID_TOKEN: "The access token is invalid.",
    TOKEN_REVOKED: "The access token has been revoked.",
    TOKEN_CLIENT_MISMATCH: "The access token does not belong to this client.",
    TOKEN_EXPIRED: "The access token has expired.",
    INVALID_TIMESTAMP: "x-timestamp must be a Unix time in seconds or milliseconds.",
    TIMESTAMP_OUT_OF_RANGE: (
        f"x-timestamp is more than {WINDOW_SECONDS} seconds away from the server time."
    ),
    INVALID_SIGNATURE: "The request signature is invalid.",
    REPLAYED_REQUEST: "This signed request has already been used.",
    CLIENT_NOT_ENABLED: "The client is not enabled for this API.",
}

# The authorizer's verdict on the access token, passed in its context under TOKEN_STATUS.
TOKEN_STATUS = "tokenStatus"  # noqa: S105 - a context key  # nosec B105
TOKEN_VALID = "VALID"  # noqa: S105 - a verdict  # nosec B105
# Every verdict but VALID: the function answers 401 with it.
TOKEN_FAILURES = frozenset(
    {INVALID_TOKEN, TOKEN_REVOKED, TOKEN_CLIENT_MISMATCH, TOKEN_EXPIRED, CLIENT_NOT_ENABLED}
)
