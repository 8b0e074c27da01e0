"""Axim `POST /customers`: thin handler (auth context, content type, body) over the use case."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext
from customer_core.apigw import HttpRequest, json_object_body, require_json_content_type
from customer_core.auth import Principal
from customer_core.errors import StoredResponse, Unauthenticated
from customer_core.handler_kit import respond
from customer_core.idempotency import claim_for
from customer_core.observability import observability
from customer_core.validation import parse_model

from axim_api import API, errors
from axim_api.contract import CreateCustomerRequest
from axim_api.create_customer import create_customer

obs = observability("axim")


def _create(request: HttpRequest) -> StoredResponse:
    # The authorizer has already checked the token; a request without its principal did not
    # come through it (a misconfigured route or a direct invoke) and is refused the same way.
    principal = Principal.from_context(request.authorizer)
    if principal is None:
        raise Unauthenticated("missing_principal", errors.UNAUTHORIZED)
    require_json_content_type(request)
    body = parse_model(CreateCustomerRequest, json_object_body(request))
    claim = claim_for(request, api=API, principal=principal.id)
    return create_customer(body, principal, claim)


@obs.handler
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return respond(event, _create, errors=errors, logger=obs.logger, metrics=obs.metrics)
