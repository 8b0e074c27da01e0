"""COUNT clients: register a client in a team (its id and secret are printed once), rotate its
secret, disable or enable it, issue (optionally expiring) and revoke its access tokens, and sign
a request the way COUNT's official client does.

A client gets an API key in the COUNT usage plan, which its authorizer names for every request
(per-client throttling). Its tokens name its team: the scope in which emails are unique.
"""

from __future__ import annotations

import argparse
import json
import re
import secrets
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import boto3
from count_api import API
from count_api.count_signature import (
    AUTHORIZATION_HEADER,
    CLIENT_ID_HEADER,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    sign,
)
from customer_core.auth.tokens import new_token, token_hash
from customer_core.domain.clock import utc_now
from customer_core.store.clients import ClientRecord, ClientStore
from customer_core.store.credentials import CredentialStore, TokenRecord

from ops import apis, credentials, secret_input
from ops.stack import outputs

SECRET_ENVIRONMENT = "COUNT_CLIENT_SECRET"  # noqa: S105 - a variable name  # nosec B105
TOKEN_ENVIRONMENT = "COUNT_ACCESS_TOKEN"  # noqa: S105 - a variable name  # nosec B105
CLIENT_HELP = "the client id (x-client-id)"

PRINCIPAL_TYPE = "api_client"
# Team ids are part of the customers' uniqueness key: no separators, no surprises.
TEAM_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


@dataclass(frozen=True)
class RegisteredClient:
    client_id: str
    client_secret: str
    team_id: str
    api_key_id: str
    api_key_value: str


def register_client(*, stack: str, team_id: str, name: str) -> RegisteredClient:
    if not TEAM_ID.match(team_id):
        raise ValueError("a team id is 1-64 letters, digits, '-' or '_'")
    stack_outputs = outputs(stack)
    client_id = f"cli_{secrets.token_hex(12)}"
    secret = secrets.token_urlsafe(32)
    key_id, key_value = credentials.create_plan_key(
        stack_outputs[apis.api(API).output("UsagePlanId")], name=f"{stack}-{API}-{client_id}"
    )
    record = ClientRecord(
        api=API,
        client_id=client_id,
        team_id=team_id,
        name=name,
        usage_key=key_value,
        api_key_id=key_id,
    )
    try:
        ClientStore(stack_outputs["AuthTableName"]).save_client(record, secret)
    except Exception:
        # Nothing half-made: a key without its client would only clutter the usage plan.
        boto3.client("apigateway").delete_api_key(apiKey=key_id)
        raise
    return RegisteredClient(client_id, secret, team_id, key_id, key_value)


def rotate_secret(*, stack: str, client_id: str) -> str:
    """A new signing secret for the client: accepted at once; requests signed with the old one
    are refused once the function's kept copy expires (within the authorizer cache TTL,
    docs/apis/count.md). Returns the new secret (shown to the operator once)."""
    store = ClientStore(outputs(stack)["AuthTableName"])
    if store.find_client(API, client_id) is None:
        raise LookupError(f"no COUNT client {client_id}")
    secret = secrets.token_urlsafe(32)
    store.replace_secret(API, client_id, secret)
    return secret


def set_client_enabled(*, stack: str, client_id: str, enabled: bool) -> ClientRecord:
    """Disable (or enable again) a client: its record, which the authorizer reads, and its API
    key, which API Gateway checks after every verdict, cached ones included."""
    store = ClientStore(outputs(stack)["AuthTableName"])
    client = store.find_client(API, client_id)
    if client is None:
        raise LookupError(f"no COUNT client {client_id}")
    store.set_disabled(API, client_id, disabled=not enabled)
    if client.api_key_id:
        apigateway: Any = boto3.client("apigateway")
        apigateway.update_api_key(
            apiKey=client.api_key_id,
            patchOperations=[{"op": "replace", "path": "/enabled", "value": str(enabled).lower()}],
        )
    return client


@dataclass(frozen=True)
class IssuedToken:
    token: str
    client_id: str
    team_id: str
    expires_at: int | None = None


def issue_token(*, stack: str, client_id: str, expires_in: int | None = None) -> IssuedToken:
    expires_at = credentials.expiry(expires_in)
    table = outputs(stack)["AuthTableName"]
    client = ClientStore(table).find_client(API, client_id)
    if client is None:
        raise LookupError(f"no COUNT client {client_id}")
    if client.disabled:
        raise ValueError(f"COUNT client {client_id} is disabled")
    token = new_token()
    CredentialStore(table).save_token(
        token_hash(token),
        TokenRecord(
            api=API,
            principal_id=client.client_id,
            principal_name=client.name,
            principal_type=PRINCIPAL_TYPE,
            usage_key=client.usage_key,
            team_id=client.team_id,
            client_id=client.client_id,
            expires_at=expires_at,
        ),
    )
    return IssuedToken(token, client.client_id, client.team_id, expires_at)


def signed_headers(
    *,
    client_id: str,
    secret: str,
    method: str,
    path: str,
    body: bytes,
    timestamp: str | None = None,
    token: str | None = None,
) -> dict[str, str]:
    """The headers of a signed COUNT request.

    The timestamp is now in milliseconds (as COUNT's CLI sends it) unless given: two identical
    requests signed within the same second would otherwise carry the same signature, and the
    second would be refused as a replay.
    """
    timestamp = timestamp or str(int(utc_now().timestamp() * 1000))
    headers = {
        CLIENT_ID_HEADER: client_id,
        TIMESTAMP_HEADER: timestamp,
        SIGNATURE_HEADER: sign(secret, method, path, timestamp, body),
    }
    if token:
        headers[AUTHORIZATION_HEADER] = f"Bearer {token}"
    return headers


