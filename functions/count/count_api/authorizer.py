"""COUNT's REQUEST authorizer: identifies the client (`x-client-id`) and judges its access token
(`Authorization: Bearer …`). It cannot see the body, so the signature is checked by the function.

- a missing identity header: raise Unauthorized → gateway response UNAUTHORIZED, 401
  MISSING_CREDENTIALS (on AWS the gateway answers so without calling us);
- an unknown client: Deny → gateway response ACCESS_DENIED, 401 UNKNOWN_CLIENT;
- a known client: Allow, passing the token's verdict (VALID or the 401 code) for the function to
  answer precisely: gateway responses cannot show an authorizer's context everywhere (MiniStack
  leaves `$context.authorizer.*` unsubstituted), a function response can. The client's own
  usage-plan key is named only when its token checks out; a refused token is throttled under
  the shared key of refused requests (COUNT_REFUSED_USAGE_KEY), so nobody can spend another
  client's rate limit by naming its id.
- a client id that is not the shape of one we issue: unknown (Deny) without a lookup.

Both identity headers are the cache key, so a cached verdict is always about the same pair.
The client and the token are read together, in one store round trip and as they are now (no
copy kept in memory), so a disable or a revoke is in force within the cache TTL.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from aws_lambda_powertools.utilities.data_classes.api_gateway_authorizer_event import (
    APIGatewayAuthorizerRequestEvent,
)
from aws_lambda_powertools.utilities.typing import LambdaContext
from customer_core.auth.tokens import bearer_credential, is_identifier, token_hash
from customer_core.domain.clock import utc_now
from customer_core.domain.principal import Principal
from customer_core.http.authorizer import (
    allow_policy,
    deny_policy,
    record_acceptance,
    record_refusal,
    refuse,
)
from customer_core.observability import observability
from customer_core.settings import AuthorizerSettings, setting
from customer_core.store import aws
from customer_core.store.clients import ClientRecord, ClientStore
from customer_core.store.credentials import TokenRecord

from count_api import API
from count_api.codes import (
    CLIENT_NOT_ENABLED,
    INVALID_TOKEN,
    TOKEN_CLIENT_MISMATCH,
    TOKEN_EXPIRED,
    TOKEN_REVOKED,
    TOKEN_STATUS,
    TOKEN_VALID,
)
from count_api.count_signature import AUTHORIZATION_HEADER, CLIENT_ID_HEADER

PRINCIPAL_TYPE = "api_client"


@dataclass(frozen=True)
class Settings(AuthorizerSettings):
    refused_usage_key: str = setting("COUNT_REFUSED_USAGE_KEY")


settings = Settings.from_environment()
obs = observability("count-authorizer", settings)
clients = ClientStore(settings.auth_table)
aws.clients_at_init("dynamodb")


def client_and_token(
    client_id: str, token: str | None
) -> tuple[ClientRecord | None, TokenRecord | None]:
    """The client (None if unknown) and its token's record, in one store call."""
    if not is_identifier(client_id):
        return None, None
    if token is None:
        return clients.find_client(API, client_id), None
    return clients.find_client_and_token(API, client_id, token_hash(token))


def token_verdict(
    client_id: str, token: str | None, record: TokenRecord | None
) -> tuple[str, str | None]:
    """(VALID or the 401 code, the token's team when valid)."""
    if token is None or record is None:
        return INVALID_TOKEN, None
    if record.client_id != client_id:
        return TOKEN_CLIENT_MISMATCH, None
    if record.revoked:
        return TOKEN_REVOKED, None
    if record.expired(utc_now()):
        return TOKEN_EXPIRED, None
    if not record.team_id:
        return INVALID_TOKEN, None
    return TOKEN_VALID, record.team_id


def identity_headers(request: APIGatewayAuthorizerRequestEvent) -> tuple[str, str]:
    """`x-client-id` and `Authorization` as sent: each credential has one spelling (no trimming;
    a padded id is not an id we issue, a padded token not `Bearer <token>`)."""
    return (
        request.headers.get(CLIENT_ID_HEADER) or "",
        request.headers.get(AUTHORIZATION_HEADER) or "",
    )


@obs.handler
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    request = APIGatewayAuthorizerRequestEvent(event)
    client_id, authorization = identity_headers(request)
    if not client_id.strip() or not authorization.strip():
        refuse(obs, "missing_credentials")
    method_arn = request.method_arn
    token = bearer_credential(authorization, required=True)
    client, token_record = client_and_token(client_id, token)
    if client is None:
        record_refusal(obs, "unknown_client")
        return deny_policy(principal_id="unknown-client", method_arn=method_arn)
    # A disabled client is answered like one without a usage-plan key (its key is disabled too,
    # so on AWS the gateway refuses it even while an earlier verdict is cached).
    verdict, team_id = (
        (CLIENT_NOT_ENABLED, None)
        if client.disabled
        else token_verdict(client_id, token, token_record)
    )
    obs.logger.info("client identified", extra={"client_id": client_id, "token": verdict})
    if verdict == TOKEN_VALID:
        record_acceptance(obs)
    else:
        record_refusal(obs, verdict)
    principal = Principal(
        id=client_id, name=client.name, type=PRINCIPAL_TYPE, team_id=team_id, client_id=client_id
    )
    return allow_policy(
        principal_id=client_id,
        method_arn=method_arn,
        context={**principal.to_context(), TOKEN_STATUS: verdict},
        usage_identifier_key=client.usage_key
        if verdict == TOKEN_VALID
        else settings.refused_usage_key,
    )
