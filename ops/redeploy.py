"""Create a fresh deployment of every REST API stage of a stack.

API Gateway applies gateway-response changes only through a new deployment; CloudFormation may
create the stack's first deployment before the gateway responses exist. Run after `sam deploy`.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

import boto3

from ops.stack import outputs

STAGE = "v1"


def redeploy(stack: str) -> list[str]:
    apigateway: Any = boto3.client("apigateway")
    api_ids = [value for key, value in outputs(stack).items() if key.endswith("ApiId")]
    for api_id in api_ids:
        apigateway.create_deployment(
            restApiId=api_id, stageName=STAGE, description="gateway responses"
        )
    return api_ids


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "redeploy", help="new deployment of each API stage (after sam deploy)"
    )
    parser.set_defaults(run=_run)


def _run(args: argparse.Namespace) -> int:
    for api_id in redeploy(args.stack):
        print(f"redeployed {api_id}/{STAGE}", file=sys.stderr)
    return 0
