"""xclade as the rest of the project knows it (FACTS, ops/facts.py) and its operator commands:
`python -m ops xclade token|rotate-key`."""

from __future__ import annotations

from typing import Any

from ops.facts import ApiFacts
from ops.xclade import keys, local, tokens


def register(commands: Any) -> None:
    parser = commands.add_parser("xclade", help="xclade admin JWTs and their signing key")
    nested = parser.add_subparsers(dest="xclade_command", required=True)
    tokens.add_token_command(nested)
    keys.add_rotate_command(nested)


FACTS = ApiFacts(
    created=200,
    statuses=frozenset({200, 400, 401, 409, 429, 500}),
    created_id=("customer", "id"),
    credential_headers=("Authorization",),
    fixture_credentials={"jwt signing key": local.FIXTURE_SECRET},
    fixture_headers=lambda: {"Authorization": f"Bearer {local.token()}"},
    seed_fixture_credentials=lambda: None,  # its only credential is the key: a secret
    fixture_secrets={local.SECRET_ID_VARIABLE: local.fixture_secret_string()},
    provision=local.provision,
    for_local_stack=local.for_local_stack,
    register=register,
    sample="create-customer-valid",
    current=local.current,
)
