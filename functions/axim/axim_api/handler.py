"""Axim `POST /customers`: thin handler (auth context, content type, body) over the use case."""

from __future__ import annotations

from dataclasses import dataclass

from customer_core.domain.errors import StoredResponse
from customer_core.http.checks import (
    authorizer_principal,
    claim_for,
    json_body,
    json_object_within,
)
from customer_core.http.events import HttpRequest
from customer_core.http.frame import lambda_handler_for
from customer_core.observability import observability
from customer_core.settings import CreateFunctionSettings, setting
from customer_core.store import aws
from customer_core.store.customers import CustomerStore

from axim_api import API
from axim_api.contract import CreateCustomerRequest
from axim_api.create_customer import create_customer
from axim_api.errors import ERRORS
from axim_api.rules import LIMITS


@dataclass(frozen=True)
class Settings(CreateFunctionSettings):
    default_role_id: str = setting("AXIM_DEFAULT_ROLE_ID")


settings = Settings.from_environment()
obs = observability("axim", settings)
store = CustomerStore(settings.customer_table)
aws.clients_at_init("dynamodb")

read_body = json_object_within(LIMITS)


def _create(request: HttpRequest) -> StoredResponse:
    principal = authorizer_principal(request)
    body = json_body(request, CreateCustomerRequest, read=read_body)
    claim = claim_for(request, api=API, principal=principal.id)
    return create_customer(
        body, principal, claim, store=store, default_role_id=settings.default_role_id
    )


lambda_handler = lambda_handler_for(_create, errors=ERRORS, obs=obs)
