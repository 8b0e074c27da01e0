"""`python -m ops xclade rotate-key`: replace the HS256 key that signs and verifies xclade's admin
JWTs, keeping the previous one valid for the stack's grace period.

The secret's new value (xclade_api.signing_keys) holds the new key, the one it replaces and the
time of the rotation; the authorizer accepts tokens signed with either until the grace period
(XcladeJwtKeyGraceSeconds, counted from that time) ends. The key before the replaced one is
dropped. The authorizer reads the secret at most every 5 minutes, so wait that long before
Medusa signs with the new key. The key is
generated (and printed once, for Medusa's JWT_SECRET) unless one is given on standard input,
e.g. the value your Medusa already uses; either way it must have at least 256 bits.
"""

from __future__ import annotations

import argparse
import json
import secrets
import sys
from dataclasses import asdict, dataclass
from datetime import timedelta
from typing import Any

import boto3
from customer_core.auth.jwt_hs256 import require_strong_key
from customer_core.domain.clock import iso_millis, utc_now
from xclade_api.signing_keys import SigningKeys

from ops.stack import outputs

# 48 random bytes, URL-safe: 64 characters, 384 bits.
GENERATED_KEY_BYTES = 48


@dataclass(frozen=True)
class RotatedKey:
    secretArn: str
    versionId: str
    previousKeyValidUntil: str
    # Only a generated key is shown (once); one given on standard input is not echoed.
    signingKey: str | None


def rotate_key(*, stack: str, key: str | None) -> RotatedKey:
    generated = key is None
    key = require_strong_key(secrets.token_urlsafe(GENERATED_KEY_BYTES) if key is None else key)
    stack_outputs = outputs(stack)
    secret_arn = stack_outputs["XcladeJwtSecretArn"]
    grace = timedelta(seconds=int(stack_outputs["XcladeJwtKeyGraceSeconds"]))
    client: Any = boto3.client("secretsmanager")
    stored = json.loads(client.get_secret_value(SecretId=secret_arn)["SecretString"])
    now = utc_now()
    rotated = SigningKeys.from_secret(stored).rotated(key, at=now)
    version = client.put_secret_value(SecretId=secret_arn, SecretString=rotated.to_secret())
    return RotatedKey(
        secretArn=secret_arn,
        versionId=str(version["VersionId"]),
        previousKeyValidUntil=iso_millis(now + grace),
        signingKey=key if generated else None,
    )


def add_rotate_command(commands: Any) -> None:
    parser = commands.add_parser(
        "rotate-key", help="new JWT signing key; the previous one stays valid for the grace period"
    )
    parser.add_argument(
        "--key-from-stdin",
        action="store_true",
        help="read the new key (e.g. your Medusa's JWT_SECRET) from standard input",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    key = sys.stdin.read().strip() if args.key_from_stdin else None
    rotated = rotate_key(stack=args.stack, key=key)
    json.dump(asdict(rotated), sys.stdout, indent=2)
    print(
        "\nThe authorizer takes the new key within 5 minutes; tokens signed with the previous one"
        f" are accepted until {rotated.previousKeyValidUntil}.",
        file=sys.stderr,
    )
    return 0
