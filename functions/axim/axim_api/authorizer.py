"""Axim's REQUEST authorizer: the `accessToken` header (raw, or with a `Bearer ` prefix).

Allows the whole API for the token's principal (the result is cached by token), passes the
principal on as context and names the principal's usage-plan key for throttling.
"""

from __future__ import annotations

from typing import Any, NoReturn

from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.typing import LambdaContext
from customer_core import credential_store
from customer_core.apigw import Unauthorized, allow_policy, parse_event
from customer_core.auth import Principal, strip_bearer, token_hash
from customer_core.observability import observability

from axim_api import API

TOKEN_HEADER = "accessToken"  # noqa: S105 - a header name, not a secret

obs = observability("axim-authorizer")


def _refuse(reason: str) -> NoReturn:
    obs.logger.info("refused", extra={"reason": reason})
    obs.metrics.add_metric(name="TokenRefused", unit=MetricUnit.Count, value=1)
    raise Unauthorized


@obs.handler
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    token = strip_bearer(parse_event(event).header(TOKEN_HEADER), required=False)
    if token is None:
        _refuse("missing_token")
    record = credential_store.find_token(API, token_hash(token))
    if record is None or record.revoked:
        _refuse("unknown_or_revoked_token")
    obs.metrics.add_metric(name="TokenAccepted", unit=MetricUnit.Count, value=1)
    principal = Principal(
        id=record.principal_id, name=record.principal_name, type=record.principal_type
    )
    return allow_policy(
        principal_id=principal.id,
        method_arn=str(event["methodArn"]),
        context=principal.to_context(),
        usage_identifier_key=record.usage_key,
    )
