"""template.yaml as a production deployment: limits before the authorizers, logs kept for a set
time and free of credentials, alarms and a dashboard, custom domains, keys, and checkov's skips.

What MiniStack cannot create or does not apply (WAF associations and logging, access logs,
reserved concurrency, custom domains with a real certificate) is checked here, on the template;
tests/e2e/test_production.py checks on the local stack what it does apply (docs/operations.md
says which is which). The lists of APIs, functions and tables come from the template itself.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from tests.support.cfn import ROOT, parameter_default, resource, template

OPERATIONS_DOC = ROOT / "docs" / "operations.md"
NO_VALUE = {"Ref": "AWS::NoValue"}


def of_type(kind: str) -> dict[str, dict[str, Any]]:
    return {k: v for k, v in template()["Resources"].items() if v["Type"] == kind}


APIS = sorted(of_type("AWS::Serverless::Api"))  # AximApi, CountApi, XcladeApi
FUNCTIONS = sorted(of_type("AWS::Serverless::Function"))
TABLES = sorted(of_type("AWS::DynamoDB::Table"))


def prefix(api: str) -> str:
    return api.removesuffix("Api")


def parameter(name: str) -> dict[str, Any]:
    found: dict[str, Any] = template()["Parameters"][name]
    return found


def condition(name: str) -> Any:
    return template()["Conditions"][name]


def gateway_response(api: str, response_type: str) -> dict[str, Any]:
    found: dict[str, Any]
    (found,) = (
        v["Properties"]
        for v in of_type("AWS::ApiGateway::GatewayResponse").values()
        if v["Properties"]["RestApiId"] == {"Ref": api}
        and v["Properties"]["ResponseType"] == response_type
    )
    return found


def authorizer(api: str) -> dict[str, Any]:
    auth = resource(api)["Properties"]["Auth"]
    found: dict[str, Any] = auth["Authorizers"][auth["DefaultAuthorizer"]]
    return found


def test_the_template_has_three_apis_seven_functions_two_tables():
    assert [prefix(api) for api in APIS] == ["Axim", "Count", "Xclade"]
    # Each API's create function and authorizer, and the customer-events publisher.
    assert len(FUNCTIONS) == 7
    assert "CustomerEventsFunction" in FUNCTIONS
    assert TABLES == ["AuthTable", "CustomerTable"]


# --- Abuse limits ------------------------------------------------------------------------------


def _usage_plan_limits(api: str) -> list[dict[str, Any]]:
    return [
        plan["Properties"]["Throttle"]
        for plan in of_type("AWS::ApiGateway::UsagePlan").values()
        if plan["Properties"]["ApiStages"][0]["ApiId"] == {"Ref": api}
    ]


@pytest.mark.parametrize("api", APIS)
def test_stage_throttle_is_a_parameter_at_or_above_every_usage_plan(api):
    (settings,) = resource(api)["Properties"]["MethodSettings"]
    assert (settings["ResourcePath"], settings["HttpMethod"]) == ("/*", "*")
    rate = settings["ThrottlingRateLimit"]
    burst = settings["ThrottlingBurstLimit"]
    assert rate == {"Ref": f"{prefix(api)}StageRateLimit"}
    assert burst == {"Ref": f"{prefix(api)}StageBurstLimit"}
    plans = _usage_plan_limits(api)
    assert plans, api
    for plan in plans:
        # A backstop for all clients together: never below what one client may send.
        assert parameter_default(rate) >= parameter_default(plan["RateLimit"]), api
        assert parameter_default(burst) >= parameter_default(plan["BurstLimit"]), api
    # Execution logs carry errors only, never request or response data.
    assert settings["LoggingLevel"] == "ERROR"
    assert settings["DataTraceEnabled"] is False


@pytest.mark.parametrize("function", FUNCTIONS)
def test_each_function_reserves_concurrency_unless_its_parameter_is_zero(function):
    reserved = resource(function)["Properties"]["ReservedConcurrentExecutions"]
    condition_name, value, otherwise = reserved["Fn::If"]
    assert otherwise == NO_VALUE
    name = value["Ref"]
    assert condition(condition_name) == {"Fn::Not": [{"Fn::Equals": [{"Ref": name}, "0"]}]}
    assert parameter(name)["MinValue"] == 0
    assert parameter(name)["Default"] > 0
    role = (
        "AuthorizerReservedConcurrency"
        if "Authorizer" in function
        else "EventPublisher"
        if function == "CustomerEventsFunction"
        else "Create"
    )
    assert name.startswith(role), (function, name)


@pytest.mark.parametrize("api", APIS)
def test_authorizer_cache_ttl_is_a_bounded_parameter(api):
    ttl = authorizer(api)["Identity"]["ReauthorizeEvery"]
    assert ttl == {"Ref": f"{prefix(api)}AuthorizerCacheTtl"}
    assert parameter(ttl["Ref"])["MaxValue"] == 3600  # API Gateway's own maximum
    assert parameter(ttl["Ref"])["MinValue"] == 0


def _web_acl(api: str) -> dict[str, Any]:
    return resource(f"{prefix(api)}WebAcl")


@pytest.mark.parametrize("api", APIS)
def test_waf_is_optional_per_stage_with_a_per_ip_rate_rule_and_the_common_rule_set(api):
    acl = _web_acl(api)
    assert acl["Condition"] == "WafOn"
    assert condition("WafOn") == {"Fn::Equals": [{"Ref": "EnableWaf"}, "true"]}
    assert parameter("EnableWaf")["Default"] == "false"  # the local stack leaves it off
    properties = acl["Properties"]
    assert properties["Scope"] == "REGIONAL"
    rules = {rule["Name"]: rule for rule in properties["Rules"]}
    rate = rules["RequestsPerIp"]["Statement"]["RateBasedStatement"]
    assert rate["AggregateKeyType"] == "IP"
    assert rate["Limit"] == {"Ref": "WafRequestsPerIpPer5Minutes"}
    managed = {
        rule["Statement"]["ManagedRuleGroupStatement"]["Name"]
        for rule in rules.values()
        if "ManagedRuleGroupStatement" in rule["Statement"]
    }
    assert "AWSManagedRulesCommonRuleSet" in managed
    association = resource(f"{prefix(api)}WebAclAssociation")
    assert association["Condition"] == "WafOn"
    arn = association["Properties"]["ResourceArn"]["Fn::Sub"]
    assert arn.endswith(f"/restapis/${{{api}}}/stages/${{{api}.Stage}}")


@pytest.mark.parametrize("api", APIS)
def test_waf_rate_block_answers_like_the_gateway_throttle_of_the_same_api(api):
    rules = {rule["Name"]: rule for rule in _web_acl(api)["Properties"]["Rules"]}
    custom = rules["RequestsPerIp"]["Action"]["Block"]["CustomResponse"]
    assert custom["ResponseCode"] == 429
    body = _web_acl(api)["Properties"]["CustomResponseBodies"][custom["CustomResponseBodyKey"]]
    throttled = gateway_response(api, "THROTTLED")
    assert json.loads(body["Content"]) == json.loads(
        throttled["ResponseTemplates"]["application/json"]
    )


@pytest.mark.parametrize("api", APIS)
def test_waf_logs_redact_every_credential_header(api):
    logging = resource(f"{prefix(api)}WebAclLogging")
    assert logging["Condition"] == "WafOn"
    redacted = {f["SingleHeader"]["Name"] for f in logging["Properties"]["RedactedFields"]}
    credentials = {h.lower() for h in authorizer(api)["Identity"]["Headers"]} - {"x-client-id"}
    # x-signature is checked by COUNT's function; x-api-key is MiniStack's stand-in key.
    assert credentials | {"x-signature", "x-api-key"} <= redacted, redacted


# --- Logs --------------------------------------------------------------------------------------


def test_every_log_group_keeps_events_for_the_retention_parameter():
    assert parameter("LogRetentionInDays")["Default"] == 30
    groups = of_type("AWS::Logs::LogGroup")
    assert len(groups) == len(FUNCTIONS) + 2 * len(APIS) + 1  # + access, execution, WAF
    for logical_id, group in groups.items():
        properties = group["Properties"]
        assert properties["RetentionInDays"] == {"Ref": "LogRetentionInDays"}, logical_id
        assert properties["KmsKeyId"] == {
            "Fn::If": ["KmsKeySet", {"Ref": "KmsKeyArn"}, NO_VALUE]
        }, logical_id


@pytest.mark.parametrize("function", FUNCTIONS)
def test_each_function_logs_to_its_own_explicit_group(function):
    group = resource(function)["Properties"]["LoggingConfig"]["LogGroup"]["Ref"]
    assert resource(group)["Type"] == "AWS::Logs::LogGroup"
    others = [f for f in FUNCTIONS if f != function]
    assert all(
        resource(f)["Properties"]["LoggingConfig"]["LogGroup"]["Ref"] != group for f in others
    )


def access_log_format() -> str:
    fmt: str = template()["Mappings"]["AccessLog"]["Format"]["Json"]
    return fmt


def test_access_log_format_is_json_with_the_fields_an_operator_searches():
    rendered = re.sub(r"\$context\.status", "200", access_log_format())
    rendered = re.sub(r"\$context\.[A-Za-z.]+", "x", rendered)
    record = json.loads(rendered)
    assert isinstance(record["status"], int)  # the 429 metric filter compares a number
    for field, variable in {
        "requestId": "$context.requestId",
        "principal": "$context.authorizer.principalId",
        "latencyMs": "$context.responseLatency",
        "integrationLatencyMs": "$context.integrationLatency",
        "ip": "$context.identity.sourceIp",
        "userAgent": "$context.identity.userAgent",
        "apiId": "$context.apiId",
    }.items():
        assert f'"{field}":"{variable}"' in access_log_format(), field


def test_access_log_format_holds_no_body_header_or_credential():
    variables = set(re.findall(r"\$[A-Za-z.]+", access_log_format()))
    assert not {v for v in variables if not v.startswith("$context.")}, variables  # no $input
    forbidden = ("requestOverride", "identity.apiKey", "identity.caller", "authorizer.claims")
    assert not {v for v in variables if any(part in v for part in forbidden)}, variables
    # Of what the authorizers put in the context, only the principal id (never a token).
    authorizer_fields = {v for v in variables if v.startswith("$context.authorizer.")}
    assert authorizer_fields <= {"$context.authorizer.principalId", "$context.authorizer.latency"}


@pytest.mark.parametrize("api", APIS)
def test_each_stage_writes_its_access_log_to_its_own_group(api):
    setting = resource(api)["Properties"]["AccessLogSetting"]
    group = setting["DestinationArn"]["Fn::GetAtt"][0]
    assert group == f"{prefix(api)}AccessLogGroup"
    assert setting["Format"] == {"Fn::FindInMap": ["AccessLog", "Format", "Json"]}
    execution = resource(f"{prefix(api)}ExecutionLogGroup")["Properties"]["LogGroupName"]
    # The name API Gateway writes execution logs to; created here so it has a retention.
    assert execution == {"Fn::Sub": f"API-Gateway-Execution-Logs_${{{api}}}/v1"}
    metric_filter = resource(f"{prefix(api)}Http429MetricFilter")["Properties"]
    assert metric_filter["LogGroupName"] == {"Ref": group}
    assert metric_filter["FilterPattern"] == "{ $.status = 429 }"


def test_stages_wait_for_the_account_log_role_when_the_stack_sets_it():
    for api in APIS:
        assert resource(api)["DependsOn"] == "ApiGatewayAccountReady"
    handle = resource("ApiGatewayAccountReady")
    assert handle["Metadata"]["AccountLogRole"]["Fn::If"][:2] == [
        "SetAccountLogRole",
        {"Ref": "ApiGatewayAccount"},
    ]
    for shared in ("ApiGatewayAccount", "ApiGatewayLogRole"):
        # Account-wide: other APIs may log through it after this stack is gone.
        assert resource(shared)["DeletionPolicy"] == "Retain"
        assert resource(shared)["Condition"] == "SetAccountLogRole"


# --- Alarms and dashboard ----------------------------------------------------------------------


def alarms() -> dict[str, dict[str, Any]]:
    return {k: v["Properties"] for k, v in of_type("AWS::CloudWatch::Alarm").items()}


def alarm_for(namespace: str, metric: str, dimensions: dict[str, Any]) -> dict[str, Any]:
    found = [
        a
        for a in alarms().values()
        if a["Namespace"] == namespace
        and a["MetricName"] == metric
        and {d["Name"]: d["Value"] for d in a["Dimensions"]} == dimensions
    ]
    assert len(found) == 1, (namespace, metric, dimensions, len(found))
    return found[0]


@pytest.mark.parametrize("api", APIS)
def test_each_api_has_5xx_rate_4xx_spike_p99_latency_and_429_alarms(api):
    name = {"ApiName": {"Fn::Sub": f"${{AWS::StackName}}-{prefix(api).lower()}"}, "Stage": "v1"}
    assert resource(api)["Properties"]["Name"] == name["ApiName"]
    assert alarm_for("AWS/ApiGateway", "5XXError", name)["Statistic"] == "Average"  # a rate
    assert alarm_for("AWS/ApiGateway", "4XXError", name)["Statistic"] == "Sum"
    assert alarm_for("AWS/ApiGateway", "Latency", name)["ExtendedStatistic"] == "p99"
    throttled = alarm_for("CustomerApi/AccessLogs", "Http429", {"ApiId": {"Ref": api}})
    metric = resource(f"{prefix(api)}Http429MetricFilter")["Properties"]["MetricTransformations"]
    assert (metric[0]["MetricNamespace"], metric[0]["MetricName"]) == (
        "CustomerApi/AccessLogs",
        "Http429",
    )
    assert throttled["Statistic"] == "Sum"


@pytest.mark.parametrize("function", FUNCTIONS)
def test_each_function_has_errors_throttles_and_p99_duration_alarms(function):
    dimensions = {"FunctionName": {"Ref": function}}
    assert alarm_for("AWS/Lambda", "Errors", dimensions)["Threshold"] == 0
    assert alarm_for("AWS/Lambda", "Throttles", dimensions)["Threshold"] == 0
    duration = alarm_for("AWS/Lambda", "Duration", dimensions)
    assert duration["ExtendedStatistic"] == "p99"
    assert parameter_default(duration["Threshold"]) < 10_000  # below the shortest timeout


def _table_operations() -> set[tuple[str, str]]:
    """(table, operation) pairs the functions can call: their IAM grants, plus the transactions
    made under a grant of each item's action: store.customers' write (PutItem on the customer
    table) and store.clients' read of a COUNT client with its token (GetItem on the auth table)."""
    pairs = set()
    for function in FUNCTIONS:
        for policy in resource(function)["Properties"]["Policies"]:
            for statement in policy["Statement"]:
                table = statement["Resource"].get("Fn::GetAtt", [None])[0]
                actions = statement["Action"]
                for action in actions if isinstance(actions, list) else [actions]:
                    if table in TABLES and action.startswith("dynamodb:"):
                        pairs.add((table, action.removeprefix("dynamodb:")))
    store = (ROOT / "layers/core/customer_core/store/customers.py").read_text()
    assert "transact_write_items(" in store
    pairs.add(("CustomerTable", "TransactWriteItems"))
    clients = (ROOT / "layers/core/customer_core/store/clients.py").read_text()
    assert "transact_get_items(" in clients
    pairs.add(("AuthTable", "TransactGetItems"))
    return pairs


