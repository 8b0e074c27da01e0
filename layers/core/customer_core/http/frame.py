"""The frame every create-customer handler runs in: parse the event, run the use case, and map
every outcome (the unexpected included) to a response in the API's own shape.

Each API answers domain errors through an ErrorTable keyed by error type, resolved through the
class hierarchy (an API may add entries for its own subclasses). Every core failure type has an
entry on every API (tests/unit/test_error_tables.py), so no branch can fall through unseen.
Answers of 5xx are logged at ERROR with their cause, 4xx at INFO, successes at DEBUG: the
stage's access log and the outcome's metric already record every success, and its log line
cost ~90 µs of a warm request's ~600 µs of CPU (docs/performance.md). The metric is the
outcome's name, the same on every API. No exception escapes: API Gateway would answer 502.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from customer_core.domain.errors import DomainError, IdempotentReplay, StoredResponse
from customer_core.http.events import HttpRequest, parse_event
from customer_core.http.responses import Response, raw_response
from customer_core.observability import Observability

# Each entry takes the error of its key's type (typed Any: a table mixes types).
ErrorResponder = Callable[[Any], Response]


@dataclass(frozen=True)
class ErrorTable:
    """An API's error vocabulary: a response for each domain error type, and the 500 for
    everything else."""

    responses: Mapping[type[DomainError], ErrorResponder]
    internal_error: Callable[[], Response]

    def match(self, error: DomainError) -> tuple[type[DomainError], ErrorResponder] | None:
        """The entry of the error's nearest type with one (its own class first), else None."""
        for kind in type(error).__mro__:
            responder = self.responses.get(kind)
            if responder is not None:
                return kind, responder
        return None

    def response_for(self, error: DomainError) -> Response:
        """The table's answer to `error`; the 500 where it has none."""
        matched = self.match(error)
        return self.internal_error() if matched is None else matched[1](error)


def stored(response: StoredResponse) -> Response:
    return raw_response(response.status_code, response.body, {"Content-Type": "application/json"})


def respond(
    event: Mapping[str, Any],
    work: Callable[[HttpRequest], StoredResponse],
    *,
    errors: ErrorTable,
    obs: Observability,
) -> Response:
    try:
        response = stored(work(parse_event(event)))
    except IdempotentReplay as replay:
        obs.logger.info("idempotent replay", extra={"outcome": "IdempotentReplay"})
        obs.count("IdempotentReplay")
        return stored(replay.response)
    except DomainError as error:
        return answer_error(error, errors, obs)
    except Exception:
        obs.logger.exception("unexpected failure", extra={"outcome": "UnexpectedError"})
        obs.count("UnexpectedError")
        return errors.internal_error()
    status = response["statusCode"]
    obs.logger.debug(
        "customer created", extra={"outcome": "CustomerCreated", "status_code": status}
    )
    obs.count("CustomerCreated")
    return response


def lambda_handler_for(
    work: Callable[[HttpRequest], StoredResponse], *, errors: ErrorTable, obs: Observability
) -> Callable[[dict[str, Any], Any], Response]:
    """The function's Lambda handler: `work` in the frame, wrapped by the function's
    observability (request-scoped log keys, metrics flushed, traces if on)."""

    def lambda_handler(event: dict[str, Any], context: Any) -> Response:
        return respond(event, work, errors=errors, obs=obs)

    return obs.handler(lambda_handler)


def answer_error(error: DomainError, errors: ErrorTable, obs: Observability) -> Response:
    """The API's response to `error`, logged and counted under the outcome's name."""
    matched = errors.match(error)
    if matched is None:
        # Only an API's own error type without an entry can get here: a bug, never silent.
        obs.logger.error("no response for error", extra={"outcome": type(error).__name__})
        obs.count("UnmappedError")
        return errors.internal_error()
    kind, responder = matched
    response = responder(error)
    status = int(response["statusCode"])
    extra: dict[str, Any] = {"outcome": kind.__name__, "status_code": status}
    reason = getattr(error, "reason", None)
    if reason:
        extra["reason"] = reason
    if status >= 500:
        extra["cause"] = getattr(error, "cause", None) or type(error.__cause__ or error).__name__
        obs.logger.error("request failed", extra=extra)
    else:
        obs.logger.info("request refused", extra=extra)
    obs.count(kind.__name__)
    return response
