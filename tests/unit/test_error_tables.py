"""Every core failure has an answer on every API (resolved through the class hierarchy), so no
branch can fall through to an unseen 500; 5xx only where the store failed."""

from __future__ import annotations

import importlib
import io
import json
from typing import Any

import pytest
from customer_core.domain import errors as core
from customer_core.http.frame import ErrorTable, answer_error
from customer_core.observability import observability
from customer_core.settings import FunctionSettings

from ops import apis

SAMPLES: dict[type[core.DomainError], core.DomainError] = {
    core.RequestRejected: core.RequestRejected("body_not_json", "The body is not valid JSON."),
    core.InvalidBody: core.InvalidBody([core.FieldIssue(("email",), "missing", "Field required")]),
    core.Unauthenticated: core.Unauthenticated("missing_principal"),
    core.DuplicateEmail: core.DuplicateEmail("A@x.com"),
    core.IdempotencyKeyReused: core.IdempotencyKeyReused(),
    core.WriteConflict: core.WriteConflict(),
    core.StoreUnavailable: core.StoreUnavailable("ProvisionedThroughputExceededException"),
}


def error_table(api: apis.Api) -> ErrorTable:
    table: ErrorTable = importlib.import_module(f"{api.package}.errors").ERRORS
    return table


def test_the_samples_cover_every_core_failure():
    assert set(SAMPLES) == set(core.failures())


@pytest.mark.parametrize("api", apis.apis(), ids=str)
@pytest.mark.parametrize("kind", core.failures(), ids=lambda kind: kind.__name__)
def test_every_core_failure_maps_on_every_api(api: apis.Api, kind: type[core.DomainError]):
    table = error_table(api)
    matched = table.match(SAMPLES[kind])
    assert matched is not None, f"{api.package}.errors.ERRORS has no entry for {kind.__name__}"
    status = matched[1](SAMPLES[kind])["statusCode"]
    assert 400 <= status < 600
    assert (status >= 500) == (kind is core.StoreUnavailable), (api.name, kind.__name__, status)


@pytest.mark.parametrize("api", apis.apis(), ids=str)
def test_a_subclass_resolves_to_its_nearest_entry(api: apis.Api):
    class DuplicateOfSomeKind(core.DuplicateEmail):
        pass

    table = error_table(api)
    response = table.response_for(DuplicateOfSomeKind("b@x.com"))
    assert response == table.response_for(core.DuplicateEmail("b@x.com"))


def logged(error: core.DomainError, table: ErrorTable) -> tuple[dict[str, Any], list[str]]:
    obs = observability("error-table-test", FunctionSettings.from_environment())
    buffer = io.StringIO()
    obs.logger.registered_handler.setStream(buffer)  # type: ignore[attr-defined]
    obs.metrics.clear_metrics()  # Powertools keeps one metric set per process
    answer_error(error, table, obs)
    (line,) = buffer.getvalue().splitlines()
    metrics = list(obs.metrics.metric_set)
    return json.loads(line), metrics


@pytest.mark.parametrize("api", apis.apis(), ids=str)
def test_5xx_is_logged_at_error_with_its_cause_and_4xx_at_info(api: apis.Api):
    table = error_table(api)
    failed, failed_metrics = logged(SAMPLES[core.StoreUnavailable], table)
    assert failed["level"] == "ERROR"
    assert failed["cause"] == "ProvisionedThroughputExceededException"
    assert failed_metrics == ["StoreUnavailable"]

    refused, refused_metrics = logged(SAMPLES[core.DuplicateEmail], table)
    assert refused["level"] == "INFO"
    assert refused["status_code"] == 409
    # The same outcome has the same metric name on every API.
    assert refused_metrics == ["DuplicateEmail"]
