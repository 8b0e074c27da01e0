"""Use case: create one COUNT customer, unique by email within the access token's team."""

from __future__ import annotations

from datetime import datetime

from customer_core.domain.clock import iso_millis, utc_now
from customer_core.domain.errors import StoredResponse
from customer_core.domain.idempotency import IdempotencyClaim
from customer_core.domain.ids import uuid4
from customer_core.store.customers import CustomerStore, NewCustomer

from count_api import API, records
from count_api.contract import (
    DEFAULT_STATUS,
    Contact,
    ContactInput,
    CreateCustomerRequest,
    CreatedBody,
    CustomerData,
)

CREATED_MESSAGE = "Customer created successfully"


def created_response(customer: CustomerData) -> StoredResponse:
    body = CreatedBody(status="success", message=CREATED_MESSAGE, data=customer)
    return StoredResponse.of_json(201, body.model_dump(mode="json"))


def _contact(contact: ContactInput) -> Contact:
    return Contact(
        id=uuid4(),
        firstName=contact.firstName,
        lastName=contact.lastName,
        email=contact.email,
        phone=contact.phone,
        isPrimary=bool(contact.isPrimary),
    )


def new_customer(request: CreateCustomerRequest, now: datetime) -> CustomerData:
    """The customer a request creates at `now` (also the published contract's example)."""
    timestamp = iso_millis(now)
    return CustomerData(
        id=uuid4(),
        customer=request.customer,
        email=request.email,
        mainPhone=request.mainPhone,
        website=request.website,
        status=request.status or DEFAULT_STATUS,
        billingAddress=request.billingAddress,
        shippingAddress=request.shippingAddress,
        contacts=[_contact(contact) for contact in request.contacts or []],
        createdAt=timestamp,
        updatedAt=timestamp,
    )


def create_customer(
    request: CreateCustomerRequest,
    team_id: str,
    idempotency: IdempotencyClaim | None = None,
    *,
    store: CustomerStore,
) -> StoredResponse:
    now = utc_now()
    customer = new_customer(request, now)
    response = created_response(customer)
    store.create(
        NewCustomer(API, team_id, request.email, records.to_attributes(customer, team_id)),
        created_at=now,
        idempotency=idempotency,
        response=response,
    )
    return response
