"""COUNT as the rest of the project knows it (FACTS, ops/facts.py) and its operator commands:
`python -m ops count register-client|issue-token|revoke-token|sign`."""

from __future__ import annotations

from typing import Any

from count_api.count_signature import (
    AUTHORIZATION_HEADER,
    CLIENT_ID_HEADER,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
)

from ops.count import clients, local
from ops.facts import ApiFacts, RequestSigning


def register(commands: Any) -> None:
    clients.register(commands)


FACTS = ApiFacts(
    created=201,
    statuses=frozenset({201, 400, 401, 409, 429, 500}),
    created_id=("data", "id"),
    credential_headers=(CLIENT_ID_HEADER, AUTHORIZATION_HEADER),
    fixture_credentials={
        "client id": local.FIXTURE_CLIENT_ID,
        "client secret": local.FIXTURE_SECRET,
        "token": local.FIXTURE_TOKEN,
        "team": local.FIXTURE_TEAM,
    },
    fixture_headers=lambda: {
        CLIENT_ID_HEADER: local.FIXTURE_CLIENT_ID,
        AUTHORIZATION_HEADER: f"Bearer {local.FIXTURE_TOKEN}",
    },
    seed_fixture_credentials=local.seed,
    fixture_secrets={},
    provision=local.provision,
    for_local_stack=local.for_local_stack,
    register=register,
    signing=RequestSigning(
        module="count_api.count_signature",
        secret=local.FIXTURE_SECRET,
        signed_headers=local.signed_headers,
        signer_command=local.signer_command,
        timestamp_header=TIMESTAMP_HEADER,
        signature_header=SIGNATURE_HEADER,
    ),
    # The client's secret, then the customer write (README, template.yaml's Timeout).
    store_calls=2,
)
