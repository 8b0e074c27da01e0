"""The function's half of COUNT authentication, the checks that need the raw body: headers
present, the authorizer's verdict on the token, timestamp window, signature.

Replay is judged by the customer write itself (customer_core.store.replays): the request's mark
goes on the customer it creates, and a copy of it meets that customer and is refused
(REPLAYED_REQUEST) in the same store call, so nothing is written for a request that fails.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from customer_core.auth.request_signing import (
    epoch_seconds_of,
    signature_matches,
    within_window,
)
from customer_core.domain.clock import epoch_seconds, utc_now
from customer_core.domain.errors import Unauthenticated
from customer_core.domain.principal import Principal
from customer_core.http.events import HttpRequest
from customer_core.store.clients import ClientSecrets
from customer_core.store.replays import request_mark

from count_api import API
from count_api.codes import (
    INVALID_SIGNATURE,
    INVALID_TIMESTAMP,
    INVALID_TOKEN,
    MISSING_CREDENTIALS,
    TIMESTAMP_OUT_OF_RANGE,
    TOKEN_FAILURES,
    TOKEN_STATUS,
    TOKEN_VALID,
    UNKNOWN_CLIENT,
)
from count_api.count_signature import (
    AUTHORIZATION_HEADER,
    CLIENT_ID_HEADER,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    WINDOW_SECONDS,
    sign,
)


@dataclass(frozen=True)
class SignedHeaders:
    client_id: str
    timestamp: str
    signature: str


@dataclass(frozen=True)
class AuthenticatedClient:
    client_id: str
    team_id: str
    # The mark this signed request leaves on the customer it creates (store/replays.py).
    request_mark: bytes


def authenticate(request: HttpRequest, *, secrets: ClientSecrets) -> AuthenticatedClient:
    """The client the request is from, else Unauthenticated whose reason is COUNT's 401 code."""
    headers = _signed_headers(request)
    team_id = _team_from_authorizer(request.authorizer, headers.client_id)
    signature = _verify_signature(request, headers, secrets)
    return AuthenticatedClient(
        client_id=headers.client_id,
        team_id=team_id,
        request_mark=request_mark(headers.client_id, signature),
    )


def _signed_headers(request: HttpRequest) -> SignedHeaders:
    # Blank is missing; anything else is read as sent (one spelling per credential: a padded
    # client id, timestamp or signature is refused by the check it reaches, never trimmed).
    values = {
        name: request.header(name) or ""
        for name in (CLIENT_ID_HEADER, TIMESTAMP_HEADER, SIGNATURE_HEADER, AUTHORIZATION_HEADER)
    }
    if not all(value.strip() for value in values.values()):
        missing = [name for name, value in values.items() if not value.strip()]
        raise Unauthenticated(MISSING_CREDENTIALS, {"missingHeaders": missing})
    return SignedHeaders(
        client_id=values[CLIENT_ID_HEADER],
        timestamp=values[TIMESTAMP_HEADER],
        signature=values[SIGNATURE_HEADER],
    )


def _team_from_authorizer(context: Mapping[str, Any], client_id: str) -> str:
    """The team of the token the authorizer judged valid for this very client."""
    # Without the authorizer's context for this very client the request did not come through
    # the authorizer (a direct invoke or a misconfigured route): nobody vouched for the client.
    principal = Principal.from_context(context)
    if principal is None or principal.client_id != client_id:
        raise Unauthenticated(UNKNOWN_CLIENT)
    status = str(context.get(TOKEN_STATUS) or "")
    if status != TOKEN_VALID or not principal.team_id:
        raise Unauthenticated(status if status in TOKEN_FAILURES else INVALID_TOKEN)
    return principal.team_id


def _verify_signature(request: HttpRequest, headers: SignedHeaders, secrets: ClientSecrets) -> str:
    """The request's signature once it checks out, else Unauthenticated."""
    signed_at = epoch_seconds_of(headers.timestamp)
    if signed_at is None:
        raise Unauthenticated(INVALID_TIMESTAMP)
    now = utc_now()
    if not within_window(signed_at, now, WINDOW_SECONDS):
        details = {"serverTime": epoch_seconds(now), "toleranceSeconds": WINDOW_SECONDS}
        raise Unauthenticated(TIMESTAMP_OUT_OF_RANGE, details)
    secret = secrets.get(API, headers.client_id)
    signature = None if secret is None else _expected(request, headers, secret.value)
    if signature is None and secret is not None and not secret.fresh:
        # The kept secret may have been rotated since: the stored one decides (a new secret
        # works at once; the old one only for as long as it is kept).
        secret = secrets.reread(API, headers.client_id)
        signature = None if secret is None else _expected(request, headers, secret.value)
    if secret is None:
        raise Unauthenticated(UNKNOWN_CLIENT)
    if signature is None:
        raise Unauthenticated(INVALID_SIGNATURE)
    return signature


def _expected(request: HttpRequest, headers: SignedHeaders, secret: str) -> str | None:
    """The signature `secret` gives this request when it is the one sent, else None."""
    expected = sign(secret, request.method, request.path, headers.timestamp, request.raw_body)
    return expected if signature_matches(expected, headers.signature) else None
