"""COUNT `POST /` and `POST /partners/customers`: thin handler (authentication, content type,
body) over the use case."""

from __future__ import annotations

from dataclasses import dataclass

from customer_core.domain.errors import StoredResponse
from customer_core.http.checks import claim_for, json_body, json_object_within
from customer_core.http.events import HttpRequest
from customer_core.http.frame import lambda_handler_for
from customer_core.observability import observability
from customer_core.settings import CreateFunctionSettings, setting
from customer_core.store import aws
from customer_core.store.clients import ClientSecrets, ClientStore
from customer_core.store.customers import CustomerStore

from count_api import API
from count_api.authentication import authenticate
from count_api.contract import CreateCustomerRequest
from count_api.create_customer import create_customer
from count_api.errors import ERRORS
from count_api.rules import LIMITS


@dataclass(frozen=True)
class Settings(CreateFunctionSettings):
    # Client secrets live in the credential table.
    auth_table: str = setting("AUTH_TABLE_NAME")
    # The authorizer cache TTL (template parameter CountAuthorizerCacheTtl): the longest a
    # revoked token or disabled client may pass, so also the longest a secret is kept here.
    secret_max_age: str = setting("COUNT_SECRET_MAX_AGE_SECONDS")


settings = Settings.from_environment()
obs = observability("count", settings)
store = CustomerStore(settings.customer_table)
client_secrets = ClientSecrets(
    ClientStore(settings.auth_table), max_age=float(settings.secret_max_age)
)
aws.clients_at_init("dynamodb")

read_body = json_object_within(LIMITS)


def _create(request: HttpRequest) -> StoredResponse:
    client = authenticate(request, secrets=client_secrets)
    body = json_body(request, CreateCustomerRequest, read=read_body)
    claim = claim_for(request, api=API, principal=client.client_id)
    return create_customer(body, client.team_id, claim, signed_by=client.request_mark, store=store)


lambda_handler = lambda_handler_for(_create, errors=ERRORS, obs=obs)
