"""The botocore data our AWS clients are made from (customer_core/store/botocore_data/, see
customer_core/store/session.py): exactly what the installed botocore gives (a botocore pin bump
fails here until `python -m ops botocore-data` is run), and as good as botocore's own for every
operation we call, with botocore's own as the fallback.

Each comparison makes one client from our data (`aws.trimmed_session()`) and one from botocore's
(`botocore.session.get_session()`) with the same settings, and answers both at the wire (botocore's
`before-send` event, as ops/bench/probe.py does): no connection is opened.
"""

from __future__ import annotations

import base64
import datetime
import difflib
import json
import logging
import re
import shutil
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import botocore
import botocore.retries.standard as standard_retries
import pytest
from botocore import xform_name
from botocore.awsrequest import AWSPreparedRequest, AWSResponse, HTTPHeaders
from botocore.exceptions import ClientError, NoRegionError
from botocore.model import Shape, StringShape, StructureShape
from botocore.session import get_session
from customer_core.store import aws

from ops import botocore_data

REGENERATE = f"run `{botocore_data.COMMAND}` (make botocore-data) and commit the result"
CREDENTIALS = {
    "aws_access_key_id": "AKIDEXAMPLE",
    "aws_secret_access_key": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
    "aws_session_token": "session-token",
}
# Vary per request or per client and carry nothing the model decides.
UNCOMPARED_HEADERS = {"x-amz-date", "authorization", "user-agent", "amz-sdk-invocation-id"}
SHIPPED = sorted(
    (service, operation)
    for service, operations in botocore_data.shipped_operations().items()
    for operation in operations
)


# --- the committed files ------------------------------------------------------------------------


def test_committed_data_is_what_the_installed_botocore_gives():
    committed = botocore_data.committed()
    generated = botocore_data.render()
    problems = [f"missing: {name}" for name in sorted(generated.keys() - committed.keys())]
    problems += [f"not generated: {name}" for name in sorted(committed.keys() - generated.keys())]
    for name in sorted(generated.keys() & committed.keys()):
        if generated[name] != committed[name]:
            problems.append(f"differs: {name}")
            if not name.endswith(".gz"):
                problems += list(
                    difflib.unified_diff(
                        committed[name].decode().splitlines(),
                        generated[name].decode().splitlines(),
                        "committed",
                        "generated",
                        n=1,
                        lineterm="",
                    )
                )[:40]
    assert not problems, (
        f"{botocore_data.DATA} is not what botocore {botocore.__version__} gives: {REGENERATE}\n"
        + "\n".join(problems)
    )


def test_the_data_says_which_botocore_it_came_from():
    source = json.loads((botocore_data.DATA / botocore_data.SOURCE_FILE).read_text())
    assert source["botocore"] == botocore.__version__, REGENERATE
    assert source["generatedBy"] == botocore_data.COMMAND


def test_the_cut_model_keeps_the_operations_their_shapes_and_every_error_and_no_documentation():
    loader = botocore_data.source_loader()
    full = loader.load_data("dynamodb/2012-08-10/service-2")
    cut = botocore_data.trim_model(full, ("GetItem",))
    assert list(cut["operations"]) == ["DescribeEndpoints", "GetItem"]  # + endpoint discovery
    reached = {"GetItemInput", "GetItemOutput", "AttributeValue", "AttributeMap"}
    assert reached <= cut["shapes"].keys()
    assert "PutItemInput" not in cut["shapes"]
    errors = {name for name, shape in full["shapes"].items() if shape.get("exception")}
    assert errors <= cut["shapes"].keys()
    assert "documentation" not in json.dumps(cut)
    for name, shape in cut["shapes"].items():  # each kept shape whole, but for its documentation
        assert shape == _strip_documentation(full["shapes"][name])
    with pytest.raises(LookupError, match="Scam"):
        botocore_data.trim_model(full, ("Scam",))


def _strip_documentation(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            key: _strip_documentation(item)
            for key, item in value.items()
            if not (key.startswith("documentation") and isinstance(item, str))
        }
    return value


# --- the same requests, responses and errors ----------------------------------------------------


class Body:
    def __init__(self, content: bytes) -> None:
        self.content = content

    def stream(self, **_: Any) -> Iterator[bytes]:
        yield self.content


