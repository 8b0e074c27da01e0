"""Use case: create one Axim customer, unique by email within the store."""

from __future__ import annotations

from datetime import datetime

from customer_core.domain.clock import iso_millis, utc_now
from customer_core.domain.errors import StoredResponse
from customer_core.domain.idempotency import IdempotencyClaim
from customer_core.domain.ids import object_id
from customer_core.domain.principal import Principal
from customer_core.store.customers import CustomerStore, NewCustomer

from axim_api import API, SCOPE, records
from axim_api.contract import CreateCustomerRequest
from axim_api.document import CustomerDocument

CREATED_MESSAGE = "Customer created successfully"


def created_response(customer: CustomerDocument) -> StoredResponse:
    """The 201 body (the contract's CreatedBody)."""
    return StoredResponse.of_json(
        201, {"success": True, "message": CREATED_MESSAGE, "data": customer}
    )


def new_customer(
    request: CreateCustomerRequest, principal: Principal, now: datetime, role: str
) -> CustomerDocument:
    """The customer a request creates at `now` (also the published contract's example)."""
    timestamp = iso_millis(now)
    return {
        "id": object_id(now),
        "email": request.email,
        "firstName": request.firstName,
        "lastName": request.lastName,
        "phoneNumber": request.phoneNumber,
        "role": role,
        "company": request.company,
        "status": request.status,
        "verifiedEmail": False,
        "newsletter": False,
        "isB2B": request.company is not None,
        "metaFields": [field.model_dump() for field in request.metaFields or []],
        "createdBy": {"id": principal.id, "name": principal.name, "type": principal.type},
        "createdAt": timestamp,
        "updatedAt": timestamp,
        "address": [address.model_dump() for address in request.address or []],
        "notes": request.notes,
    }


def create_customer(
    request: CreateCustomerRequest,
    principal: Principal,
    idempotency: IdempotencyClaim | None = None,
    *,
    store: CustomerStore,
    default_role_id: str,
) -> StoredResponse:
    now = utc_now()
    customer = new_customer(request, principal, now, default_role_id)
    response = created_response(customer)
    store.create(
        NewCustomer(API, SCOPE, request.email, records.to_attributes(customer)),
        created_at=now,
        idempotency=idempotency,
        response=response,
    )
    return response