def test_dynamodb_throttles_and_system_errors_alarm_for_every_operation_the_functions_use():
    pairs = _table_operations()
    assert ("CustomerTable", "PutItem") in pairs
    assert ("AuthTable", "GetItem") in pairs
    for table, operation in pairs:
        dimensions = {"TableName": {"Ref": table}, "Operation": operation}
        alarm_for("AWS/DynamoDB", "ThrottledRequests", dimensions)
        alarm_for("AWS/DynamoDB", "SystemErrors", dimensions)


def test_every_alarm_notifies_the_optional_topic_and_treats_silence_as_fine():
    expected = {"Fn::If": ["AlarmTopicSet", [{"Ref": "AlarmTopicArn"}], NO_VALUE]}
    assert parameter("AlarmTopicArn")["Default"] == ""
    everything = alarms()
    # + the customer events' delivery: its stream's iterator age and its dead-letter queue.
    delivery = 2
    assert len(everything) == (
        4 * len(APIS) + 3 * len(FUNCTIONS) + 2 * len(_table_operations()) + delivery
    )
    for logical_id, alarm in everything.items():
        assert alarm["AlarmActions"] == expected, logical_id
        assert alarm["OKActions"] == expected, logical_id
        assert alarm["TreatMissingData"] == "notBreaching", logical_id
        # MiniStack refuses metric math; AWS takes either.
        assert "Metrics" not in alarm, logical_id