class Wire:
    """Answers every request a client sends with a canned response (`answers[operation]`, else
    `answers[None]`), and keeps the requests."""

    def __init__(self, client: Any) -> None:
        self.sent: list[AWSPreparedRequest] = []
        self.answers: dict[str | None, tuple[int, dict[str, str], bytes]] = {None: (200, {}, b"{}")}
        client.meta.events.register("before-send", self._answer)

    def _answer(self, request: AWSPreparedRequest, **_: Any) -> AWSResponse:
        self.sent.append(request)
        target = request.headers.get("X-Amz-Target", b"")
        operation = (target.decode() if isinstance(target, bytes) else target).rpartition(".")[2]
        status, headers, body = self.answers.get(operation, self.answers[None])
        return AWSResponse(request.url, status, HTTPHeaders.from_dict(headers), Body(body))

    def requests(self) -> list[tuple[Any, ...]]:
        return [_comparable(request) for request in self.sent]


def _comparable(request: AWSPreparedRequest) -> tuple[Any, ...]:
    headers = {
        name.lower(): value
        for name, value in request.headers.items()
        if name.lower() not in UNCOMPARED_HEADERS
    }
    # The signature's scope (region, service) and signed header names, without date or signature.
    authorization = request.headers.get("Authorization", b"")
    authorization = authorization.decode() if isinstance(authorization, bytes) else authorization
    scope = re.sub(r"/\d{8}/|Signature=[0-9a-f]+", "/", authorization)
    return request.method, request.url, headers, scope, request.body


class Pair:
    """A client of `service` from our data and one from botocore's, each with its wire."""

    def __init__(self, service: str, **settings: Any) -> None:
        ours = aws.trimmed_session().create_client(service, config=aws.client_config(), **settings)
        theirs = get_session().create_client(service, config=aws.client_config(), **settings)
        shipped = [operation for name, operation in SHIPPED if name == service]
        # Made from our data, not silently from botocore's.
        assert ours.meta.service_model.operation_names == shipped
        assert len(theirs.meta.service_model.operation_names) > len(shipped)
        self.clients = (ours, theirs)
        self.wires = (Wire(ours), Wire(theirs))

    def call(self, operation: str, params: dict[str, Any]) -> list[Any]:
        """Each client's requests and outcome (parsed response, or error class and response)."""
        outcomes = []
        for client, wire in zip(self.clients, self.wires, strict=True):
            wire.sent.clear()
            try:
                outcome: Any = getattr(client, xform_name(operation))(**params)
            except ClientError as error:
                outcome = (type(error).__name__, str(error), error.response)
            outcomes.append((wire.requests(), outcome))
        return outcomes

    def answer(
        self,
        status: int,
        body: dict[str, Any],
        headers: dict[str, str] | None = None,
        *,
        operation: str | None = None,
    ) -> None:
        for wire in self.wires:
            wire.answers[operation] = (status, headers or {}, json.dumps(body).encode())


@pytest.fixture(autouse=True)
def fixed_uuid(monkeypatch):
    """botocore fills idempotency tokens (TransactWriteItems' ClientRequestToken) with uuid4."""
    monkeypatch.setattr(uuid, "uuid4", lambda: uuid.UUID("12345678-1234-4678-9234-567812345678"))


# How our code calls each operation (customer_core/store/*.py, ops/); "every member" requests
# are generated from botocore's full model below.
AS_WE_CALL: dict[str, dict[str, Any]] = {
    "GetItem": {
        "TableName": "auth",
        "Key": {"pk": {"S": "TOKEN#axim#abc"}},
        "ProjectionExpression": "usageKey",
    },
    "PutItem": {
        "TableName": "customers",
        "Item": {
            "pk": {"S": "CUSTOMER#axim#default#a@example.com"},
            "v": {"N": "1"},
            "revoked": {"BOOL": False},
            "blob": {"B": b"\x00\xff"},
            "nothing": {"NULL": True},
            "doc": {"M": {"tags": {"L": [{"S": "x"}, {"N": "2.50"}]}}},
        },
        "ConditionExpression": "attribute_not_exists(pk) OR expiresAt < :now",
        "ExpressionAttributeValues": {":now": {"N": "1767225600"}},
        "ReturnConsumedCapacity": "TOTAL",
    },
    "UpdateItem": {
        "TableName": "auth",
        "Key": {"pk": {"S": "CLIENT#count#c1"}},
        "UpdateExpression": "SET disabled = :disabled",
        "ConditionExpression": "attribute_exists(pk)",
        "ExpressionAttributeValues": {":disabled": {"BOOL": True}},
    },
    "DeleteItem": {"TableName": "customers", "Key": {"pk": {"S": "CUSTOMER#axim#smoke#x"}}},
    "TransactWriteItems": {
        "TransactItems": [
            {
                "Put": {
                    "TableName": "customers",
                    "Item": {"pk": {"S": key}},
                    "ConditionExpression": "attribute_not_exists(pk)",
                    "ReturnValuesOnConditionCheckFailure": "ALL_OLD",
                }
            }
            for key in ("CUSTOMER#x", "IDEMPOTENCY#y")
        ],
        "ReturnConsumedCapacity": "TOTAL",
    },
    "DescribeEndpoints": {},
    "GetSecretValue": {"SecretId": "xclade-jwt", "VersionStage": "AWSPREVIOUS"},
    "PutEvents": {
        "Entries": [
            {
                "EventBusName": "customer-api-customers",
                "Source": "customer-api.axim",
                "DetailType": "customer.created",
                "Detail": '{"api":"axim","customer":{"firstName":"Zoë"}}',
            }
        ]
    },
}

