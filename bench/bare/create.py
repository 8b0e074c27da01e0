"""Bare create: hand-written checks of Axim's body, one conditional PutItem keyed on the email."""

from __future__ import annotations

import json
import os
import re
import secrets
from datetime import UTC, datetime
from typing import Any

import boto3
from botocore.exceptions import ClientError

TABLE = os.environ["CUSTOMER_TABLE_NAME"]
STATUSES = {"active", "inactive", "pending"}
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
client = boto3.client("dynamodb")


def _answer(status: int, body: dict[str, Any]) -> dict[str, Any]:
    return {
        "statusCode": status,
        "headers": {"Content-Type": "application/json"},
        "body": json.dumps(body),
    }


def _problems(body: Any) -> list[str]:
    if not isinstance(body, dict):
        return ["body"]
    problems = [
        name
        for name in ("firstName", "lastName", "email")
        if not isinstance(body.get(name), str) or not body[name].strip()
    ]
    if "email" not in problems and not EMAIL.match(body["email"]):
        problems.append("email")
    if body.get("status") not in STATUSES:
        problems.append("status")
    return problems


def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    principal = ((event.get("requestContext") or {}).get("authorizer") or {}).get("principalId")
    if not principal:
        return _answer(401, {"success": False, "message": "Unauthorized"})
    try:
        body = json.loads(event.get("body") or "")
    except ValueError:
        return _answer(400, {"success": False, "message": "Invalid JSON"})
    problems = _problems(body)
    if problems:
        return _answer(400, {"success": False, "message": "Invalid body", "errors": problems})
    now = datetime.now(UTC).isoformat()
    customer = {**body, "id": secrets.token_hex(12), "createdAt": now, "updatedAt": now}
    try:
        client.put_item(
            TableName=TABLE,
            Item={
                "pk": {"S": "CUSTOMER#bench-bare#store#" + body["email"].strip().lower()},
                "kind": {"S": "customer"},
                "id": {"S": customer["id"]},
                "doc": {"S": json.dumps(customer)},
            },
            ConditionExpression="attribute_not_exists(pk)",
        )
    except ClientError as error:
        if error.response["Error"]["Code"] == "ConditionalCheckFailedException":
            return _answer(409, {"success": False, "message": "Email exists"})
        raise
    return _answer(201, {"success": True, "message": "Customer created", "data": customer})
