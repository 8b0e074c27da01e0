"""Axim's credentials outside AWS: the fixtures' token (seeded into a test or bench store), the
local stack's demo token, and a fixture given the local stack's token in place of its own."""

from __future__ import annotations

import os

from ops import credentials
from ops.facts import Entry, Event, Prepared
from ops.local.fixtures import replace_values
from ops.local.provision import DeployedApi

API = "axim"
# The made-up token the fixtures in events/axim/ carry (tests/unit/test_ops_invoke.py checks it).
FIXTURE_TOKEN = "axim-fixture-token-7f3c9a1e5b2d4c6e8a0b"  # noqa: S105 - a fixture's  # nosec B105
FIXTURE_PRINCIPAL = {"id": "usr_axim_demo", "name": "Demo Integration", "type": "api_client"}
FIXTURE_USAGE_KEY = "usage-key-1"


def seed_fixture_token(
    token: str = FIXTURE_TOKEN, *, revoked: bool = False, usage_key: str | None = FIXTURE_USAGE_KEY
) -> None:
    """The fixtures' token in the credential table AUTH_TABLE_NAME names."""
    from customer_core.auth.tokens import token_hash
    from customer_core.store.credentials import CredentialStore, TokenRecord

    CredentialStore(os.environ["AUTH_TABLE_NAME"]).save_token(
        token_hash(token),
        TokenRecord(
            api=API,
            principal_id=FIXTURE_PRINCIPAL["id"],
            principal_name=FIXTURE_PRINCIPAL["name"],
            principal_type=FIXTURE_PRINCIPAL["type"],
            usage_key=usage_key,
            revoked=revoked,
        ),
    )


def provision(api: DeployedApi) -> Entry:
    issued = credentials.issue_token(
        stack=api.stack,
        api=API,
        name="Local demo client",
        principal_id=None,
        principal_type="api_client",
    )
    # MiniStack ignores ApiKeySourceType AUTHORIZER: the usage-plan key is sent as x-api-key.
    return {
        "headers": {"accessToken": issued.token, "x-api-key": issued.api_key_value},
        "principalId": issued.principal_id,
    }


def for_local_stack(event: Event, entry: Entry) -> Prepared:
    local = replace_values(event, {FIXTURE_TOKEN: entry["headers"]["accessToken"]})
    return local, lambda prepared: prepared
