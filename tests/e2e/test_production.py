"""The production features of template.yaml that MiniStack applies, on the local stack: the
stage throttle answering 429 for all clients together, log groups with their retention, the
functions' logs in their own groups without personal data, alarms, the dashboard, deletion
protection. What MiniStack drops or cannot create is in tests/unit/test_template_production.py
(docs/operations.md has the measured list)."""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Callable
from typing import Any

import pytest

from tests.e2e.conftest import STACK_NAME, api_entry, fresh_email, local_client, run_ops_json
from tests.support import events
from tests.support.cfn import parameter_default, template
from tests.support.http import Expected, Response, assert_answer, burst, post_json

AXIM_THROTTLED = Expected(
    429, {"success": False, "message": "Too many requests. Please retry later."}
)
# Clients sending all at once: each sends fewer requests than its own plan's burst, so any 429
# comes from the stage's bucket, which they all share. All at once, because the gateway decides
# on arrival: how fast the emulator's functions answer (seconds on a busy machine) cannot let
# the bucket refill before the burst has passed it.
STAGE_CLIENTS = 10
REQUESTS_PER_CLIENT = 10
LOG_WAIT_S = 10


@pytest.fixture(scope="module")
def physical_ids(local_stack: dict[str, Any]) -> dict[str, str]:
    cloudformation = local_client(local_stack, "cloudformation")
    resources = cloudformation.describe_stack_resources(StackName=STACK_NAME)["StackResources"]
    return {r["LogicalResourceId"]: r["PhysicalResourceId"] for r in resources}


def resolve(value: Any, physical_ids: dict[str, str]) -> str:
    """A template `!Sub` string (or literal) as deployed on the local stack."""
    text = value["Fn::Sub"] if isinstance(value, dict) else value
    names = {"AWS::StackName": STACK_NAME, **physical_ids}
    return re.sub(r"\$\{([^}]+)\}", lambda m: names[m.group(1)], str(text))


def unconditional(kind: str) -> dict[str, dict[str, Any]]:
    """The template's resources of a type that the local stack's parameters create."""
    return {
        k: v
        for k, v in template()["Resources"].items()
        if v["Type"] == kind and "Condition" not in v
    }


def test_stage_throttle_is_shared_by_all_clients_and_answers_429_in_axim_shape(
    local_stack: dict[str, Any],
) -> None:
    axim = api_entry(local_stack, "axim")
    stage = local_client(local_stack, "apigateway").get_stage(
        restApiId=axim["apiId"], stageName="v1"
    )
    settings = stage["methodSettings"]["*/*"]
    limit = {"rate": settings["throttlingRateLimit"], "burst": settings["throttlingBurstLimit"]}
    plan = axim["throttle"]
    assert plan["burstLimit"] > REQUESTS_PER_CLIENT, "each client must stay under its own plan"
    assert limit["burst"] < STAGE_CLIENTS * REQUESTS_PER_CLIENT, "the burst must pass the stage's"

    clients = []
    for number in range(STAGE_CLIENTS):
        issued = run_ops_json("axim", "issue-token", "--name", f"e2e stage {number}")
        clients.append({"accessToken": issued["accessToken"], "x-api-key": issued["apiKeyValue"]})

    def call_as(headers: dict[str, str]) -> Callable[[], Response]:
        # An empty object is refused with 400 by the function: nothing is written.
        return lambda: post_json(axim["url"], headers, {})

    # One request per client at once: caches each verdict and starts as many function workers
    # as the burst keeps busy (the emulator takes seconds to start one).
    warm_calls = [call_as(headers) for headers in clients]
    warm_up = burst(lambda: warm_calls.pop()(), count=len(warm_calls), concurrency=STAGE_CLIENTS)
    assert {r.status for r in warm_up} <= {400, 429}, [str(r) for r in warm_up]
    time.sleep(limit["burst"] / limit["rate"] + 0.5)  # the stage's bucket full again

    calls = [call_as(headers) for headers in clients] * REQUESTS_PER_CLIENT
    started = time.monotonic()
    responses = burst(lambda: calls.pop()(), count=len(calls), concurrency=len(calls))
    elapsed_s = time.monotonic() - started
    time.sleep(limit["burst"] / limit["rate"])  # leave a full bucket to the tests after this one

    throttled = [r for r in responses if r.status == 429]
    served = [r for r in responses if r.status != 429]
    assert throttled, f"no 429 in {len(responses)} requests over {elapsed_s:.1f} s"
    for response in throttled:
        assert_answer(response, AXIM_THROTTLED)
        assert response.header("retry-after") == "1", response
    assert {r.status for r in served} == {400}, [str(r) for r in served if r.status != 400]
    # No more than the stage's bucket allows, far below what the clients' plans would together.
    assert len(served) <= limit["burst"] + limit["rate"] * elapsed_s + 1, (len(served), elapsed_s)