def test_operations_doc_explains_every_alarm_and_every_operator_parameter():
    text = OPERATIONS_DOC.read_text()
    for logical_id, alarm in alarms().items():
        suffix = alarm["AlarmName"]["Fn::Sub"].removeprefix("${AWS::StackName}-")
        # Per-API and per-function alarms are documented by their kind, e.g. `<api>-api-5xx-rate`.
        generic = re.sub(r"^(axim|xclade|count)-", "<api>-", suffix)
        generic = re.sub(r"^<api>-(create-customer|authorizer)-", "<function>-", generic)
        generic = re.sub(r"^(customer|auth)-table-[A-Za-z]+-", "<table>-<operation>-", generic)
        assert generic in text, (logical_id, generic)
    for name in template()["Parameters"]:
        if not re.search(r"(RateLimit|BurstLimit|RoleId|Architecture|Tracing|LogLevel)$", name):
            assert name in text, name


def _dashboard() -> dict[str, Any]:
    body = resource("Dashboard")["Properties"]["DashboardBody"]["Fn::Sub"]
    loaded: dict[str, Any] = json.loads(re.sub(r"\$\{[^}]+\}", "x", body))
    return loaded


def test_dashboard_shows_the_three_apis_side_by_side():
    body = resource("Dashboard")["Properties"]["DashboardBody"]["Fn::Sub"]
    columns: dict[int, set[str]] = {}
    for widget in _dashboard()["widgets"]:
        if widget["width"] == 8:  # a third of the 24-unit grid
            columns.setdefault(widget["x"], set()).add(widget["properties"]["title"].split(":")[0])
    assert sorted(columns) == [0, 8, 16]
    assert all(len(titles) == 1 for titles in columns.values()), columns
    assert sorted(t for titles in columns.values() for t in titles) == ["Axim", "Count", "Xclade"]
    # Every API, function and table the template declares is on it.
    for name in [*APIS, *FUNCTIONS, *TABLES]:
        assert f"${{{name}}}" in body, name


