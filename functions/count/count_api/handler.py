"""COUNT `POST /` and `POST /partners/customers`: thin handler (authentication, content type,
body) over the use case."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext
from customer_core.apigw import HttpRequest
from customer_core.errors import StoredResponse
from customer_core.handler_kit import respond
from customer_core.idempotency import claim_for
from customer_core.observability import observability
from customer_core.request_checks import json_body

from count_api import API, errors
from count_api.authentication import authenticate
from count_api.contract import CreateCustomerRequest
from count_api.create_customer import create_customer

obs = observability("count")


def _create(request: HttpRequest) -> StoredResponse:
    client = authenticate(request)
    body = json_body(request, CreateCustomerRequest)
    claim = claim_for(request, api=API, principal=client.client_id)
    return create_customer(body, client.team_id, claim)


@obs.handler
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return respond(event, _create, errors=errors, logger=obs.logger, metrics=obs.metrics)