def register(commands: Any) -> None:
    parser = commands.add_parser("count", help="COUNT clients, tokens and request signing")
    nested = parser.add_subparsers(dest="count_command", required=True)
    register_client_parser = nested.add_parser(
        "register-client", help="register a COUNT client in a team (secret printed once)"
    )
    register_client_parser.add_argument(
        "--team", required=True, help="team (workspace) id: uniqueness scope"
    )
    register_client_parser.add_argument("--name", required=True, help="the client's display name")
    register_client_parser.set_defaults(run=_register_client)

    rotate = nested.add_parser(
        "rotate-secret", help="give a client a new signing secret (printed once; the old one stops)"
    )
    rotate.add_argument("--client-id", required=True, help=CLIENT_HELP)
    rotate.set_defaults(run=_rotate_secret)

    disable = nested.add_parser("disable-client", help="refuse every request of a client")
    disable.add_argument("--client-id", required=True, help=CLIENT_HELP)
    disable.set_defaults(run=_set_enabled, enabled=False)

    enable = nested.add_parser("enable-client", help="accept a disabled client again")
    enable.add_argument("--client-id", required=True, help=CLIENT_HELP)
    enable.set_defaults(run=_set_enabled, enabled=True)

    issue = nested.add_parser("issue-token", help="issue a COUNT access token")
    issue.add_argument("--client-id", required=True, help=CLIENT_HELP)
    credentials.add_expiry_argument(issue)
    issue.set_defaults(run=_issue_token)

    revoke = nested.add_parser("revoke-token", help="revoke a COUNT access token")
    secret_input.add(revoke, "token", what="access token", environment=TOKEN_ENVIRONMENT)
    revoke.set_defaults(run=_revoke_token)

    signer = nested.add_parser(
        "sign", help="print the headers of a signed COUNT request (curl -H @file format)"
    )
    signer.add_argument("--client-id", required=True, help=CLIENT_HELP)
    # Never arguments (process lists, shell history): a file, standard input or the environment.
    secret_input.add(signer, "secret", what="client secret", environment=SECRET_ENVIRONMENT)
    signer.add_argument(
        "--token-file",
        metavar="PATH",
        help="read the access token for the Authorization header from this file ('-': standard "
        f"input); default: ${TOKEN_ENVIRONMENT}, else no Authorization header",
    )
    signer.add_argument("--method", default="POST", help="HTTP method as sent")
    signer.add_argument("--path", default="/", help="request path, e.g. / or /partners/customers")
    body = signer.add_mutually_exclusive_group()
    body.add_argument("--body", default="", help="the raw body, exactly as it will be sent")
    body.add_argument(
        "--body-file", type=Path, help="file holding the raw body (curl --data-binary @file)"
    )
    signer.add_argument("--timestamp", help="x-timestamp as sent (default: now, in milliseconds)")
    signer.set_defaults(run=_sign)


def _register_client(args: argparse.Namespace) -> int:
    client = register_client(stack=args.stack, team_id=args.team, name=args.name)
    _print_json(
        {
            "clientId": client.client_id,
            "clientSecret": client.client_secret,
            "teamId": client.team_id,
            "apiKeyId": client.api_key_id,
            # Only needed where the gateway ignores ApiKeySourceType AUTHORIZER (MiniStack).
            "apiKeyValue": client.api_key_value,
        }
    )
    print("\nThe secret is shown only this once.", file=sys.stderr)
    return 0


def _rotate_secret(args: argparse.Namespace) -> int:
    secret = rotate_secret(stack=args.stack, client_id=args.client_id)
    _print_json({"clientId": args.client_id, "clientSecret": secret})
    print(
        "\nThe new secret is shown only this once; requests signed with the old one are refused.",
        file=sys.stderr,
    )
    return 0


def _set_enabled(args: argparse.Namespace) -> int:
    set_client_enabled(stack=args.stack, client_id=args.client_id, enabled=args.enabled)
    state = "enabled" if args.enabled else "disabled"
    print(
        f"{args.client_id} {state} (the authorizer cache may answer for up to its TTL)",
        file=sys.stderr,
    )
    return 0


def _issue_token(args: argparse.Namespace) -> int:
    issued = issue_token(stack=args.stack, client_id=args.client_id, expires_in=args.expires_in)
    _print_json(
        {
            "accessToken": issued.token,
            "clientId": issued.client_id,
            "teamId": issued.team_id,
            "expiresAt": credentials.expiry_text(issued.expires_at),
        }
    )
    print("\nThe token is shown only this once; only its hash is stored.", file=sys.stderr)
    return 0


def _revoke_token(args: argparse.Namespace) -> int:
    token = secret_input.read(args, "token", what="access token", environment=TOKEN_ENVIRONMENT)
    if token is None:  # required: read() has already refused a missing one
        raise RuntimeError("token required")
    credentials.revoke_token(stack=args.stack, api=API, token=token)
    print("revoked", file=sys.stderr)
    return 0


def _sign(args: argparse.Namespace) -> int:
    secret = secret_input.read(args, "secret", what="client secret", environment=SECRET_ENVIRONMENT)
    if secret is None:  # required: read() has already refused a missing one
        raise RuntimeError("secret required")
    token = secret_input.read(
        args, "token", what="access token", environment=TOKEN_ENVIRONMENT, required=False
    )
    body = args.body_file.read_bytes() if args.body_file else args.body.encode()
    headers = signed_headers(
        client_id=args.client_id,
        secret=secret,
        method=args.method,
        path=args.path,
        body=body,
        timestamp=args.timestamp,
        token=token,
    )
    for name, value in headers.items():
        print(f"{name}: {value}")
    return 0


def _print_json(values: dict[str, str | None]) -> None:
    json.dump(values, sys.stdout, indent=2)
