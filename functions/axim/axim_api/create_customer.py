"""Use case: create one Axim customer, unique by email within the store."""

from __future__ import annotations

import json
import os

from customer_core import customer_store
from customer_core.auth import Principal
from customer_core.clock import iso_millis, utc_now
from customer_core.errors import StoredResponse
from customer_core.idempotency import IdempotencyClaim
from customer_core.ids import object_id

from axim_api import API, SCOPE, records
from axim_api.contract import CreateCustomerRequest, CreatedBy, CustomerData

DEFAULT_ROLE_VARIABLE = "AXIM_DEFAULT_ROLE_ID"
CREATED_MESSAGE = "Customer created successfully"


def created_response(customer: CustomerData) -> StoredResponse:
    body = {"success": True, "message": CREATED_MESSAGE, "data": customer.model_dump(mode="json")}
    return StoredResponse(201, json.dumps(body, separators=(",", ":"), ensure_ascii=False))


def create_customer(
    request: CreateCustomerRequest,
    principal: Principal,
    idempotency: IdempotencyClaim | None = None,
) -> StoredResponse:
    now = utc_now()
    timestamp = iso_millis(now)
    customer = CustomerData(
        id=object_id(now),
        email=request.email,
        firstName=request.firstName,
        lastName=request.lastName,
        phoneNumber=request.phoneNumber,
        role=os.environ[DEFAULT_ROLE_VARIABLE],
        company=request.company,
        status=request.status,
        verifiedEmail=False,
        newsletter=False,
        isB2B=request.company is not None,
        metaFields=request.metaFields or [],
        createdBy=CreatedBy(id=principal.id, name=principal.name, type=principal.type),
        createdAt=timestamp,
        updatedAt=timestamp,
        address=request.address or [],
        notes=request.notes,
    )
    response = created_response(customer)
    customer_store.create_customer(
        key=customer_store.customer_key(API, SCOPE, request.email),
        attributes=records.to_attributes(customer),
        created_at=now,
        idempotency=idempotency,
        response=response,
    )
    return response
