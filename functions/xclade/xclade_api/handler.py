"""xclade `POST /admin/customers`: thin handler (actor, body, `fields`) over the use case.
Checks run in Medusa's order (packages/medusa/src/api/admin/customers/middlewares.ts):
authentication, body, then query."""

from __future__ import annotations

from customer_core.domain.errors import StoredResponse
from customer_core.http.checks import authorizer_principal, claim_for, json_body
from customer_core.http.events import HttpRequest
from customer_core.http.frame import lambda_handler_for
from customer_core.observability import observability
from customer_core.settings import CreateFunctionSettings
from customer_core.store import aws
from customer_core.store.customers import CustomerStore

from xclade_api import API, fields
from xclade_api.body import medusa_body
from xclade_api.contract import CreateCustomerRequest
from xclade_api.create_customer import create_customer
from xclade_api.errors import ERRORS

settings = CreateFunctionSettings.from_environment()
obs = observability("xclade", settings)
store = CustomerStore(settings.customer_table)
aws.clients_at_init("dynamodb")


def _create(request: HttpRequest) -> StoredResponse:
    principal = authorizer_principal(request)
    body = json_body(request, CreateCustomerRequest, read=medusa_body)
    selected = fields.from_query(request.query)
    claim = claim_for(request, api=API, principal=principal.id)
    return create_customer(body, principal, selected, claim, store=store)


lambda_handler = lambda_handler_for(_create, errors=ERRORS, obs=obs)
