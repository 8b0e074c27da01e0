"""Use case: create one xclade customer (a guest: `has_account` false), unique by email among
the store's guests, answered with the fields the request selected."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from customer_core.domain.clock import iso_millis, utc_now
from customer_core.domain.errors import StoredResponse
from customer_core.domain.idempotency import IdempotencyClaim
from customer_core.domain.ids import ulid
from customer_core.domain.principal import Principal
from customer_core.store.customers import CustomerStore, NewCustomer

from xclade_api import API, SCOPE, records
from xclade_api.contract import CreateCustomerRequest
from xclade_api.document import Customer

ID_PREFIX = "cus_"


def created_response(customer: Customer, fields: tuple[str, ...]) -> StoredResponse:
    values: Mapping[str, Any] = customer
    body = {"customer": {name: values[name] for name in fields}}
    return StoredResponse.of_json(200, body)


def new_customer(request: CreateCustomerRequest, principal: Principal, now: datetime) -> Customer:
    """The customer a request creates at `now` (also the published contract's example)."""
    timestamp = iso_millis(now)
    return {
        "id": ID_PREFIX + ulid(now),
        "company_name": request.company_name,
        "first_name": request.first_name,
        "last_name": request.last_name,
        "email": request.email,
        "phone": request.phone,
        "metadata": request.metadata,
        "has_account": False,
        "created_by": principal.id,
        "created_at": timestamp,
        "updated_at": timestamp,
        "deleted_at": None,
        "addresses": [],
        "groups": [],
        "default_billing_address_id": None,
        "default_shipping_address_id": None,
    }


def create_customer(
    request: CreateCustomerRequest,
    principal: Principal,
    fields: tuple[str, ...],
    idempotency: IdempotencyClaim | None = None,
    *,
    store: CustomerStore,
) -> StoredResponse:
    now = utc_now()
    customer = new_customer(request, principal, now)
    response = created_response(customer, fields)
    store.create(
        NewCustomer(API, SCOPE, request.email, records.to_attributes(customer)),
        created_at=now,
        idempotency=idempotency,
        response=response,
    )
    return response