# --- Custom domains ----------------------------------------------------------------------------


@pytest.mark.parametrize("api", APIS)
def test_each_api_can_have_a_regional_tls12_domain_mapped_at_its_root(api):
    domain = resource(f"{prefix(api)}Domain")
    assert domain["Condition"] == f"{prefix(api)}DomainSet"
    assert parameter(f"{prefix(api)}DomainName")["Default"] == ""
    properties = domain["Properties"]
    assert properties["EndpointConfiguration"] == {"Types": ["REGIONAL"]}
    assert properties["SecurityPolicy"] == "TLS_1_2"
    assert properties["RegionalCertificateArn"] == {"Ref": "DomainCertificateArn"}
    mapping = resource(f"{prefix(api)}BasePathMapping")["Properties"]
    # No base path: `/` and `/partners/customers` resolve against the domain as they are.
    assert "BasePath" not in mapping
    assert mapping["RestApiId"] == {"Ref": api}
    assert mapping["Stage"] == {"Ref": f"{api}.Stage"}
    alias = resource(f"{prefix(api)}DomainAlias")
    assert alias["Condition"] == f"{prefix(api)}DomainRecord"
    assert alias["Properties"]["AliasTarget"]["DNSName"] == {
        "Fn::GetAtt": [f"{prefix(api)}Domain", "RegionalDomainName"]
    }
    disable = resource(api)["Properties"]["DisableExecuteApiEndpoint"]
    assert disable == {"Fn::If": [f"{prefix(api)}ExecuteApiOff", True, False]}
    assert condition(f"{prefix(api)}ExecuteApiOff") == {
        "Fn::And": [
            {"Fn::Condition": f"{prefix(api)}DomainSet"},
            {"Fn::Condition": "ExecuteApiOffWithDomain"},
        ]
    }


