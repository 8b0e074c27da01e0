"""The function's half of COUNT authentication, the checks that need the raw body: headers
present, the authorizer's verdict on the token, timestamp window, signature, replay.

Order matters: a signature is remembered (replay record) only once everything before it has
passed, so requests that fail earlier cannot fill the table or burn a valid signature.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from customer_core.auth.request_signing import (
    epoch_seconds_of,
    signature_matches,
    stale_after,
    within_window,
)
from customer_core.domain.clock import epoch_seconds, utc_now
from customer_core.domain.errors import Unauthenticated
from customer_core.domain.principal import Principal
from customer_core.http.events import HttpRequest
from customer_core.store.clients import ClientStore
from customer_core.store.replays import ReplayStore, replay_key

from count_api import API
from count_api.codes import (
    INVALID_SIGNATURE,
    INVALID_TIMESTAMP,
    INVALID_TOKEN,
    MISSING_CREDENTIALS,
    REPLAYED_REQUEST,
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


def authenticate(
    request: HttpRequest, *, clients: ClientStore, replays: ReplayStore
) -> AuthenticatedClient:
    """The client the request is from, else Unauthenticated whose reason is COUNT's 401 code."""
    headers = _signed_headers(request)
    client = _client_from_authorizer(request.authorizer, headers.client_id)
    _verify_signature(request, headers, clients, replays)
    return client


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


def _client_from_authorizer(context: Mapping[str, Any], client_id: str) -> AuthenticatedClient:
    # Without the authorizer's context for this very client the request did not come through
    # the authorizer (a direct invoke or a misconfigured route): nobody vouched for the client.
    principal = Principal.from_context(context)
    if principal is None or principal.client_id != client_id:
        raise Unauthenticated(UNKNOWN_CLIENT)
    status = str(context.get(TOKEN_STATUS) or "")
    if status != TOKEN_VALID or not principal.team_id:
        raise Unauthenticated(status if status in TOKEN_FAILURES else INVALID_TOKEN)
    return AuthenticatedClient(client_id=client_id, team_id=principal.team_id)


def _verify_signature(
    request: HttpRequest, headers: SignedHeaders, clients: ClientStore, replays: ReplayStore
) -> None:
    signed_at = epoch_seconds_of(headers.timestamp)
    if signed_at is None:
        raise Unauthenticated(INVALID_TIMESTAMP)
    now = utc_now()
    if not within_window(signed_at, now, WINDOW_SECONDS):
        details = {"serverTime": epoch_seconds(now), "toleranceSeconds": WINDOW_SECONDS}
        raise Unauthenticated(TIMESTAMP_OUT_OF_RANGE, details)
    secret = clients.find_client_secret(API, headers.client_id)
    if secret is None:
        raise Unauthenticated(UNKNOWN_CLIENT)
    expected = sign(secret, request.method, request.path, headers.timestamp, request.raw_body)
    if not signature_matches(expected, headers.signature):
        raise Unauthenticated(INVALID_SIGNATURE)
    first_use = replays.remember_once(
        replay_key(API, headers.client_id, expected),
        expires_at=stale_after(signed_at, WINDOW_SECONDS),
        now=epoch_seconds(now),
    )
    if not first_use:
        raise Unauthenticated(REPLAYED_REQUEST)
