"""xclade's REQUEST authorizer: `Authorization: Bearer <JWT>`, Medusa's admin tokens.

The token is an HS256 JWT (secret from Secrets Manager) whose claims name a user actor
(`actor_id`, `actor_type: "user"`). After a rotation (python -m ops xclade rotate-key) tokens
signed with the previous key are still accepted for XCLADE_JWT_KEY_GRACE_SECONDS. A signing key
shorter than 256 bits is refused when loaded: the authorizer fails (API Gateway answers 500)
instead of accepting tokens anyone could forge.

Allows the whole API for that actor (the result is cached by header), passes the actor on as
context and names the actor's usage-plan key: its own when an operator gave it one, else the key
of the shared default plan.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from aws_lambda_powertools.utilities.data_classes.api_gateway_authorizer_event import (
    APIGatewayAuthorizerRequestEvent,
)
from aws_lambda_powertools.utilities.typing import LambdaContext
from customer_core.auth import jwt_hs256
from customer_core.auth.tokens import is_identifier, strip_bearer
from customer_core.domain.clock import utc_now
from customer_core.domain.principal import Principal
from customer_core.http.authorizer import allow_policy, record_acceptance, refuse
from customer_core.observability import observability
from customer_core.settings import AuthorizerSettings, setting
from customer_core.store import aws, secrets
from customer_core.store.actors import ActorStore

from xclade_api import API
from xclade_api.signing_keys import SigningKeys

AUTH_HEADER = "Authorization"
ACTOR_TYPE = "user"


@dataclass(frozen=True)
class Settings(AuthorizerSettings):
    jwt_secret_id: str = setting("XCLADE_JWT_SECRET_ID")
    shared_usage_key: str = setting("XCLADE_SHARED_USAGE_KEY")
    key_grace_seconds: str = setting("XCLADE_JWT_KEY_GRACE_SECONDS")

    @property
    def key_grace(self) -> timedelta:
        """How long after a rotation the previous signing key still verifies tokens."""
        return timedelta(seconds=int(self.key_grace_seconds))


settings = Settings.from_environment()
obs = observability("xclade-authorizer", settings)
actors = ActorStore(settings.auth_table)
aws.clients_at_init("secretsmanager", "dynamodb")


def actor_of(claims: Mapping[str, Any]) -> Principal:
    """The user actor a verified token names; anything else is refused."""
    actor_id = claims.get("actor_id")
    if not isinstance(actor_id, str) or not actor_id.strip():
        refuse(obs, "missing_actor_id")
    if not is_identifier(actor_id):
        refuse(obs, "invalid_actor_id")
    if claims.get("actor_type") != ACTOR_TYPE:
        refuse(obs, "not_a_user")
    return Principal(id=actor_id, name="", type=ACTOR_TYPE)


def signing_keys(now: datetime) -> list[str]:
    """The current key, then the previous one while its grace period lasts. A current key
    shorter than 256 bits, or a secret not in SigningKeys' format, raises; a previous key that
    short is only left out."""
    try:
        stored = SigningKeys.from_secret(secrets.secret_json(settings.jwt_secret_id))
        keys = [jwt_hs256.require_strong_key(stored.key)]
    except (jwt_hs256.WeakKey, secrets.MalformedSecret) as refused:
        obs.logger.error("xclade signing key refused", extra={"reason": str(refused)})
        raise
    previous = stored.previous
    if previous is not None and stored.in_grace(now, settings.key_grace):
        if jwt_hs256.key_bits(previous) >= jwt_hs256.MIN_KEY_BITS:
            keys.append(previous)
        else:
            obs.logger.warning("previous xclade signing key left out: shorter than 256 bits")
    return keys


@obs.handler
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    request = APIGatewayAuthorizerRequestEvent(event)
    token = strip_bearer(request.headers.get(AUTH_HEADER), required=True)
    if token is None:
        refuse(obs, "missing_token")
    now = utc_now()
    # An unreadable or malformed secret, or a weak key, raises here: API Gateway answers 500.
    keys = signing_keys(now)
    try:
        claims = jwt_hs256.verify_with_any(token, keys)
    except jwt_hs256.InvalidToken as invalid:
        refuse(obs, invalid.reason)
    principal = actor_of(claims)
    usage_key = actors.find_usage_key(API, principal.id)
    record_acceptance(obs)
    return allow_policy(
        principal_id=principal.id,
        method_arn=request.method_arn,
        context=principal.to_context(),
        usage_identifier_key=usage_key or settings.shared_usage_key,
    )
