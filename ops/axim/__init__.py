"""Axim as the rest of the project knows it (FACTS, ops/facts.py) and its operator commands:
`python -m ops axim issue-token|revoke-token`."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from ops import credentials, secret_input
from ops.axim import local
from ops.facts import ApiFacts

API = "axim"
TOKEN_ENVIRONMENT = "AXIM_ACCESS_TOKEN"  # noqa: S105 - a variable name  # nosec B105


def register(commands: Any) -> None:
    parser = commands.add_parser(API, help="Axim access tokens")
    nested = parser.add_subparsers(dest="axim_command", required=True)
    issue = nested.add_parser("issue-token", help="issue an access token (printed once)")
    issue.add_argument("--name", required=True, help="principal's display name (createdBy.name)")
    issue.add_argument("--principal-id", help="principal id (createdBy.id); random if omitted")
    issue.add_argument("--principal-type", default="api_client", help="createdBy.type")
    credentials.add_expiry_argument(issue)
    issue.set_defaults(run=_issue)
    revoke = nested.add_parser("revoke-token", help="revoke an access token")
    secret_input.add(revoke, "token", what="access token", environment=TOKEN_ENVIRONMENT)
    revoke.set_defaults(run=_revoke)


def _issue(args: argparse.Namespace) -> int:
    issued = credentials.issue_token(
        stack=args.stack,
        api=API,
        name=args.name,
        principal_id=args.principal_id,
        principal_type=args.principal_type,
        expires_in=args.expires_in,
    )
    json.dump(
        {
            "accessToken": issued.token,
            "principalId": issued.principal_id,
            "apiKeyId": issued.api_key_id,
            # Only needed where the gateway ignores ApiKeySourceType AUTHORIZER (MiniStack).
            "apiKeyValue": issued.api_key_value,
            "expiresAt": credentials.expiry_text(issued.expires_at),
        },
        sys.stdout,
        indent=2,
    )
    print("\nThe token is shown only this once; only its hash is stored.", file=sys.stderr)
    return 0


def _revoke(args: argparse.Namespace) -> int:
    token = secret_input.read(args, "token", what="access token", environment=TOKEN_ENVIRONMENT)
    if token is None:  # required: read() has already refused a missing one
        raise RuntimeError("token required")
    credentials.revoke_token(stack=args.stack, api=API, token=token)
    print("revoked", file=sys.stderr)
    return 0


FACTS = ApiFacts(
    created=201,
    statuses=frozenset({201, 400, 401, 409, 429, 500}),
    created_id=("data", "id"),
    credential_headers=("accessToken",),
    fixture_credentials={"token": local.FIXTURE_TOKEN},
    fixture_headers=lambda: {"accessToken": local.FIXTURE_TOKEN},
    seed_fixture_credentials=local.seed_fixture_token,
    fixture_secrets={},
    provision=local.provision,
    for_local_stack=local.for_local_stack,
    register=register,
)
