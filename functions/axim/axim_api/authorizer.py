"""Axim's REQUEST authorizer: the `accessToken` header, the token as issued or `Bearer <token>`
(Axim's document shows the first and calls it a Bearer Token; no other spelling is taken).

Allows the whole API for the token's principal (the result is cached by token), passes the
principal on as context and names the principal's usage-plan key for throttling.
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.data_classes.api_gateway_authorizer_event import (
    APIGatewayAuthorizerRequestEvent,
)
from aws_lambda_powertools.utilities.typing import LambdaContext
from customer_core.auth.tokens import bearer_credential, token_hash
from customer_core.domain.clock import utc_now
from customer_core.domain.principal import Principal
from customer_core.http.authorizer import allow_policy, record_acceptance, refuse
from customer_core.observability import observability
from customer_core.settings import AuthorizerSettings
from customer_core.store import aws
from customer_core.store.credentials import CredentialStore

from axim_api import API

TOKEN_HEADER = "accessToken"  # noqa: S105 - a header name, not a secret  # nosec B105

settings = AuthorizerSettings.from_environment()
obs = observability("axim-authorizer", settings)
credentials = CredentialStore(settings.auth_table)
aws.clients_at_init("dynamodb")


@obs.handler
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    request = APIGatewayAuthorizerRequestEvent(event)
    token = bearer_credential(request.headers.get(TOKEN_HEADER), required=False)
    if token is None:
        refuse(obs, "missing_token")
    record = credentials.find_token(API, token_hash(token))
    if record is None or record.revoked:
        refuse(obs, "unknown_or_revoked_token")
    if record.expired(utc_now()):
        refuse(obs, "expired_token")
    record_acceptance(obs)
    principal = Principal(
        id=record.principal_id, name=record.principal_name, type=record.principal_type
    )
    return allow_policy(
        principal_id=principal.id,
        method_arn=request.method_arn,
        context=principal.to_context(),
        usage_identifier_key=record.usage_key,
    )
