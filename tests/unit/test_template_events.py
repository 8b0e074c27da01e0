"""template.yaml's customer events: the stream, the mapping's filter and bounded delivery, the
dead-letter queue and its alarm, the bus and its policy, the local tap — checked on the template,
including what MiniStack does not apply (docs/events.md, docs/local-stack.md say which)."""

from __future__ import annotations

import json
from typing import Any

from tests.support.cfn import parameter_default, resource, template

FUNCTION = "CustomerEventsFunction"
BUS_ARN = (
    "arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}"
    ":event-bus/${AWS::StackName}-customers"
)
NO_VALUE = {"Ref": "AWS::NoValue"}


def mapping() -> dict[str, Any]:
    (event,) = resource(FUNCTION)["Properties"]["Events"].values()
    assert event["Type"] == "DynamoDB"
    found: dict[str, Any] = event["Properties"]
    return found


def test_the_customer_table_streams_new_images_to_the_publisher():
    stream = resource("CustomerTable")["Properties"]["StreamSpecification"]
    assert stream == {"StreamViewType": "NEW_IMAGE"}
    assert mapping()["Stream"] == {"Fn::GetAtt": ["CustomerTable", "StreamArn"]}
    # From the oldest kept record: one stored before the mapping existed is announced too.
    assert mapping()["StartingPosition"] == "TRIM_HORIZON"


def test_the_filter_admits_only_inserts_of_customer_items():
    (only,) = mapping()["FilterCriteria"]["Filters"]
    assert json.loads(only["Pattern"]) == {
        "eventName": ["INSERT"],
        "dynamodb": {
            "NewImage": {"kind": {"S": ["customer"]}, "pk": {"S": [{"prefix": "CUSTOMER#"}]}}
        },
    }


