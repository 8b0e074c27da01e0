"""Axim `POST /customers`: thin handler (auth context, content type, body) over the use case."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext
from customer_core.apigw import HttpRequest
from customer_core.errors import StoredResponse
from customer_core.handler_kit import respond
from customer_core.idempotency import claim_for
from customer_core.observability import observability
from customer_core.request_checks import authorizer_principal, json_body

from axim_api import API, errors
from axim_api.contract import CreateCustomerRequest
from axim_api.create_customer import create_customer

obs = observability("axim")


def _create(request: HttpRequest) -> StoredResponse:
    principal = authorizer_principal(request)
    body = json_body(request, CreateCustomerRequest)
    claim = claim_for(request, api=API, principal=principal.id)
    return create_customer(body, principal, claim)


@obs.handler
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return respond(event, _create, errors=errors, logger=obs.logger, metrics=obs.metrics)