# Where a client can be pointed: each resolves the same endpoint (and signing scope) from both.
SETUPS: dict[str, tuple[dict[str, str], dict[str, Any]]] = {
    "us-east-1": ({}, {}),
    "account-id endpoint": ({}, {"aws_account_id": "123456789012"}),
    "eu-west-1": ({"AWS_DEFAULT_REGION": "eu-west-1"}, {}),
    "aws-cn": ({"AWS_DEFAULT_REGION": "cn-north-1"}, {}),
    "aws-us-gov": ({"AWS_DEFAULT_REGION": "us-gov-west-1"}, {}),
    "fips": ({"AWS_USE_FIPS_ENDPOINT": "true"}, {}),
    "dual-stack": ({"AWS_USE_DUALSTACK_ENDPOINT": "true"}, {}),
    # template.yaml sets these variables, empty on AWS; the local stack and sam local set them.
    "template's empty overrides": (
        {
            "AWS_ENDPOINT_URL_DYNAMODB": "",
            "AWS_ENDPOINT_URL_SECRETS_MANAGER": "",
            "AWS_ENDPOINT_URL_EVENTBRIDGE": "",
        },
        {},
    ),
    "per-service overrides": (
        {
            "AWS_ENDPOINT_URL_DYNAMODB": "http://127.0.0.1:8000",
            "AWS_ENDPOINT_URL_SECRETS_MANAGER": "http://127.0.0.1:4566",
            "AWS_ENDPOINT_URL_EVENTBRIDGE": "http://127.0.0.1:4566",
        },
        {},
    ),
    "AWS_ENDPOINT_URL": ({"AWS_ENDPOINT_URL": "http://127.0.0.1:4566"}, {}),
}


@pytest.mark.parametrize("setup", SETUPS)
def test_every_operation_sends_the_same_request_and_parses_the_same_response(setup, monkeypatch):
    variables, settings = SETUPS[setup]
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    for service in sorted({service for service, _ in SHIPPED}):
        pair = Pair(service, **CREDENTIALS, **settings)
        model = pair.clients[1].meta.service_model
        for operation in [name for shipped, name in SHIPPED if shipped == service]:
            assert operation in AS_WE_CALL, f"AS_WE_CALL: how our code calls {operation}?"
            operation_model = model.operation_model(operation)
            full_request = _example(operation_model.input_shape)
            if operation == "PutEvents" and setup == "fips":
                # EndpointId picks an EventBridge global endpoint, which botocore (either data)
                # refuses with FIPS; we never send one (customer_core/store/bus.py).
                full_request.pop("EndpointId", None)
            full_response = _example(operation_model.output_shape)
            pair.answer(200, _wire(operation_model.output_shape, full_response))
            for params in (AS_WE_CALL[operation], full_request):
                ours, theirs = pair.call(operation, params)
                assert ours == theirs, f"{service} {operation} {setup}"
                assert len(ours[0]) == 1
                assert not isinstance(ours[1], tuple), ours[1]
            # Every member of the output came back (nothing parsed away).
            assert _without_metadata(ours[1]).keys() == (full_response or {}).keys()


