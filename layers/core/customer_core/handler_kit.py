"""The frame every create-customer handler runs in: parse the event, run the use case, and map
every outcome (including the unexpected) to a response in the API's own shape.

No exception ever escapes a handler: API Gateway would answer 502 with the error text.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Protocol

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.metrics import MetricUnit

from customer_core.apigw import HttpRequest, parse_event, raw_response
from customer_core.errors import DomainError, IdempotentReplay, StoredResponse

Response = dict[str, Any]


class ErrorVocabulary(Protocol):
    def to_response(self, error: DomainError) -> Response: ...

    def internal_error(self) -> Response: ...


def stored(response: StoredResponse) -> Response:
    return raw_response(response.status_code, response.body, {"Content-Type": "application/json"})


def respond(
    event: Mapping[str, Any],
    work: Callable[[HttpRequest], StoredResponse],
    *,
    errors: ErrorVocabulary,
    logger: Logger,
    metrics: Metrics,
) -> Response:
    try:
        response = stored(work(parse_event(event)))
        logger.info("customer created", extra={"status_code": response["statusCode"]})
        metrics.add_metric(name="CustomerCreated", unit=MetricUnit.Count, value=1)
        return response
    except IdempotentReplay as replay:
        metrics.add_metric(name="IdempotentReplay", unit=MetricUnit.Count, value=1)
        return stored(replay.response)
    except DomainError as error:
        outcome = type(error).__name__
        logger.info("request refused", extra={"outcome": outcome})
        metrics.add_metric(name=outcome, unit=MetricUnit.Count, value=1)
        return errors.to_response(error)
    except Exception:
        logger.exception("unexpected failure")
        metrics.add_metric(name="UnexpectedError", unit=MetricUnit.Count, value=1)
        return errors.internal_error()