def test_every_log_group_exists_with_the_retention_parameter(
    local_stack: dict[str, Any], physical_ids: dict[str, str]
) -> None:
    logs = local_client(local_stack, "logs")
    deployed = {
        group["logGroupName"]: group.get("retentionInDays")
        for page in logs.get_paginator("describe_log_groups").paginate()
        for group in page["logGroups"]
    }
    expected_days = parameter_default({"Ref": "LogRetentionInDays"})
    groups = unconditional("AWS::Logs::LogGroup")  # functions, access and execution logs
    assert groups
    for logical_id, group in groups.items():
        name = resolve(group["Properties"]["LogGroupName"], physical_ids)
        assert name in deployed, (logical_id, name)
        assert deployed[name] == expected_days, (logical_id, deployed[name])


def test_access_log_429_metric_filters_exist(
    local_stack: dict[str, Any], physical_ids: dict[str, str]
) -> None:
    logs = local_client(local_stack, "logs")
    for logical_id, metric_filter in unconditional("AWS::Logs::MetricFilter").items():
        group = physical_ids[metric_filter["Properties"]["LogGroupName"]["Ref"]]
        found = logs.describe_metric_filters(logGroupName=group)["metricFilters"]
        assert [f["filterPattern"] for f in found] == ["{ $.status = 429 }"], logical_id


def _log_lines(local_stack: dict[str, Any], group: str, since_ms: int) -> list[str]:
    logs = local_client(local_stack, "logs")
    lines: list[str] = []
    for page in logs.get_paginator("filter_log_events").paginate(
        logGroupName=group, startTime=since_ms
    ):
        lines += [event["message"] for event in page["events"]]
    return lines


def test_a_create_logs_to_its_own_group_without_the_customers_data_or_the_token(
    local_stack: dict[str, Any], physical_ids: dict[str, str]
) -> None:
    axim = api_entry(local_stack, "axim")
    email = fresh_email("LogCheck.example")
    phone = f"+4915{uuid.uuid4().int % 10**9:09d}"
    body = {**events.body_of(events.load("axim", "create-customer-sample")), "email": email}
    body["phoneNumber"] = phone
    since_ms = int(time.time() * 1000) - 1000

    created = post_json(axim["url"], axim["headers"], body)
    assert created.status == 201, created

    create_group = resolve(
        template()["Resources"]["AximCreateCustomerLogGroup"]["Properties"]["LogGroupName"],
        physical_ids,
    )
    deadline = time.monotonic() + LOG_WAIT_S
    while not (lines := _log_lines(local_stack, create_group, since_ms)):
        assert time.monotonic() < deadline, f"no log line in {create_group}"
        time.sleep(0.5)
    secrets = [email, email.lower(), phone, axim["headers"]["accessToken"]]
    assert not [line for line in lines if any(secret in line for secret in secrets)]


def test_every_alarm_and_the_dashboard_exist(
    local_stack: dict[str, Any], physical_ids: dict[str, str]
) -> None:
    cloudwatch = local_client(local_stack, "cloudwatch")
    alarms = {
        alarm["AlarmName"]: alarm
        for page in cloudwatch.get_paginator("describe_alarms").paginate()
        for alarm in page["MetricAlarms"]
    }
    expected = unconditional("AWS::CloudWatch::Alarm")  # counted in test_template_production
    assert expected
    for logical_id, alarm in expected.items():
        name = resolve(alarm["Properties"]["AlarmName"], physical_ids)
        assert name in alarms, (logical_id, name)
        assert alarms[name]["MetricName"] == alarm["Properties"]["MetricName"], logical_id
    dashboard = resolve(
        template()["Resources"]["Dashboard"]["Properties"]["DashboardName"], physical_ids
    )
    body = cloudwatch.get_dashboard(DashboardName=dashboard)["DashboardBody"]
    for api in ("AximApi", "XcladeApi", "CountApi"):
        assert physical_ids[api] in body, api  # the deployed API ids, substituted


def test_tables_are_protected_from_deletion(
    local_stack: dict[str, Any], physical_ids: dict[str, str]
) -> None:
    dynamodb = local_client(local_stack, "dynamodb")
    for table in ("CustomerTable", "AuthTable"):
        described = dynamodb.describe_table(TableName=physical_ids[table])["Table"]
        assert described["DeletionProtectionEnabled"] is True, table
