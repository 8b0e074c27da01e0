"""Naive-peer create: Powertools' REST resolver validating a Pydantic model, Logger, Tracer,
Metrics, and a boto3 Table resource: the common way to write Axim's endpoint."""

import os
import secrets
from datetime import UTC, datetime
from typing import Any, Literal

import boto3
from aws_lambda_powertools import Logger, Metrics, Tracer
from aws_lambda_powertools.event_handler import APIGatewayRestResolver, Response, content_types
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.typing import LambdaContext
from pydantic import BaseModel, EmailStr, Field

tracer = Tracer()
logger = Logger()
metrics = Metrics()
app = APIGatewayRestResolver(enable_validation=True)
table = boto3.resource("dynamodb").Table(os.environ["CUSTOMER_TABLE_NAME"])


class Address(BaseModel):
    firstName: str | None = None
    lastName: str | None = None
    phoneNumber: str | None = None
    address1: str | None = None
    address2: str | None = None
    city: str | None = None
    state: str | None = None
    country: str | None = None
    zipcode: str | None = None
    isDefaultAddress: bool | None = None


class MetaField(BaseModel):
    code: str = Field(min_length=1)
    value: Any = None


class CustomerIn(BaseModel):
    firstName: str = Field(min_length=1)
    lastName: str = Field(min_length=1)
    email: EmailStr
    status: Literal["active", "inactive", "pending"]
    phoneNumber: str | None = None
    address: list[Address] | None = None
    company: str | None = Field(default=None, pattern=r"^[0-9a-fA-F]{24}$")
    metaFields: list[MetaField] | None = None
    notes: str | None = None


class CustomerOut(CustomerIn):
    id: str
    createdAt: str
    updatedAt: str


@app.post("/customers")
@tracer.capture_method
def create_customer(customer: CustomerIn) -> Response[dict[str, Any]]:
    now = datetime.now(UTC).isoformat()
    created = CustomerOut(
        **customer.model_dump(), id=secrets.token_hex(12), createdAt=now, updatedAt=now
    )
    try:
        table.put_item(
            Item={
                "pk": "CUSTOMER#bench-peer#store#" + customer.email.strip().lower(),
                "kind": "customer",
                "id": created.id,
                "doc": created.model_dump_json(),
            },
            ConditionExpression="attribute_not_exists(pk)",
        )
    except table.meta.client.exceptions.ConditionalCheckFailedException:
        metrics.add_metric(name="DuplicateEmail", unit=MetricUnit.Count, value=1)
        body = {"success": False, "message": "Email exists"}
        return Response(409, content_types.APPLICATION_JSON, body)
    logger.info("customer created")
    metrics.add_metric(name="CustomerCreated", unit=MetricUnit.Count, value=1)
    body = {"success": True, "message": "Customer created", "data": created.model_dump()}
    return Response(201, content_types.APPLICATION_JSON, body)


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST)
@tracer.capture_lambda_handler
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return app.resolve(event, context)