def test_count_answers_at_the_domain_root_and_its_alias_path():
    outputs = template()["Outputs"]
    assert outputs["CountDomainEndpoint"]["Value"] == {"Fn::Sub": "https://${CountDomainName}/"}
    events = resource("CountCreateCustomerFunction")["Properties"]["Events"]
    assert {e["Properties"]["Path"] for e in events.values()} == {"/", "/partners/customers"}


# --- Keys, storage, least privilege ------------------------------------------------------------


@pytest.mark.parametrize("table", TABLES)
def test_tables_use_the_optional_customer_key_and_deletion_protection(table):
    properties = resource(table)["Properties"]
    sse = properties["SSESpecification"]
    assert sse["SSEEnabled"] is True
    assert sse["SSEType"] == {"Fn::If": ["KmsKeySet", "KMS", NO_VALUE]}
    assert sse["KMSMasterKeyId"] == {"Fn::If": ["KmsKeySet", {"Ref": "KmsKeyArn"}, NO_VALUE]}
    assert properties["DeletionProtectionEnabled"] == {
        "Fn::If": ["TableDeletionProtectionOn", True, False]
    }
    assert parameter("TableDeletionProtection")["Default"] == "true"


def test_secret_and_function_environments_use_the_optional_customer_key():
    key = {"Fn::If": ["KmsKeySet", {"Ref": "KmsKeyArn"}, NO_VALUE]}
    assert resource("XcladeJwtSecret")["Properties"]["KmsKeyId"] == key
    assert template()["Globals"]["Function"]["KmsKeyArn"] == key
    policy = resource("FunctionsKmsKeyPolicy")
    assert policy["Condition"] == "KmsKeySet"
    # SAM names each function's generated role <function>Role.
    roles = sorted(role["Ref"] for role in policy["Properties"]["Roles"])
    assert roles == [f"{function}Role" for function in FUNCTIONS]


