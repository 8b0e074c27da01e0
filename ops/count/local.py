"""COUNT's credentials outside AWS: the fixtures' client, secret and token (seeded into a test or
bench store), the local stack's demo client, requests signed with its secret, and a fixture given
the local client in place of its own."""

from __future__ import annotations

import copy
import os
import sys

from count_api import API
from count_api.count_signature import SIGNATURE_HEADER, TIMESTAMP_HEADER, sign

from ops.count import clients
from ops.facts import Entry, Event, Prepared
from ops.local.fixtures import header, replace_values, set_header
from ops.local.provision import DeployedApi

# The made-up client the fixtures in events/count/ carry, signed at a fixed documented time.
FIXTURE_CLIENT_ID = "cli_fixture00000000000000001"
FIXTURE_SECRET = "count-fixture-secret-3b9f1c7d5e2a4f6b8c0d"  # noqa: S105 - a fixture's  # nosec B105
FIXTURE_TOKEN = "count-fixture-token-a1b2c3d4e5f6a7b8c9d0"  # noqa: S105 - a fixture's  # nosec B105
FIXTURE_TEAM = "team_alpha"
FIXTURE_TIMESTAMP = "1795440404"
FIXTURE_USAGE_KEY = "usage-key-count-1"
# The local stack's demo team: a client is registered in it on each run.
DEMO_TEAM = "team_local_demo"


def seed_client(
    client_id: str = FIXTURE_CLIENT_ID,
    *,
    team_id: str = FIXTURE_TEAM,
    secret: str = FIXTURE_SECRET,
    usage_key: str | None = FIXTURE_USAGE_KEY,
) -> None:
    """A client in the credential table AUTH_TABLE_NAME names."""
    from customer_core.store.clients import ClientRecord, ClientStore

    ClientStore(os.environ["AUTH_TABLE_NAME"]).save_client(
        ClientRecord(
            api=API, client_id=client_id, team_id=team_id, name="Fixture Sync", usage_key=usage_key
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
    """A client's token in the credential table AUTH_TABLE_NAME names."""
    from customer_core.auth.tokens import token_hash
    from customer_core.store.credentials import CredentialStore, TokenRecord

    CredentialStore(os.environ["AUTH_TABLE_NAME"]).save_token(
        token_hash(token),
        TokenRecord(
            api=API,
            principal_id=client_id,
            principal_name="Fixture Sync",
            principal_type="api_client",
            usage_key=FIXTURE_USAGE_KEY,
            revoked=revoked,
            team_id=team_id,
            client_id=client_id,
        ),
    )


def seed() -> None:
    seed_client()
    seed_token()


def provision(api: DeployedApi) -> Entry:
    """A new client in the demo team (each run: a secret is shown only once) and its token."""
    client = clients.register_client(stack=api.stack, team_id=DEMO_TEAM, name="Local demo client")
    issued = clients.issue_token(stack=api.stack, client_id=client.client_id)
    return {
        "headers": {"Authorization": f"Bearer {issued.token}", "x-api-key": client.api_key_value},
        "clientId": client.client_id,
        "clientSecret": client.client_secret,
        "teamId": client.team_id,
        "apiKeyId": client.api_key_id,
    }


def signed_headers(
    entry: Entry, path: str, body: bytes, timestamp: str | None = None
) -> dict[str, str]:
    """A local stack entry's headers for a POST of `body` to `path`, signed now."""
    return {
        **entry["headers"],
        **clients.signed_headers(
            client_id=entry["clientId"],
            secret=entry["clientSecret"],
            method="POST",
            path=path,
            body=body,
            timestamp=timestamp,
            token=entry["headers"]["Authorization"].removeprefix("Bearer "),
        ),
    }


def signer_command(entry: Entry, path: str, body: str) -> list[str]:
    """`python -m ops count sign` for this body and path (run in the checkout): prints the
    x-client-id, x-timestamp, x-signature and Authorization headers, `-H @file` for curl."""
    token = entry["headers"]["Authorization"].removeprefix("Bearer ")
    return [
        "env",
        f"COUNT_CLIENT_SECRET={entry['clientSecret']}",
        f"COUNT_ACCESS_TOKEN={token}",
        sys.executable,
        "-m",
        "ops",
        API,
        "sign",
        "--client-id",
        entry["clientId"],
        "--path",
        path,
        "--body",
        body,
    ]


def for_local_stack(event: Event, entry: Entry) -> Prepared:
    """The fixture's client, token and team replaced by the local ones; once its body is final,
    a signature re-made with the local client's secret only if the fixture's was valid (a bad
    signature stays bad), and the fixtures' signing time made now (a stale one stays)."""
    timestamp = header(event, TIMESTAMP_HEADER)
    signature = header(event, SIGNATURE_HEADER)
    fixture_signed = (
        timestamp is not None
        and signature is not None
        and signature
        == sign(
            FIXTURE_SECRET,
            event["httpMethod"],
            event["path"],
            timestamp,
            (event.get("body") or "").encode(),
        )
    )
    token = entry["headers"]["Authorization"].removeprefix("Bearer ")
    local = replace_values(
        event,
        {FIXTURE_CLIENT_ID: entry["clientId"], FIXTURE_TOKEN: token, FIXTURE_TEAM: entry["teamId"]},
    )

    def sign_locally(prepared: Event) -> Event:
        """After the body is final: the timestamp and signature the fixture stands for."""
        if timestamp is None:
            return prepared
        signed = copy.deepcopy(prepared)
        sent_at = None if timestamp == FIXTURE_TIMESTAMP else timestamp
        headers = clients.signed_headers(
            client_id=entry["clientId"],
            secret=entry["clientSecret"],
            method=signed["httpMethod"],
            path=signed["path"],
            body=(signed.get("body") or "").encode(),
            timestamp=sent_at,
        )
        set_header(signed, TIMESTAMP_HEADER, headers[TIMESTAMP_HEADER])
        if fixture_signed:
            set_header(signed, SIGNATURE_HEADER, headers[SIGNATURE_HEADER])
        return signed

    return local, sign_locally