def test_delivery_reports_partial_failures_and_retries_a_bounded_number_of_times():
    properties = mapping()
    assert properties["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
    assert 0 < properties["MaximumRetryAttempts"] <= 10
    assert 60 <= properties["MaximumRecordAgeInSeconds"] <= 6 * 3600
    assert properties["BisectBatchOnFunctionError"] is True
    destination = properties["DestinationConfig"]["OnFailure"]
    assert destination == {
        "Type": "SQS",
        "Destination": {"Fn::GetAtt": ["CustomerEventsDeadLetterQueue", "Arn"]},
    }
    # One PutEvents per record, each at most 9 s with the client's retries (store/aws.py).
    assert resource(FUNCTION)["Properties"]["Timeout"] >= properties["BatchSize"] * 9


def test_the_dead_letter_queue_keeps_batches_14_days_encrypted_and_alarms():
    queue = resource("CustomerEventsDeadLetterQueue")["Properties"]
    assert queue["MessageRetentionPeriod"] == 14 * 24 * 3600
    assert queue["KmsMasterKeyId"] == {"Fn::If": ["KmsKeySet", {"Ref": "KmsKeyArn"}, NO_VALUE]}
    assert queue["SqsManagedSseEnabled"] == {"Fn::If": ["KmsKeySet", NO_VALUE, True]}
    alarm = resource("CustomerEventsDeadLetterAlarm")["Properties"]
    assert (alarm["Namespace"], alarm["MetricName"]) == (
        "AWS/SQS",
        "ApproximateNumberOfMessagesVisible",
    )
    assert alarm["Dimensions"] == [
        {
            "Name": "QueueName",
            "Value": {"Fn::GetAtt": ["CustomerEventsDeadLetterQueue", "QueueName"]},
        }
    ]
    assert (alarm["Threshold"], alarm["ComparisonOperator"]) == (0, "GreaterThanThreshold")
    lag = resource("CustomerEventsIteratorAgeAlarm")["Properties"]
    assert lag["MetricName"] == "IteratorAge"
    assert lag["Dimensions"] == [{"Name": "FunctionName", "Value": {"Ref": FUNCTION}}]


def test_the_publisher_may_only_put_events_on_its_own_bus():
    properties = resource(FUNCTION)["Properties"]
    assert properties["Environment"]["Variables"] == {"EVENT_BUS_NAME": {"Ref": "CustomerEventBus"}}
    ((statement,),) = [policy["Statement"] for policy in properties["Policies"]]
    assert statement == {
        "Effect": "Allow",
        "Action": "events:PutEvents",
        "Resource": {"Fn::Sub": BUS_ARN},
    }
    bus = resource("CustomerEventBus")["Properties"]
    assert bus["Name"] == {"Fn::Sub": "${AWS::StackName}-customers"}  # the ARN above names it


def _bus_statements() -> list[Any]:
    policy = resource("CustomerEventBus")["Properties"]["Policy"]
    statements: list[Any] = policy["Statement"]
    return statements


def test_the_bus_policy_denies_every_other_publisher():
    deny = _bus_statements()[0]
    assert deny["Effect"] == "Deny"
    assert deny["Principal"] == "*"
    assert deny["Action"] == "events:PutEvents"
    assert deny["Resource"] == {"Fn::Sub": BUS_ARN}
    assert deny["Condition"] == {
        "ArnNotEquals": {"aws:PrincipalArn": {"Fn::GetAtt": [f"{FUNCTION}Role", "Arn"]}}
    }


def test_consumer_accounts_of_the_parameter_may_only_manage_rules_they_create():
    parameter = template()["Parameters"]["EventConsumerAccounts"]
    assert parameter["Type"] == "CommaDelimitedList"
    assert parameter["Default"] == ""  # only the stack's own rules unless accounts are named
    conditional = _bus_statements()[1]["Fn::If"]
    assert conditional[0] == "EventConsumersSet"
    assert conditional[2] == NO_VALUE
    allow = conditional[1]
    assert allow["Effect"] == "Allow"
    assert allow["Principal"] == {"AWS": {"Ref": "EventConsumerAccounts"}}
    assert all(action.startswith("events:") for action in allow["Action"])
    assert "events:PutEvents" not in allow["Action"]
    assert allow["Resource"]["Fn::Sub"].endswith(":rule/${AWS::StackName}-customers/*")
    assert allow["Condition"] == {
        "StringEqualsIfExists": {"events:creatorAccount": "${aws:PrincipalAccount}"}
    }
    assert len(_bus_statements()) == 2


def test_the_tap_is_off_by_default_and_sends_every_event_to_its_queue():
    assert template()["Parameters"]["EventTap"]["Default"] == "false"
    for logical_id in (
        "CustomerEventsTapQueue",
        "CustomerEventsTapRule",
        "CustomerEventsTapQueuePolicy",
    ):
        assert resource(logical_id)["Condition"] == "EventTapOn", logical_id
    rule = resource("CustomerEventsTapRule")["Properties"]
    assert rule["EventBusName"] == {"Ref": "CustomerEventBus"}
    assert rule["EventPattern"] == {"account": [{"Ref": "AWS::AccountId"}]}  # every event
    ((target,),) = [rule["Targets"]]
    assert target["Arn"] == {"Fn::GetAtt": ["CustomerEventsTapQueue", "Arn"]}
    (statement,) = resource("CustomerEventsTapQueuePolicy")["Properties"]["PolicyDocument"][
        "Statement"
    ]
    assert statement["Principal"] == {"Service": "events.amazonaws.com"}
    assert statement["Condition"] == {
        "ArnEquals": {"aws:SourceArn": {"Fn::GetAtt": ["CustomerEventsTapRule", "Arn"]}}
    }
    assert template()["Outputs"]["CustomerEventsTapQueueUrl"]["Condition"] == "EventTapOn"


def test_the_publisher_concurrency_is_a_reserved_parameter():
    assert parameter_default({"Ref": "EventPublisherReservedConcurrency"}) > 0
