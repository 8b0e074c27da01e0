"""xclade's signing key: at least 256 bits when loaded (else the authorizer fails, which API
Gateway answers with 500, never 401), and a rotation that keeps the previous key valid for the
grace period. Real authorizer, keys in moto's Secrets Manager."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime, timedelta

import boto3
import jwt
import pytest
from customer_core.auth import jwt_hs256
from customer_core.http.authorizer import Unauthorized
from customer_core.store import secrets as secret_store
from xclade_api import authorizer as authorizer_module
from xclade_api.authorizer import lambda_handler
from xclade_api.signing_keys import SigningKeys

from ops.__main__ import main
from tests.support.events import load, with_headers
from tests.support.xclade import (
    FIXTURE_ACTOR,
    FIXTURE_SECRET,
    install_secret,
    rotate_to,
    stored_keys,
    token,
)

NEW_KEY = "the-new-xclade-signing-key-0123456789abcdefghij"
STACK = "customer-api"


def with_token(value: str):
    return with_headers(load("xclade", "authorizer-valid-token"), authorization=f"Bearer {value}")


@pytest.mark.parametrize("length", [16, 31])
def test_a_key_shorter_than_256_bits_fails_the_authorizer_not_the_token(
    aws, lambda_context, length
):
    weak = "k" * length
    install_secret(weak)

    # Raised past the handler: API Gateway answers AUTHORIZER_FAILURE (500, xclade's DEFAULT_5XX).
    with pytest.raises(jwt_hs256.WeakKey, match=rf"has {length * 8} bits; at least 256"):
        lambda_handler(with_token(token(secret=weak)), lambda_context)


def test_a_key_of_exactly_256_bits_is_accepted(aws, lambda_context):
    key = "k" * 32
    install_secret(key)
    assert lambda_handler(with_token(token(secret=key)), lambda_context)["principalId"]


def test_bits_are_counted_on_the_utf8_bytes_hmac_uses():
    assert jwt_hs256.key_bits("é" * 16) == 256  # 2 bytes each
    with pytest.raises(jwt_hs256.WeakKey):
        jwt_hs256.require_strong_key("é" * 15)


def test_after_a_rotation_both_keys_verify_during_the_grace_period(aws, lambda_context):
    install_secret()
    rotate_to(NEW_KEY)

    old = lambda_handler(with_token(token(secret=FIXTURE_SECRET)), lambda_context)
    new = lambda_handler(with_token(token(secret=NEW_KEY)), lambda_context)

    assert old["principalId"] == new["principalId"] == FIXTURE_ACTOR


def test_after_the_grace_period_only_the_new_key_verifies(aws, lambda_context, monkeypatch):
    install_secret()
    rotate_to(NEW_KEY)
    # A stack deployed with XcladeJwtKeyGraceSeconds=0: the grace period is already over.
    over = dataclasses.replace(authorizer_module.settings, key_grace_seconds="0")
    monkeypatch.setattr(authorizer_module, "settings", over)

    with pytest.raises(Unauthorized):
        lambda_handler(with_token(token(secret=FIXTURE_SECRET)), lambda_context)
    assert lambda_handler(with_token(token(secret=NEW_KEY)), lambda_context)["principalId"]


def test_without_a_previous_key_the_grace_setting_is_not_read(aws, lambda_context, monkeypatch):
    # `make bench` gives the authorizer placeholder settings (ops/template.default_environment).
    install_secret()
    unset = dataclasses.replace(authorizer_module.settings, key_grace_seconds="placeholder")
    monkeypatch.setattr(authorizer_module, "settings", unset)
    assert lambda_handler(with_token(token()), lambda_context)["principalId"] == FIXTURE_ACTOR


def test_a_weak_previous_key_is_left_out_but_the_current_one_works(aws, lambda_context):
    install_secret("short-old-key")
    rotate_to(NEW_KEY)

    with pytest.raises(Unauthorized):
        lambda_handler(with_token(token(secret="short-old-key")), lambda_context)
    assert lambda_handler(with_token(token(secret=NEW_KEY)), lambda_context)["principalId"]


def test_the_grace_period_counts_from_the_rotation_written_in_the_secret(aws, lambda_context):
    grace = authorizer_module.settings.key_grace
    install_secret()
    rotate_to(NEW_KEY, at=datetime.now(UTC) - grace + timedelta(minutes=1))
    assert lambda_handler(with_token(token(secret=FIXTURE_SECRET)), lambda_context)

    rotate_to(FIXTURE_SECRET)  # back, then forward again, a grace period ago
    rotate_to(NEW_KEY, at=datetime.now(UTC) - grace - timedelta(seconds=1))
    with pytest.raises(Unauthorized):
        lambda_handler(with_token(token(secret=FIXTURE_SECRET)), lambda_context)


def test_a_second_rotation_drops_the_key_before_the_previous_one(aws, lambda_context):
    install_secret()
    rotate_to(NEW_KEY)
    rotate_to("the-third-xclade-signing-key-0123456789abcdefgh")

    assert lambda_handler(with_token(token(secret=NEW_KEY)), lambda_context)
    with pytest.raises(Unauthorized):
        lambda_handler(with_token(token(secret=FIXTURE_SECRET)), lambda_context)


def test_one_secrets_manager_call_per_cold_start_with_both_keys(aws, lambda_context):
    install_secret()
    rotate_to(NEW_KEY)
    calls: list[str] = []
    secret_store.client().meta.events.register(
        "before-call.secrets-manager.*", lambda model, **_: calls.append(model.name)
    )

    for signing_key in (FIXTURE_SECRET, NEW_KEY, FIXTURE_SECRET):
        assert lambda_handler(with_token(token(secret=signing_key)), lambda_context)

    # Both keys and the rotation time in one value, kept by Powertools' cache (5 minutes).
    assert calls == ["GetSecretValue"]


@pytest.mark.parametrize(
    "value",
    [
        "a-plain-key-as-the-secret-held-it-before-0123456789",  # not JSON
        '["a-key-in-a-list-0123456789abcdefghijklmnopqrstu"]',
        '{"key": ""}',
        '{"key": 42}',
        '{"key": "k-0123456789abcdefghijklmnopqrstuvwxyz", "other": 1}',
        '{"key": "k-0123456789abcdefghijklmnopqrstuvwxyz", "previous": "p-0123456789abcdef"}',
        '{"key": "k-0123456789abcdefghijklmnopqrstuvwxyz", "previous": "p-0123456789abcdef", '
        '"rotatedAt": "yesterday"}',
        '{"key": "k-0123456789abcdefghijklmnopqrstuvwxyz", "previous": "p-0123456789abcdef", '
        '"rotatedAt": "2026-12-01T10:00:00"}',  # no time zone
    ],
)
def test_a_secret_not_in_the_signing_keys_format_fails_the_authorizer_not_the_token(
    aws, lambda_context, value
):
    install_secret()
    boto3.client("secretsmanager", region_name="us-east-1").put_secret_value(
        SecretId=authorizer_module.settings.jwt_secret_id, SecretString=value
    )
    secret_store.forget()

    # Raised past the handler: API Gateway answers AUTHORIZER_FAILURE (500, DEFAULT_5XX).
    with pytest.raises(secret_store.MalformedSecret) as refused:
        lambda_handler(with_token(token()), lambda_context)
    assert "0123456789" not in str(refused.value)  # logged: names the problem, never the value


def test_the_generated_secret_and_a_rotation_round_trip():
    # What GenerateSecretString (SecretStringTemplate "{}", GenerateStringKey "key") makes.
    generated = SigningKeys.from_secret({"key": "A" * 64})
    assert generated == SigningKeys("A" * 64)
    at = datetime(2026, 12, 2, 11, 0, 0, 123000, tzinfo=UTC)
    rotated = generated.rotated(NEW_KEY, at=at)
    written = json.loads(rotated.to_secret())
    assert written == {
        "key": NEW_KEY,
        "previous": "A" * 64,
        "rotatedAt": "2026-12-02T11:00:00.123Z",
    }
    assert SigningKeys.from_secret(written) == rotated


def test_a_token_of_the_previous_key_is_judged_on_its_own_claims():
    now = int(datetime.now(UTC).timestamp())
    expired = jwt.encode({"exp": now - 5}, FIXTURE_SECRET, algorithm="HS256")
    with pytest.raises(jwt_hs256.InvalidToken, match=r"^expired$"):
        jwt_hs256.verify_with_any(expired, [NEW_KEY, FIXTURE_SECRET])
    forged = jwt.encode({"exp": now + 60}, "neither-key-" * 4, algorithm="HS256")
    with pytest.raises(jwt_hs256.InvalidToken, match=r"^bad_signature$"):
        jwt_hs256.verify_with_any(forged, [NEW_KEY, FIXTURE_SECRET])


@pytest.fixture
def stack(aws):
    """A deployed stack as `python -m ops` sees it: the secret and the grace period output."""
    secret_arn = install_secret()
    outputs = {"XcladeJwtSecretArn": secret_arn, "XcladeJwtKeyGraceSeconds": "86400"}
    boto3.client("cloudformation", region_name="us-east-1").create_stack(
        StackName=STACK,
        TemplateBody=json.dumps(
            {
                "Resources": {"Placeholder": {"Type": "AWS::SNS::Topic"}},
                "Outputs": {k: {"Value": v} for k, v in outputs.items()},
            }
        ),
    )
    return secret_arn


def test_rotate_key_generates_a_strong_key_shown_once_and_keeps_the_old_one_valid(
    stack, capsys, lambda_context
):
    assert main(["--stack", STACK, "xclade", "rotate-key"]) == 0
    printed = json.loads(capsys.readouterr().out)
    key = printed["signingKey"]
    secret_store.forget()

    assert jwt_hs256.key_bits(key) >= 256
    stored = stored_keys(stack)
    assert (stored.key, stored.previous) == (key, FIXTURE_SECRET)
    valid_until = datetime.fromisoformat(printed["previousKeyValidUntil"].replace("Z", "+00:00"))
    assert timedelta(hours=23) < valid_until - datetime.now(UTC) <= timedelta(days=1)
    for signing_key in (key, FIXTURE_SECRET):
        assert lambda_handler(with_token(token(secret=signing_key)), lambda_context)


def test_rotate_key_takes_a_given_key_from_stdin_without_echoing_it(stack, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", _Stdin(NEW_KEY + "\n"))
    assert main(["--stack", STACK, "xclade", "rotate-key", "--key-from-stdin"]) == 0
    out = capsys.readouterr().out
    assert NEW_KEY not in out
    assert json.loads(out)["signingKey"] is None
    assert stored_keys(stack).key == NEW_KEY


def test_rotate_key_refuses_a_weak_key_and_changes_nothing(stack, monkeypatch):
    monkeypatch.setattr("sys.stdin", _Stdin("too-short\n"))
    with pytest.raises(jwt_hs256.WeakKey):
        main(["--stack", STACK, "xclade", "rotate-key", "--key-from-stdin"])
    assert stored_keys(stack) == SigningKeys(FIXTURE_SECRET)


class _Stdin:
    def __init__(self, text: str) -> None:
        self.text = text

    def read(self) -> str:
        return self.text


def test_minting_with_a_weak_key_is_refused_before_any_token(monkeypatch):
    monkeypatch.setenv("XCLADE_JWT_SECRET", "short")
    with pytest.raises(jwt_hs256.WeakKey):
        main(["xclade", "token", "--actor-id", "u1"])


def test_the_fixture_key_that_signed_events_xclade_is_strong_enough():
    assert jwt_hs256.key_bits(FIXTURE_SECRET) >= 256
