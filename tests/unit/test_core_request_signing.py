"""The core's signed-request primitives and the stores behind them (moto)."""

from __future__ import annotations

import hashlib
import hmac
import os
import time
from datetime import UTC, datetime

import pytest
from customer_core.auth.request_signing import (
    epoch_seconds_of,
    hmac_sha256_hex,
    sha256_hex,
    signature_matches,
    within_window,
)
from customer_core.http.authorizer import deny_policy
from customer_core.store import clients as client_store
from customer_core.store import replays as replay_store

from tests.unit.conftest import all_items

NOW = datetime(2026, 11, 22, 13, 26, 44, tzinfo=UTC)


def test_hmac_is_hex_sha256_keyed_by_the_secret():
    # RFC 4231 test case 2.
    assert hmac_sha256_hex("Jefe", "what do ya want for nothing?") == (
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
    )
    assert sha256_hex(b"") == hashlib.sha256(b"").hexdigest()


def test_signature_comparison_is_exact_in_the_signers_spelling():
    expected = hmac.new(b"k", b"m", hashlib.sha256).hexdigest()
    assert signature_matches(expected, expected)
    # One spelling per signature (issue 21): lower-case hex, nothing around it.
    assert not signature_matches(expected, expected.upper())
    assert not signature_matches(expected, f" {expected} ")
    assert not signature_matches(expected, f"{expected}\n")
    assert not signature_matches(expected, expected[:-1] + ("0" if expected[-1] != "0" else "1"))
    assert not signature_matches(expected, expected[:-1])
    assert not signature_matches(expected, "")


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("1795440404", 1795440404.0),
        ("1795440404123", 1795440404.123),
        ("0", 0.0),
        ("99999999999", 99999999999.0),  # the last value read as seconds
        ("100000000000", 100000000.0),  # the first read as milliseconds
    ],
)
def test_timestamps_in_seconds_or_milliseconds(value, seconds):
    assert epoch_seconds_of(value) == pytest.approx(seconds)


@pytest.mark.parametrize(
    "value",
    [
        *("", "-5", "1.5", "1e9", "abc", "12345678901234567", "١٢٣"),
        # Other spellings of a valid instant (issue 21): one spelling per timestamp.
        *("01795440404", "+1795440404", " 1795440404", "1795440404 ", "1795440404\n", "00"),
    ],
)
def test_timestamps_that_are_not_plain_integers(value):
    assert epoch_seconds_of(value) is None


def test_window_is_inclusive_both_ways():
    now = NOW.timestamp()
    assert within_window(now - 300, NOW, 300)
    assert within_window(now + 300, NOW, 300)
    assert not within_window(now - 300.001, NOW, 300)
    assert not within_window(now + 301, NOW, 300)


def test_request_mark_is_one_per_client_and_signature_in_any_case():
    signature = "AB" * 32
    mark = replay_store.request_mark("cli_1", signature)
    assert mark == hashlib.sha256(f"cli_1:{'ab' * 32}".encode()).digest()[:16]
    assert replay_store.request_mark("cli_1", signature.lower()) == mark
    assert replay_store.request_mark("cli_2", signature) != mark
    assert replay_store.request_mark("cli_1", "ab" * 31 + "ac") != mark


def _rotate(secret: str) -> None:
    client_store.ClientStore(os.environ["AUTH_TABLE_NAME"]).replace_secret("count", "cli_1", secret)


def test_a_kept_secret_is_used_until_its_max_age_then_read_again(aws):
    record = client_store.ClientRecord("count", "cli_1", "team_a", "Sync", usage_key=None)
    client_store.ClientStore(os.environ["AUTH_TABLE_NAME"]).save_client(record, "first")
    kept = client_store.ClientSecrets(
        client_store.ClientStore(os.environ["AUTH_TABLE_NAME"]), max_age=0.5
    )

    assert kept.get("count", "cli_1") == client_store.Secret("first", fresh=True)
    _rotate("second")
    # Within max_age the kept secret answers, without a store read (the old secret still works).
    assert kept.get("count", "cli_1") == client_store.Secret("first", fresh=False)
    assert kept.reread("count", "cli_1") == client_store.Secret("second", fresh=True)
    _rotate("third")
    time.sleep(0.6)
    assert kept.get("count", "cli_1") == client_store.Secret("third", fresh=True)


def test_no_secret_is_kept_with_max_age_zero_nor_for_an_unknown_client(aws):
    store = client_store.ClientStore(os.environ["AUTH_TABLE_NAME"])
    never = client_store.ClientSecrets(store, max_age=0)
    assert never.get("count", "cli_1") is None
    store.save_client(
        client_store.ClientRecord("count", "cli_1", "team_a", "Sync", usage_key=None), "first"
    )
    assert never.get("count", "cli_1") == client_store.Secret("first", fresh=True)
    _rotate("second")
    assert never.get("count", "cli_1") == client_store.Secret("second", fresh=True)


def test_client_and_secret_are_separate_items_written_together(aws):
    record = client_store.ClientRecord(
        api="count", client_id="cli_1", team_id="team_a", name="Sync", usage_key="k1"
    )
    client_store.ClientStore(os.environ["AUTH_TABLE_NAME"]).save_client(record, "s3cret")

    assert (
        client_store.ClientStore(os.environ["AUTH_TABLE_NAME"]).find_client("count", "cli_1")
        == record
    )
    assert (
        client_store.ClientStore(os.environ["AUTH_TABLE_NAME"]).find_client_secret("count", "cli_1")
        == "s3cret"
    )
    assert (
        client_store.ClientStore(os.environ["AUTH_TABLE_NAME"]).find_client("count", "cli_2")
        is None
    )
    assert (
        client_store.ClientStore(os.environ["AUTH_TABLE_NAME"]).find_client_secret("count", "cli_2")
        is None
    )
    items = {item["pk"]["S"]: item for item in all_items(aws, "AUTH_TABLE_NAME")}
    assert set(items) == {"CLIENT#count#cli_1", "SECRET#count#cli_1"}
    assert "s3cret" not in str(items["CLIENT#count#cli_1"])


def test_registering_a_client_twice_writes_nothing(aws):
    record = client_store.ClientRecord(
        api="count", client_id="cli_1", team_id="team_a", name="Sync", usage_key=None
    )
    client_store.ClientStore(os.environ["AUTH_TABLE_NAME"]).save_client(record, "first")
    with pytest.raises(Exception, match="TransactionCanceled"):
        client_store.ClientStore(os.environ["AUTH_TABLE_NAME"]).save_client(record, "second")
    assert (
        client_store.ClientStore(os.environ["AUTH_TABLE_NAME"]).find_client_secret("count", "cli_1")
        == "first"
    )


def test_deny_policy_covers_the_whole_stage():
    policy = deny_policy(
        principal_id="x",
        method_arn="arn:aws:execute-api:us-east-1:1:api/v1/POST/partners/customers",
    )
    assert policy["policyDocument"]["Statement"] == [
        {
            "Action": "execute-api:Invoke",
            "Effect": "Deny",
            "Resource": ["arn:aws:execute-api:us-east-1:1:api/v1/*/*"],
        }
    ]
