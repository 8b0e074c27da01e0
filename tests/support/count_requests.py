"""COUNT fixtures' credentials, seeding them into moto, and re-signing a fixture for "now".

The fixtures in events/count/ are signed at a fixed documented time (FIXTURE_TIMESTAMP) so that
they read as examples; the tests re-sign them with the operator signing helper at the current
time, so the real clock is never pinned or mocked.
"""

from __future__ import annotations

import copy
import os
import threading
from typing import Any

from customer_core.auth.tokens import token_hash
from customer_core.domain.clock import utc_now
from customer_core.store import clients as client_store
from customer_core.store.credentials import CredentialStore, TokenRecord

from ops.count.clients import signed_headers
from tests.support.events import load, with_headers

FIXTURE_SECRET = "count-fixture-secret-3b9f1c7d5e2a4f6b8c0d"
FIXTURE_CLIENT_ID = "cli_fixture00000000000000001"
OTHER_CLIENT_ID = "cli_fixture00000000000000002"
FIXTURE_TOKEN = "count-fixture-token-a1b2c3d4e5f6a7b8c9d0"
FIXTURE_TEAM = "team_alpha"
FIXTURE_TIMESTAMP = "1795440404"
FIXTURE_USAGE_KEY = "usage-key-count-1"


def seed_client(
    client_id: str = FIXTURE_CLIENT_ID,
    *,
    team_id: str = FIXTURE_TEAM,
    secret: str = FIXTURE_SECRET,
    usage_key: str | None = FIXTURE_USAGE_KEY,
) -> None:
    client_store.ClientStore(os.environ["AUTH_TABLE_NAME"]).save_client(
        client_store.ClientRecord(
            api="count",
            client_id=client_id,
            team_id=team_id,
            name="Fixture Sync",
            usage_key=usage_key,
        ),
        secret,
    )


def seed_token(
    token: str = FIXTURE_TOKEN,
    *,
    client_id: str = FIXTURE_CLIENT_ID,
    team_id: str = FIXTURE_TEAM,
    revoked: bool = False,
) -> None:
    CredentialStore(os.environ["AUTH_TABLE_NAME"]).save_token(
        token_hash(token),
        TokenRecord(
            api="count",
            principal_id=client_id,
            principal_name="Fixture Sync",
            principal_type="api_client",
            usage_key=FIXTURE_USAGE_KEY,
            revoked=revoked,
            team_id=team_id,
            client_id=client_id,
        ),
    )


_last_millis = 0
_millis_lock = threading.Lock()


def unique_now_millis() -> str:
    # Two signings in the same millisecond would give two identical requests (a replay); the
    # lock keeps that true for the concurrent requests of tests/e2e.
    global _last_millis
    with _millis_lock:
        _last_millis = max(int(utc_now().timestamp() * 1000), _last_millis + 1)
        return str(_last_millis)


def signed_now(
    event: dict[str, Any], *, secret: str = FIXTURE_SECRET, timestamp: str | None = None
) -> dict[str, Any]:
    """The event with x-timestamp (now in milliseconds unless given) and x-signature."""
    timestamp = timestamp or unique_now_millis()
    client_id = event["headers"]["x-client-id"]
    headers = signed_headers(
        client_id=client_id,
        secret=secret,
        method=event["httpMethod"],
        path=event["path"],
        body=(event.get("body") or "").encode(),
        timestamp=timestamp,
    )
    return with_headers(event, **{name: value for name, value in headers.items()})


def as_team(event: dict[str, Any], team_id: str, client_id: str) -> dict[str, Any]:
    """The event as the authorizer passes it for another client of another team."""
    varied = with_headers(event, x_client_id=client_id)
    varied = copy.deepcopy(varied)
    varied["requestContext"]["authorizer"].update(
        {"principalId": client_id, "clientId": client_id, "teamId": team_id}
    )
    return varied


def fixture(name: str, *, sign: bool = True) -> dict[str, Any]:
    event = load("count", name)
    return signed_now(event) if sign else event