def test_no_function_may_read_the_customer_table():
    # A retry's stored answer comes back with the cancelled transaction (ALL_OLD), which the
    # PutItem grant covers: no GetItem (docs/operations.md, least privilege).
    for pair in _table_operations():
        assert pair != ("CustomerTable", "GetItem"), pair


# --- checkov -----------------------------------------------------------------------------------


def test_every_checkov_skip_is_written_on_its_resource_with_a_reason():
    skips = []
    for logical_id, value in template()["Resources"].items():
        for skip in (value.get("Metadata") or {}).get("checkov", {}).get("skip", []):
            assert re.fullmatch(r"CKV2?_AWS_\d+", skip["id"]), (logical_id, skip)
            assert len(skip["comment"]) > 40, (logical_id, skip)
            skips.append((logical_id, skip["id"]))
    # Only checks that do not apply to a synchronous POST-only API (docs/operations.md).
    assert {check for _, check in skips} == {"CKV_AWS_116", "CKV_AWS_117", "CKV_AWS_120"}


def test_checkov_is_pinned():
    pins = (ROOT / "tools/checkov/requirements.txt").read_text().splitlines()
    assert "checkov==3.3.30" in pins


def test_the_generated_xclade_key_is_strong_and_rotation_knows_the_grace_period():
    generated = resource("XcladeJwtSecret")["Properties"]["GenerateSecretString"]
    assert generated["PasswordLength"] >= 32  # bytes: at least 256 bits
    grace = {"Ref": "XcladeJwtKeyGraceSeconds"}
    environment = resource("XcladeAuthorizerFunction")["Properties"]["Environment"]["Variables"]
    assert environment["XCLADE_JWT_KEY_GRACE_SECONDS"] == grace
    # `python -m ops xclade rotate-key` reports until when the previous key stays valid.
    assert template()["Outputs"]["XcladeJwtKeyGraceSeconds"]["Value"] == grace