def test_endpoint_discovery_when_an_operator_enables_it_is_the_same(monkeypatch):
    """The cut model keeps DynamoDB's DescribeEndpoints (its endpoint-discovery operation)."""
    monkeypatch.setenv("AWS_ENDPOINT_DISCOVERY_ENABLED", "true")
    pair = Pair("dynamodb", region_name="us-east-1", **CREDENTIALS)
    discovered = {"Endpoints": [{"Address": "discovered.example", "CachePeriodInMinutes": 5}]}
    pair.answer(200, discovered, operation="DescribeEndpoints")
    ours, theirs = pair.call("GetItem", AS_WE_CALL["GetItem"])
    assert ours == theirs
    assert [request[1] for request in ours[0]] == [
        "https://dynamodb.us-east-1.amazonaws.com/",
        "https://discovered.example",
    ]


DYNAMODB_ERROR = "com.amazonaws.dynamodb.v20120810#"
ITEM = {"pk": {"S": "IDEMPOTENCY#k"}, "fingerprint": {"S": "f"}, "statusCode": {"N": "201"}}
# The errors our code tells apart (customer_core/store/customers.py, replays.py, secrets.py), one
# unmodelled code and one modelled only for operations we do not call.
ERRORS: dict[str, tuple[str, str, dict[str, Any]]] = {
    "ConditionalCheckFailedException": (
        "dynamodb",
        "PutItem",
        {
            "__type": f"{DYNAMODB_ERROR}ConditionalCheckFailedException",
            "message": "The conditional request failed",
            "Item": ITEM,
        },
    ),
    "TransactionCanceledException": (
        "dynamodb",
        "TransactWriteItems",
        {
            "__type": f"{DYNAMODB_ERROR}TransactionCanceledException",
            "Message": "Transaction cancelled, please refer cancellation reasons for specific "
            "reasons [None, ConditionalCheckFailed]",
            "CancellationReasons": [
                {"Code": "None"},
                {"Code": "ConditionalCheckFailed", "Message": "failed", "Item": ITEM},
            ],
        },
    ),
    "TransactionConflictException": (
        "dynamodb",
        "PutItem",
        {"__type": f"{DYNAMODB_ERROR}TransactionConflictException", "message": "conflict"},
    ),
    "ResourceNotFoundException": (
        "secretsmanager",
        "GetSecretValue",
        {
            "__type": "ResourceNotFoundException",
            "Message": "Secrets Manager can't find the specified secret value for staging "
            "label: AWSPREVIOUS",
        },
    ),
    "unmodelled ValidationException": (
        "dynamodb",
        "GetItem",
        {"__type": "com.amazon.coral.validate#ValidationException", "message": "bad key"},
    ),
    "ResourceInUseException (another operation's error)": (
        "dynamodb",
        "UpdateItem",
        {"__type": f"{DYNAMODB_ERROR}ResourceInUseException", "message": "in use"},
    ),
}


@pytest.mark.parametrize("error", ERRORS)
def test_the_errors_our_code_tells_apart_parse_the_same(error):
    service, operation, body = ERRORS[error]
    pair = Pair(service, region_name="us-east-1", **CREDENTIALS)
    pair.answer(400, body, {"x-amzn-RequestId": "req-1"})
    ours, theirs = pair.call(operation, AS_WE_CALL[operation])
    assert ours == theirs
    requests, (error_class, _, response) = ours
    assert len(requests) == 1  # none of these is retried
    code = body["__type"].rpartition("#")[2]
    assert response["Error"]["Code"] == code
    assert error_class == (code if "unmodelled" not in error else "ClientError")
    if code == "TransactionCanceledException":
        reasons = response["CancellationReasons"]
        assert [reason["Code"] for reason in reasons] == ["None", "ConditionalCheckFailed"]
        assert reasons[1]["Item"] == ITEM
    if code == "ConditionalCheckFailedException":
        assert response["Item"] == ITEM


def test_a_throttled_call_is_retried_the_same_way(monkeypatch):
    monkeypatch.setattr(standard_retries.ExponentialBackoff, "delay_amount", lambda *_: 0)
    pair = Pair("dynamodb", region_name="us-east-1", **CREDENTIALS)
    pair.answer(400, {"__type": f"{DYNAMODB_ERROR}ProvisionedThroughputExceededException"})
    ours, theirs = pair.call("GetItem", AS_WE_CALL["GetItem"])
    assert ours == theirs
    assert len(ours[0]) == aws.MAX_ATTEMPTS


# --- the fallback -------------------------------------------------------------------------------


