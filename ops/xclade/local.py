"""xclade's credentials outside AWS: the key that signed the fixtures' JWTs (seeded into a test
or bench store), the local stack's demo actor and its token, and a fixture whose JWT is signed
anew with the local stack's key."""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from typing import Any

import jwt
from customer_core.auth import jwt_hs256

from ops.facts import Entry, Event, Prepared
from ops.local.fixtures import header, set_header
from ops.local.provision import DeployedApi, deployed_throttle, plan_holding_key
from ops.xclade import tokens

# The key that signed the JWTs in events/xclade/*.json, and the actor they name.
FIXTURE_SECRET = "xclade-fixture-secret-3f9a7c1e5b2d4c6e8a0b1d3f5a7c9e1b"  # noqa: S105 - a fixture's  # nosec B105
FIXTURE_ACTOR = "user_01JD5XCLADEDEMO00000000000"
SECRET_ID_VARIABLE = "XCLADE_JWT_SECRET_ID"  # noqa: S105 - a variable name  # nosec B105
# The local stack's demo admin user: on the shared usage plan, as every actor without a key of
# its own.
DEMO_ACTOR = "user_local_demo"


def fixture_secret_string(key: str = FIXTURE_SECRET) -> str:
    """The secret's value as the stack generates it (xclade_api/signing_keys.py)."""
    from xclade_api.signing_keys import SigningKeys

    return SigningKeys(key).to_secret()


def token(secret: str = FIXTURE_SECRET, **claims: Any) -> str:
    """A token valid for an hour unless `claims` say otherwise (None removes a claim)."""
    now = int(datetime.now(UTC).timestamp())
    base: dict[str, Any] = {
        "actor_id": FIXTURE_ACTOR,
        "actor_type": "user",
        "iat": now,
        "exp": now + 3600,
    }
    base.update(claims)
    return jwt.encode(
        {k: v for k, v in base.items() if v is not None}, secret, algorithm=jwt_hs256.ALGORITHM
    )


def current(event: Event) -> Event:
    """The sample as valid now: the fixture token outlives the longest lifetime the authorizer
    accepts, so it is signed anew (valid for an hour)."""
    if "Authorization" not in event["headers"]:
        return event
    return {**event, "headers": {**event["headers"], "Authorization": f"Bearer {token()}"}}


def provision(api: DeployedApi) -> Entry:
    """A day-long admin JWT for the demo actor, signed with the key in the stack's secret. The
    actor has no key of its own, so the authorizer names the shared plan's key: that is the
    x-api-key MiniStack needs."""
    minted = tokens.mint(
        stack=api.stack, actor_id=DEMO_ACTOR, ttl=tokens.DEFAULT_TTL, secret=None, own_key=False
    )
    shared_plan = plan_holding_key(api.api_id, api.outputs["XcladeSharedApiKeyId"])
    return {
        "headers": {"Authorization": f"Bearer {minted.token}", "x-api-key": minted.apiKeyValue},
        "jwtSecret": tokens.stack_secret(api.stack),
        "actorId": minted.actorId,
        "expiresAt": minted.expiresAt,
        # `throttle` is the per-actor plan (actors given --own-usage-key); the demo actor is here:
        "sharedThrottle": deployed_throttle(shared_plan) if shared_plan else None,
    }


def for_local_stack(event: Event, entry: Entry) -> Prepared:
    """The JWT re-signed with the local stack's key only if the fixture key signed it; its claims
    kept (an expired token stays expired)."""
    authorization = header(event, "Authorization") or ""
    scheme, _, bearer = authorization.partition(" ")
    local = copy.deepcopy(event)
    claims = _claims_signed_by(bearer, FIXTURE_SECRET)
    if claims is not None:
        claims = _current(claims)
        bearer = jwt.encode(claims, entry["jwtSecret"], algorithm=jwt_hs256.ALGORITHM)
        set_header(local, "Authorization", f"{scheme} {bearer}")
    return local, lambda prepared: prepared


def _claims_signed_by(bearer: str, secret: str) -> dict[str, Any] | None:
    """The token's claims if `secret` signed it, whatever its times say."""
    try:
        return jwt.decode(
            bearer,
            secret,
            algorithms=[jwt_hs256.ALGORITHM],
            options={"verify_exp": False, "verify_nbf": False, "verify_iat": False},
        )
    except jwt.InvalidTokenError:
        return None


def _current(claims: dict[str, Any]) -> dict[str, Any]:
    """A token still valid today is issued now, for its own lifetime up to the authorizer's
    maximum (a fixture's token cannot stay valid for ever and within a bounded lifetime); an
    expired one keeps its times and stays expired."""
    now = int(datetime.now(UTC).timestamp())
    expires, issued = claims.get("exp"), claims.get("iat", now)
    if not isinstance(expires, int) or not isinstance(issued, int) or expires <= now:
        return claims
    lifetime = min(expires - issued, jwt_hs256.MAX_LIFETIME_SECONDS)
    return {**claims, "iat": now, "exp": now + lifetime}
