"""Bare authorizer: Axim's `accessToken` header, hashed, one GetItem, an Allow policy."""

from __future__ import annotations

import hashlib
import os
from typing import Any

import boto3

TABLE = os.environ["AUTH_TABLE_NAME"]
client = boto3.client("dynamodb")


def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    headers = {name.lower(): value for name, value in (event.get("headers") or {}).items()}
    token = headers.get("accesstoken", "").removeprefix("Bearer ").strip()
    if not token:
        raise Exception("Unauthorized")  # API Gateway answers 401
    digest = hashlib.sha256(token.encode()).hexdigest()
    item = client.get_item(TableName=TABLE, Key={"pk": {"S": f"TOKEN#axim#{digest}"}}).get("Item")
    if item is None or item.get("revoked", {}).get("BOOL"):
        raise Exception("Unauthorized")
    arn_prefix, _, path = event["methodArn"].partition("/")
    return {
        "principalId": item["principalId"]["S"],
        "policyDocument": {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Action": "execute-api:Invoke",
                    "Effect": "Allow",
                    "Resource": f"{arn_prefix}/{path.split('/', 1)[0]}/*",
                }
            ],
        },
        "context": {"principalId": item["principalId"]["S"]},
    }