def test_a_service_we_do_not_ship_comes_from_botocores_own_data(monkeypatch, caplog):
    aws.service_client.cache_clear()
    try:
        with caplog.at_level(logging.WARNING):
            sts = aws.service_client("sts")
    finally:
        aws.service_client.cache_clear()
    assert "sts" not in botocore_data.shipped_operations()
    assert "AssumeRole" in sts.meta.service_model.operation_names
    assert caplog.records == []  # expected, not a failure of our data


def _empty(data: Path) -> None:
    shutil.rmtree(data)
    data.mkdir()


def _unreadable_model(data: Path) -> None:
    (data / "dynamodb" / "2012-08-10" / "service-2.json").write_text('{"version": "9.0"}')


def _no_rule_set(data: Path) -> None:
    (data / "dynamodb" / "2012-08-10" / "endpoint-rule-set-1.json.gz").unlink()


@pytest.mark.parametrize("damage", [_empty, _unreadable_model, _no_rule_set])
def test_a_client_our_data_cannot_make_comes_from_botocores_own_data(
    damage: Callable[[Path], None], tmp_path, caplog
):
    data = tmp_path / "botocore_data"
    shutil.copytree(botocore_data.DATA, data)
    damage(data)
    with caplog.at_level(logging.WARNING, logger="customer_core.store.session"):
        client = aws.trimmed_session(str(data)).create_client(
            "dynamodb", region_name="us-east-1", config=aws.client_config(), **CREDENTIALS
        )
    assert "Scan" in client.meta.service_model.operation_names  # botocore's full model
    assert client.meta.endpoint_url == "https://dynamodb.us-east-1.amazonaws.com"
    (warning,) = caplog.records
    assert "dynamodb" in warning.getMessage()
    assert botocore.__version__ in warning.getMessage()


def test_an_error_that_is_not_our_datas_is_botocores_own(monkeypatch, tmp_path, caplog):
    monkeypatch.delenv("AWS_DEFAULT_REGION", raising=False)
    monkeypatch.delenv("AWS_REGION", raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    with caplog.at_level(logging.WARNING), pytest.raises(NoRegionError):
        aws.trimmed_session().create_client("dynamodb", **CREDENTIALS)
    assert caplog.records == []


# --- examples from botocore's model -------------------------------------------------------------


def _example(shape: Shape | None, path: tuple[str, ...] = ()) -> Any:
    """A value for `shape` with every member set (a recursive shape stops at its second visit),
    valid for botocore's parameter validation."""
    if shape is None:
        return {}
    kind = shape.type_name
    if kind == "structure":
        assert isinstance(shape, StructureShape)
        if path.count(shape.name) > 1:
            return None
        members = {
            name: value
            for name, member in shape.members.items()
            if (value := _example(member, (*path, shape.name))) is not None
        }
        if shape.is_tagged_union:
            members = dict(list(members.items())[:1])
        return members
    if kind == "list":
        item = _example(shape.member, path)  # type: ignore[attr-defined]
        return [] if item is None else [item]
    if kind == "map":
        value = _example(shape.value, path)  # type: ignore[attr-defined]
        key = _example(shape.key, path)  # type: ignore[attr-defined]
        return {} if value is None else {key: value}
    if kind == "string":
        if isinstance(shape, StringShape) and shape.enum:
            return shape.enum[-1]
        return "s" * max(int(shape.metadata.get("min", 1)), 1)
    if kind in {"integer", "long"}:
        return max(int(shape.metadata.get("min", 1)), 1)
    if kind in {"float", "double"}:
        return 2.5
    if kind == "boolean":
        return True
    if kind == "blob":
        return b"\x00blob\xff"
    if kind == "timestamp":
        return datetime.datetime(2026, 1, 2, 3, 4, 5, tzinfo=datetime.UTC)
    raise AssertionError(f"no example for {kind} ({shape.name})")


def _wire(shape: Shape | None, value: Any) -> Any:
    """`value` as a JSON-protocol body holds it."""
    if shape is None:
        return {}
    kind = shape.type_name
    if kind == "structure":
        members = shape.members  # type: ignore[attr-defined]
        return {
            members[name].serialization.get("name", name): _wire(members[name], item)
            for name, item in value.items()
        }
    if kind == "list":
        return [_wire(shape.member, item) for item in value]  # type: ignore[attr-defined]
    if kind == "map":
        return {key: _wire(shape.value, item) for key, item in value.items()}  # type: ignore[attr-defined]
    if kind == "blob":
        return base64.b64encode(value).decode()
    if kind == "timestamp":
        return value.timestamp()
    return value


def _without_metadata(response: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in response.items() if key != "ResponseMetadata"}
