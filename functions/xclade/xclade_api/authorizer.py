"""xclade's REQUEST authorizer: `Authorization: Bearer <JWT>`, Medusa's admin tokens.

The token is an HS256 JWT (secret from Secrets Manager) whose claims name a user actor
(`actor_id`, `actor_type: "user"`). Allows the whole API for that actor (the result is cached
by header), passes the actor on as context and names the actor's usage-plan key: its own when
an operator gave it one, else the key of the shared default plan.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any, NoReturn

from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.typing import LambdaContext
from customer_core import actor_store, jwt_hs256, secret_store
from customer_core.apigw import Unauthorized, allow_policy, parse_event
from customer_core.auth import Principal, strip_bearer
from customer_core.clock import utc_now
from customer_core.observability import observability

from xclade_api import API

AUTH_HEADER = "Authorization"
ACTOR_TYPE = "user"
SECRET_VARIABLE = "XCLADE_JWT_SECRET_ID"  # noqa: S105 - the variable naming the secret
SHARED_USAGE_KEY_VARIABLE = "XCLADE_SHARED_USAGE_KEY"

obs = observability("xclade-authorizer")


def _refuse(reason: str) -> NoReturn:
    obs.logger.info("refused", extra={"reason": reason})
    obs.metrics.add_metric(name="TokenRefused", unit=MetricUnit.Count, value=1)
    raise Unauthorized


def actor_of(claims: Mapping[str, Any]) -> Principal:
    """The user actor a verified token names; anything else is refused."""
    actor_id = claims.get("actor_id")
    if not isinstance(actor_id, str) or not actor_id.strip():
        _refuse("missing_actor_id")
    if claims.get("actor_type") != ACTOR_TYPE:
        _refuse("not_a_user")
    return Principal(id=actor_id, name="", type=ACTOR_TYPE)


@obs.handler
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    token = strip_bearer(parse_event(event).header(AUTH_HEADER), required=True)
    if token is None:
        _refuse("missing_token")
    # Misconfiguration or an unreadable secret raises here: API Gateway answers 500, not 401.
    secret = secret_store.secret_string(os.environ[SECRET_VARIABLE])
    try:
        claims = jwt_hs256.verify(token, secret, now=utc_now())
    except jwt_hs256.InvalidToken as invalid:
        _refuse(invalid.reason)
    principal = actor_of(claims)
    usage_key = actor_store.find_usage_key(API, principal.id)
    obs.metrics.add_metric(name="TokenAccepted", unit=MetricUnit.Count, value=1)
    return allow_policy(
        principal_id=principal.id,
        method_arn=str(event["methodArn"]),
        context=principal.to_context(),
        usage_identifier_key=usage_key or os.environ[SHARED_USAGE_KEY_VARIABLE],
    )
