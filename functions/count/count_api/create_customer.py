"""Use case: create one COUNT customer, unique by email within the access token's team, marked
with the signed request that creates it (a copy of that request is refused by the same write)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from customer_core.domain.clock import iso_millis, utc_now
from customer_core.domain.errors import StoredResponse, Unauthenticated
from customer_core.domain.idempotency import IdempotencyClaim
from customer_core.domain.ids import uuid4
from customer_core.store.customers import CustomerStore, NewCustomer
from customer_core.store.replays import RequestReplayed

from count_api import API, records
from count_api.codes import REPLAYED_REQUEST
from count_api.contract import ContactInput, CreateCustomerRequest
from count_api.document import Contact, CustomerDocument

CREATED_MESSAGE = "Customer created successfully"


def created_response(customer: CustomerDocument) -> StoredResponse:
    """The 201 body (the contract's CreatedBody)."""
    body = {"status": "success", "message": CREATED_MESSAGE, "data": customer}
    return StoredResponse.of_json(201, body)


def _contact(contact: ContactInput) -> Contact:
    return {
        "id": uuid4(),
        "firstName": contact.firstName,
        "lastName": contact.lastName,
        "email": contact.email,
        "phone": contact.phone,
        "isPrimary": bool(contact.isPrimary),
    }


def _address(address: Any) -> dict[str, Any] | None:
    return None if address is None else address.model_dump()


def new_customer(request: CreateCustomerRequest, now: datetime) -> CustomerDocument:
    """The customer a request creates at `now` (also the published contract's example)."""
    timestamp = iso_millis(now)
    return {
        "id": uuid4(),
        "customer": request.customer,
        "email": request.email,
        "mainPhone": request.mainPhone,
        "website": request.website,
        "status": request.status,  # the contract's default applied by the validator
        "billingAddress": _address(request.billingAddress),
        "shippingAddress": _address(request.shippingAddress),
        "contacts": [_contact(contact) for contact in request.contacts or []],
        "createdAt": timestamp,
        "updatedAt": timestamp,
    }


def create_customer(
    request: CreateCustomerRequest,
    team_id: str,
    idempotency: IdempotencyClaim | None = None,
    *,
    signed_by: bytes,
    store: CustomerStore,
) -> StoredResponse:
    """`signed_by`: the request's mark (customer_core.store.replays.request_mark)."""
    now = utc_now()
    customer = new_customer(request, now)
    response = created_response(customer)
    attributes = records.to_attributes(customer, team_id)
    try:
        store.create(
            NewCustomer(API, team_id, request.email, attributes, signed_by=signed_by),
            created_at=now,
            idempotency=idempotency,
            response=response,
        )
    except RequestReplayed as replayed:
        raise Unauthenticated(REPLAYED_REQUEST) from replayed
    return response
