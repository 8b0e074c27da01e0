"""`python -m ops xclade token`: mint an xclade admin JWT (HS256, Medusa's claims) for a user id,
and optionally give that actor a usage-plan key of its own.

The token is printed once and never stored: the authorizer needs only the signing key. The key
comes from the deployed stack's secret, or is given explicitly (`--secret-file` or the environment
variable XCLADE_JWT_SECRET) for a local stack or a test.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any

import boto3
import jwt
from customer_core.auth.jwt_hs256 import ALGORITHM, MAX_LIFETIME_SECONDS, require_strong_key
from customer_core.domain.clock import iso_millis, utc_now
from customer_core.store.actors import ActorStore
from xclade_api.signing_keys import SigningKeys

from ops import secret_input
from ops.credentials import create_plan_key
from ops.stack import outputs

API = "xclade"
SECRET_ENVIRONMENT = "XCLADE_JWT_SECRET"  # noqa: S105 - a variable name, not a secret  # nosec B105
# Medusa's own admin tokens last one day by default (jwtExpiresIn "1d").
DEFAULT_TTL = timedelta(days=1)


@dataclass(frozen=True)
class MintedToken:
    token: str
    actorId: str
    expiresAt: str
    # The actor's usage-plan key (own, or the shared one). Clients never send it on AWS; a local
    # stack that ignores ApiKeySourceType AUTHORIZER needs it as x-api-key.
    apiKeyId: str | None = None
    apiKeyValue: str | None = None


def claims_for(actor_id: str, *, issued: datetime, ttl: timedelta) -> dict[str, Any]:
    issued_at = int(issued.timestamp())
    return {
        "actor_id": actor_id,
        "actor_type": "user",
        "app_metadata": {"user_id": actor_id},
        "iat": issued_at,
        "exp": issued_at + int(ttl.total_seconds()),
    }


def stack_secret(stack: str) -> str:
    """The current signing key in the stack's secret (xclade_api.signing_keys' format)."""
    secrets: Any = boto3.client("secretsmanager")
    value = secrets.get_secret_value(SecretId=outputs(stack)["XcladeJwtSecretArn"])
    return SigningKeys.from_secret(json.loads(value["SecretString"])).key


def give_own_key(stack: str, actor_id: str) -> tuple[str, str]:
    """A new API key in the per-actor plan, recorded for the authorizer (replaces an older one)."""
    stack_outputs = outputs(stack)
    key_id, key_value = create_plan_key(
        stack_outputs["XcladeUsagePlanId"], name=f"{stack}-{API}-{actor_id}"
    )
    ActorStore(stack_outputs["AuthTableName"]).save_usage_key(API, actor_id, key_value)
    return key_id, key_value


def shared_key(stack: str) -> tuple[str, str]:
    apigateway: Any = boto3.client("apigateway")
    key = apigateway.get_api_key(apiKey=outputs(stack)["XcladeSharedApiKeyId"], includeValue=True)
    return str(key["id"]), str(key["value"])


def mint(
    *, stack: str, actor_id: str, ttl: timedelta, secret: str | None, own_key: bool
) -> MintedToken:
    issued = utc_now()
    # A weak key is refused here as the authorizer would refuse it, before any token is made.
    signing_key = require_strong_key(secret or stack_secret(stack))
    token = jwt.encode(
        claims_for(actor_id, issued=issued, ttl=ttl), signing_key, algorithm=ALGORITHM
    )
    key: tuple[str | None, str | None] = (None, None)
    if own_key:
        key = give_own_key(stack, actor_id)
    elif secret is None:  # a deployed stack: name the key its requests will be counted under
        key = shared_key(stack)
    return MintedToken(token, actor_id, iso_millis(issued + ttl), *key)


def add_token_command(commands: Any) -> None:
    parser = commands.add_parser("token", help="mint an xclade admin JWT for a user id")
    parser.add_argument("--actor-id", required=True, help="the user id (created_by of customers)")
    parser.add_argument(
        "--ttl-seconds",
        type=int,
        default=int(DEFAULT_TTL.total_seconds()),
        help="lifetime of the token (Medusa's default: one day)",
    )
    parser.add_argument(
        "--secret-file",
        metavar="PATH",
        help="read the HS256 key from this file ('-': standard input), e.g. for a local stack; "
        f"default: ${SECRET_ENVIRONMENT}, else the stack's signing key",
    )
    parser.add_argument(
        "--own-usage-key", action="store_true", help="give the actor a usage-plan key of its own"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if not 0 < args.ttl_seconds <= MAX_LIFETIME_SECONDS or not args.actor_id.strip():
        print(
            "--actor-id must not be blank and --ttl-seconds must be 1 to "
            f"{MAX_LIFETIME_SECONDS} (the authorizer refuses longer-lived tokens)",
            file=sys.stderr,
        )
        return 2
    minted = mint(
        stack=args.stack,
        actor_id=args.actor_id,
        ttl=timedelta(seconds=args.ttl_seconds),
        secret=secret_input.read(
            args, "secret", what="signing key", environment=SECRET_ENVIRONMENT, required=False
        ),
        own_key=args.own_usage_key,
    )
    json.dump(asdict(minted), sys.stdout, indent=2)
    print("\nSend it as `Authorization: Bearer <token>`; it is not stored.", file=sys.stderr)
    return 0
