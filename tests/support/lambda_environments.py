"""Concurrent invocations as Lambda makes them: every execution environment is its own process
and handles one request at a time.

Threads in one process are not a faithful model: they share Powertools' metric set, which Lambda
never does, and its flush then fails at random ("Must contain at least one metric"). Each
environment here is a process forked from a server that has only the third-party packages
loaded, so our own modules (and their per-process state, such as the ObjectId process random)
load fresh in each one, as in a new Lambda environment.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import time
from collections.abc import Callable, Sequence
from typing import Any

Event = dict[str, Any]
Response = dict[str, Any]

BARRIER_TIMEOUT_SECONDS = 60.0
RUN_TIMEOUT_SECONDS = 180.0
STOP_TIMEOUT_SECONDS = 10.0

_CONTEXT = multiprocessing.get_context("forkserver")
_CONTEXT.set_forkserver_preload(
    [
        "boto3",
        "boto3.dynamodb.types",
        "botocore.client",
        "botocore.session",
        "pydantic",
        "aws_lambda_powertools",
        "aws_lambda_powertools.logging.formatter",
        "aws_lambda_powertools.metrics",
        "email_validator",
    ]
)


def _environment(
    invoke: Callable[[Event], Response],
    work: list[tuple[int, Event]],
    environ: dict[str, str],
    start: Any,
    results: Any,
) -> None:
    os.environ.clear()
    os.environ.update(environ)
    from customer_core.store import aws as dynamo

    # Warm before the start line, so that every environment reaches the store together.
    dynamo.client()
    start.wait()
    for index, event in work:
        try:
            results.put((index, invoke(event), None))
        except Exception as error:  # a handler must never raise; the caller reports it
            results.put((index, None, repr(error)))


def invoke_concurrently(
    invoke: Callable[[Event], Response], events: Sequence[Event], *, environments: int
) -> list[Response]:
    """Every event through `invoke`, spread over `environments` processes released together."""
    start = _CONTEXT.Barrier(environments, timeout=BARRIER_TIMEOUT_SECONDS)
    results = _CONTEXT.Queue()
    environ = dict(os.environ)
    workers = [
        _CONTEXT.Process(
            target=_environment,
            args=(
                invoke,
                [(i, events[i]) for i in range(number, len(events), environments)],
                environ,
                start,
                results,
            ),
            name=f"lambda-environment-{number}",
            daemon=True,
        )
        for number in range(environments)
    ]
    for worker in workers:
        worker.start()
    responses: dict[int, Response] = {}
    errors: list[str] = []
    deadline = time.monotonic() + RUN_TIMEOUT_SECONDS
    try:
        while len(responses) + len(errors) < len(events):
            try:
                index, response, error = results.get(timeout=max(0.1, deadline - time.monotonic()))
            except queue.Empty:
                raise AssertionError(
                    f"{len(events) - len(responses) - len(errors)} invocations did not finish "
                    f"within {RUN_TIMEOUT_SECONDS:.0f} s"
                ) from None
            if error is not None:
                errors.append(error)
            else:
                responses[index] = response
    finally:
        for worker in workers:
            worker.join(timeout=STOP_TIMEOUT_SECONDS)
            if worker.is_alive():
                worker.terminate()
                worker.join(timeout=STOP_TIMEOUT_SECONDS)
    assert not errors, f"handlers raised (they must answer every request): {errors[:3]}"
    return [responses[index] for index in range(len(events))]
