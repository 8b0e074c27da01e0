"""REQUEST authorizer answers: Allow and Deny policies, and the Unauthorized signal."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NoReturn

from customer_core.observability import Observability


def api_wide_resource(method_arn: str) -> str:
    """`arn:...:apiId/stage/*`: the policy covers every route, so a cached result fits them all."""
    arn_prefix, _, path = method_arn.partition("/")
    stage = path.split("/", 1)[0]
    return f"{arn_prefix}/{stage}/*"


def allow_policy(
    *,
    principal_id: str,
    method_arn: str,
    context: Mapping[str, str],
    usage_identifier_key: str | None,
) -> dict[str, Any]:
    response: dict[str, Any] = {
        "principalId": principal_id,
        "policyDocument": _policy_document("Allow", method_arn),
        "context": dict(context),
    }
    if usage_identifier_key:
        response["usageIdentifierKey"] = usage_identifier_key
    return response


def deny_policy(*, principal_id: str, method_arn: str) -> dict[str, Any]:
    """API Gateway answers with its ACCESS_DENIED gateway response (cached like an Allow)."""
    return {"principalId": principal_id, "policyDocument": _policy_document("Deny", method_arn)}


def _policy_document(effect: str, method_arn: str) -> dict[str, Any]:
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Action": "execute-api:Invoke",
                "Effect": effect,
                "Resource": api_wide_resource(method_arn),
            }
        ],
    }


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
