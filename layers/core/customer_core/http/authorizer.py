"""REQUEST authorizer answers: Allow and Deny policies (Powertools' APIGatewayAuthorizerResponse),
and the Unauthorized signal."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NoReturn

from aws_lambda_powertools.utilities.data_classes.api_gateway_authorizer_event import (
    APIGatewayAuthorizerResponse,
)

from customer_core.observability import Observability


def allow_policy(
    *,
    principal_id: str,
    method_arn: str,
    context: Mapping[str, str],
    usage_identifier_key: str | None,
) -> dict[str, Any]:
    """Allow every route of the stage (a cached result then fits them all), with the context the
    function reads and the usage-plan key that throttles the caller."""
    policy = APIGatewayAuthorizerResponse.from_route_arn(
        method_arn, principal_id, dict(context), usage_identifier_key
    )
    policy.allow_all_routes()
    return policy.asdict()


def deny_policy(*, principal_id: str, method_arn: str) -> dict[str, Any]:
    """API Gateway answers with its ACCESS_DENIED gateway response (cached like an Allow)."""
    policy = APIGatewayAuthorizerResponse.from_route_arn(method_arn, principal_id)
    policy.deny_all_routes()
    return policy.asdict()


class Unauthorized(Exception):
    """Raised by an authorizer: API Gateway answers 401 (its UNAUTHORIZED gateway response)."""

    def __init__(self) -> None:
        super().__init__("Unauthorized")


def refuse(obs: Observability, reason: str) -> NoReturn:
    """Refuse with API Gateway's 401 (UNAUTHORIZED gateway response), logged and counted."""
    record_refusal(obs, reason)
    raise Unauthorized


def record_refusal(obs: Observability, reason: str) -> None:
    """A refused credential, whatever the API: logged at INFO with its reason, counted."""
    obs.logger.info("credential refused", extra={"outcome": "TokenRefused", "reason": reason})
    obs.count("TokenRefused")


def record_acceptance(obs: Observability) -> None:
    obs.count("TokenAccepted")
