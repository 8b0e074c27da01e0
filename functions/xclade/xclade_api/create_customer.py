"""Use case: create one xclade customer (a guest: `has_account` false), unique by email among
the store's guests, answered with the fields the request selected."""

from __future__ import annotations

import json

from customer_core import customer_store
from customer_core.auth import Principal
from customer_core.clock import iso_millis, utc_now
from customer_core.errors import DuplicateEmail, StoredResponse
from customer_core.idempotency import IdempotencyClaim
from customer_core.ids import ulid

from xclade_api import API, SCOPE, records
from xclade_api.contract import CreateCustomerRequest, Customer
from xclade_api.errors import DuplicateCustomer

ID_PREFIX = "cus_"


def created_response(customer: Customer, fields: tuple[str, ...]) -> StoredResponse:
    selected = customer.model_dump(mode="json", include=set(fields))
    body = {"customer": {name: selected[name] for name in fields}}
    return StoredResponse(200, json.dumps(body, separators=(",", ":"), ensure_ascii=False))


def create_customer(
    request: CreateCustomerRequest,
    principal: Principal,
    fields: tuple[str, ...],
    idempotency: IdempotencyClaim | None = None,
) -> StoredResponse:
    now = utc_now()
    timestamp = iso_millis(now)
    customer = Customer(
        id=ID_PREFIX + ulid(now),
        company_name=request.company_name,
        first_name=request.first_name,
        last_name=request.last_name,
        email=request.email,
        phone=request.phone,
        metadata=request.metadata,
        has_account=False,
        created_by=principal.id,
        created_at=timestamp,
        updated_at=timestamp,
        deleted_at=None,
        addresses=[],
        groups=[],
        default_billing_address_id=None,
        default_shipping_address_id=None,
    )
    response = created_response(customer, fields)
    key = customer_store.customer_key(API, SCOPE, request.email)
    attributes = records.to_attributes(customer)
    try:
        customer_store.create_customer(
            key=key,
            attributes=attributes,
            created_at=now,
            idempotency=idempotency,
            response=response,
        )
    except DuplicateEmail as duplicate:
        raise DuplicateCustomer(request.email) from duplicate
    return response
