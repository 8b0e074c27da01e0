"""xclade `POST /admin/customers`: thin handler (actor, content type, body, `fields`) over the
use case. Checks run in Medusa's order: authentication, body, then query."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext
from customer_core.apigw import HttpRequest
from customer_core.errors import StoredResponse
from customer_core.handler_kit import respond
from customer_core.idempotency import claim_for
from customer_core.observability import observability
from customer_core.request_checks import authorizer_principal, json_body

from xclade_api import API, errors, fields
from xclade_api.contract import CreateCustomerRequest
from xclade_api.create_customer import create_customer

obs = observability("xclade")


def _create(request: HttpRequest) -> StoredResponse:
    principal = authorizer_principal(request)
    body = json_body(request, CreateCustomerRequest)
    selected = fields.from_query(request.query)
    claim = claim_for(request, api=API, principal=principal.id)
    return create_customer(body, principal, selected, claim)


@obs.handler
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return respond(event, _create, errors=errors, logger=obs.logger, metrics=obs.metrics)
