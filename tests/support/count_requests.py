"""COUNT fixtures' credentials, seeding them into moto, and re-signing a fixture for "now".

The fixtures in events/count/ are signed at a fixed documented time (FIXTURE_TIMESTAMP) so that
they read as examples; the tests re-sign them with the operator signing helper at the current
time, so the real clock is never pinned or mocked.
"""

from __future__ import annotations

import copy
from typing import Any

from ops.count.clients import signed_headers

# Declared with COUNT's facts (ops/count/local.py), with the seeding of its fixture client.
from ops.count.local import (
    FIXTURE_CLIENT_ID,
    FIXTURE_SECRET,
    FIXTURE_TEAM,
    FIXTURE_TIMESTAMP,
    FIXTURE_TOKEN,
    FIXTURE_USAGE_KEY,
    seed_client,
    seed_token,
)
from tests.support.clock import unique_now_millis
from tests.support.events import load, with_headers

OTHER_CLIENT_ID = "cli_fixture00000000000000002"

__all__ = [
    "FIXTURE_CLIENT_ID",
    "FIXTURE_SECRET",
    "FIXTURE_TEAM",
    "FIXTURE_TIMESTAMP",
    "FIXTURE_TOKEN",
    "FIXTURE_USAGE_KEY",
    "OTHER_CLIENT_ID",
    "as_team",
    "fixture",
    "seed_client",
    "seed_token",
    "signed_now",
    "unique_now_millis",
]


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
