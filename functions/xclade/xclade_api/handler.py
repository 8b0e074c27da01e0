"""xclade `POST /admin/customers`: thin handler (actor, content type, body, `fields`) over the
use case. Checks run in Medusa's order: authentication, body, then query."""

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

from xclade_api import API, errors, fields
from xclade_api.contract import CreateCustomerRequest
from xclade_api.create_customer import create_customer

obs = observability("xclade")


def _create(request: HttpRequest) -> StoredResponse:
    # The authorizer has already checked the token; a request without its actor did not come
    # through it (a misconfigured route or a direct invoke) and is refused the same way.
    principal = Principal.from_context(request.authorizer)
    if principal is None:
        raise Unauthenticated("missing_principal", errors.UNAUTHORIZED)
    require_json_content_type(request)
    body = parse_model(CreateCustomerRequest, json_object_body(request))
    selected = fields.from_query(request.query)
    claim = claim_for(request, api=API, principal=principal.id)
    return create_customer(body, principal, selected, claim)


@obs.handler
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return respond(event, _create, errors=errors, logger=obs.logger, metrics=obs.metrics)
