"""Observability.handler frames a handler with Powertools' `inject_lambda_context` (API Gateway's
request id as correlation id) and `log_metrics`: the same lines as those decorators applied by
hand as their documentation shows, cold start and provisioned concurrency included."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.logging import logger as powertools_logger
from customer_core.observability import Observability, RedactingFormatter

from ops import apis
from tests.support.events import load


class Context:
    function_name = "create-function"
    memory_limit_in_mb = 512
    invoked_function_arn = "arn:aws:lambda:us-east-1:123456789012:function:create-function"
    aws_request_id = "5f1e6c52-0000-4000-8000-000000000001"


def _observed(name: str) -> tuple[Observability, io.StringIO]:
    stream = io.StringIO()
    logger = Logger(
        service=name, level="INFO", logger_formatter=RedactingFormatter(), logger_handler=None
    )
    logger.registered_handler.setStream(stream)  # type: ignore[attr-defined]
    return Observability(logger, Metrics(service=name, namespace="Test"), None), stream


def _work(obs: Observability) -> Any:
    def handle(event: dict[str, Any], context: Any) -> dict[str, Any]:
        obs.logger.info("request refused", extra={"outcome": "DuplicateEmail"})
        obs.count("DuplicateEmail")
        return {"statusCode": 409}

    return handle


def _lines(stream: io.StringIO, captured: str) -> list[dict[str, Any]]:
    lines = [json.loads(line) for line in (stream.getvalue() + captured).splitlines() if line]
    for line in lines:
        line.pop("timestamp", None)
        line.get("_aws", {}).pop("Timestamp", None)
        line["service"] = "svc"
        if "_aws" in line:
            for metrics in line["_aws"]["CloudWatchMetrics"]:
                metrics["Dimensions"] = "…"
    return lines


@pytest.mark.parametrize("initialization", [None, "on-demand", "provisioned-concurrency"])
def test_the_same_lines_as_powertools_decorators(
    initialization: str | None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    if initialization is None:
        monkeypatch.delenv("AWS_LAMBDA_INITIALIZATION_TYPE", raising=False)
    else:
        monkeypatch.setenv("AWS_LAMBDA_INITIALIZATION_TYPE", initialization)
    events = [load(apis.names()[0], "create-customer-sample"), {"no": "request context"}]

    reference, reference_stream = _observed("reference")
    decorated = reference.metrics.log_metrics(_work(reference))
    decorated = reference.logger.inject_lambda_context(
        decorated, correlation_id_path="requestContext.requestId"
    )
    monkeypatch.setattr(powertools_logger, "is_cold_start", True)
    capsys.readouterr()
    expected_answers = [decorated(event, Context()) for event in events * 2]
    expected = _lines(reference_stream, capsys.readouterr().out)

    subject, subject_stream = _observed("subject")
    handler = subject.handler(_work(subject))
    monkeypatch.setattr(powertools_logger, "is_cold_start", True)
    answers = [handler(event, Context()) for event in events * 2]
    got = _lines(subject_stream, capsys.readouterr().out)

    assert answers == expected_answers
    assert got == expected
    assert len(got) == 8  # a log line and a metrics line per request
