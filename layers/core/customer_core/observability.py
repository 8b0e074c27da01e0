"""Logger, Tracer and Metrics for a function, with the API Gateway request id as correlation id.

Personal data never reaches the logs: the formatter masks anything shaped like an email address
or a phone number in every logged string, whatever code logged it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from aws_lambda_powertools import Logger, Metrics, Tracer
from aws_lambda_powertools.logging.formatter import LambdaPowertoolsFormatter

_EMAIL = re.compile(r"[^\s@\"'<>(),;:]+@[^\s@\"'<>(),;:]+")
# Seven or more digits, possibly separated by spaces, dots, dashes or brackets, optional `+`.
_PHONE = re.compile(r"\+?\d[\d\s().-]{5,}\d")

CORRELATION_ID_PATH = "requestContext.requestId"


def redact(value: Any) -> Any:
    if isinstance(value, str):
        return _PHONE.sub("[phone]", _EMAIL.sub("[email]", value))
    if isinstance(value, dict):
        return {key: redact(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [redact(item) for item in value]
    return value


class RedactingFormatter(LambdaPowertoolsFormatter):
    def serialize(self, log: Any) -> str:
        return super().serialize(_redact_log(log))


def _redact_log(log: dict[str, Any]) -> dict[str, Any]:
    # Request ids, timestamps and ARNs are ours, not personal data: keep them readable.
    keep = {"timestamp", "correlation_id", "function_arn", "function_request_id", "xray_trace_id"}
    return {key: value if key in keep else redact(value) for key, value in log.items()}


@dataclass(frozen=True)
class Observability:
    logger: Logger
    tracer: Tracer
    metrics: Metrics


def observability(service: str) -> Observability:
    """One set per function module, created at import (no network: Powertools sends nothing)."""
    return Observability(
        logger=Logger(service=service, logger_formatter=RedactingFormatter()),
        tracer=Tracer(service=service),
        metrics=Metrics(service=service),
    )
