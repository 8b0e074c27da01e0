"""Naive-peer authorizer: Powertools' authorizer event and response classes, a Pydantic model of
the token record, Logger, Tracer, Metrics, and a boto3 Table resource."""

from __future__ import annotations

import hashlib
import os
from typing import Any

import boto3
from aws_lambda_powertools import Logger, Metrics, Tracer
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.data_classes import event_source
from aws_lambda_powertools.utilities.data_classes.api_gateway_authorizer_event import (
    APIGatewayAuthorizerRequestEvent,
    APIGatewayAuthorizerResponse,
)
from aws_lambda_powertools.utilities.typing import LambdaContext
from pydantic import BaseModel

tracer = Tracer()
logger = Logger()
metrics = Metrics()
table = boto3.resource("dynamodb").Table(os.environ["AUTH_TABLE_NAME"])


class TokenRecord(BaseModel):
    principalId: str
    principalName: str
    principalType: str
    usageKey: str | None = None
    revoked: bool = False


@logger.inject_lambda_context
@tracer.capture_lambda_handler
@metrics.log_metrics
@event_source(data_class=APIGatewayAuthorizerRequestEvent)
def lambda_handler(event: APIGatewayAuthorizerRequestEvent, context: LambdaContext) -> Any:
    token = (event.headers.get("accessToken") or "").removeprefix("Bearer ").strip()
    if not token:
        raise Exception("Unauthorized")  # API Gateway answers 401
    digest = hashlib.sha256(token.encode()).hexdigest()
    item = table.get_item(Key={"pk": f"TOKEN#axim#{digest}"}).get("Item")
    if item is None:
        raise Exception("Unauthorized")
    record = TokenRecord.model_validate(item)
    if record.revoked:
        raise Exception("Unauthorized")
    arn = event.parsed_arn
    policy = APIGatewayAuthorizerResponse(
        principal_id=record.principalId,
        region=arn.region,
        aws_account_id=arn.aws_account_id,
        api_id=arn.api_id,
        stage=arn.stage,
        context={"principalId": record.principalId, "principalName": record.principalName},
        usage_identifier_key=record.usageKey,
    )
    policy.allow_all_routes()
    metrics.add_metric(name="TokenAccepted", unit=MetricUnit.Count, value=1)
    return policy.asdict()
