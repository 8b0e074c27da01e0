"""COUNT's string to sign, the fixtures signed with it, and the operator `sign` command."""

from __future__ import annotations

import hashlib
import hmac
import json

import pytest
from count_api.count_signature import sign, signed_path, string_to_sign

from ops.__main__ import main
from tests.support.count_requests import FIXTURE_CLIENT_ID, FIXTURE_SECRET, FIXTURE_TIMESTAMP
from tests.support.events import EVENTS, load


@pytest.mark.parametrize(
    ("path", "signed"),
    [
        ("/", "/"),
        ("/partners/customers", "/customers"),
        ("/partners", "/"),
        ("/customers", "/customers"),
        ("/partnersx/customers", "/partnersx/customers"),
        ("/partners/customers?page=2", "/customers"),
    ],
)
def test_signed_path_drops_the_partners_prefix_and_the_query(path, signed):
    assert signed_path(path) == signed


def test_string_to_sign_is_method_path_timestamp_and_body_hash():
    body = b'{"customer":"Acme"}'
    assert string_to_sign("post", "/partners/customers", "1795440404", body) == (
        f"POST:/customers:1795440404:{hashlib.sha256(body).hexdigest()}"
    )
    # No body: the hash of the empty string.
    assert string_to_sign("GET", "/", "1", b"").endswith(
        ":e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    )


def test_signature_is_hex_hmac_sha256_of_the_string_with_the_secret():
    message = "POST:/:1795440404:" + hashlib.sha256(b"{}").hexdigest()
    expected = hmac.new(b"secret", message.encode(), hashlib.sha256).hexdigest()
    assert sign("secret", "POST", "/", "1795440404", b"{}") == expected


def test_every_signed_fixture_carries_the_signature_of_its_own_request():
    """The fixtures are examples of the scheme at their recorded time (FIXTURE_TIMESTAMP)."""
    checked = 0
    for path in sorted((EVENTS / "count").glob("create-customer-*.json")):
        event = json.loads(path.read_text())
        headers = event["headers"]
        if "x-signature" not in headers or path.stem.endswith("bad-signature"):
            continue
        expected = sign(
            FIXTURE_SECRET,
            event["httpMethod"],
            event["path"],
            headers["x-timestamp"],
            event["body"].encode(),
        )
        assert headers["x-signature"] == expected, path.name
        assert headers["x-client-id"] == FIXTURE_CLIENT_ID, path.name
        checked += 1
    assert checked >= 8
    assert load("count", "create-customer-sample")["headers"]["x-timestamp"] == FIXTURE_TIMESTAMP


def test_sign_command_prints_curl_headers_for_a_body_file(tmp_path, capsys):
    body = tmp_path / "body.json"
    body.write_bytes(load("count", "create-customer-sample")["body"].encode())
    secret, token = tmp_path / "secret", tmp_path / "token"
    secret.write_text(f"{FIXTURE_SECRET}\n")
    token.write_text("tok")

    arguments = ["count", "sign", "--client-id", FIXTURE_CLIENT_ID, "--secret-file", str(secret)]
    arguments += ["--token-file", str(token), "--path", "/", "--body-file", str(body)]
    assert main([*arguments, "--timestamp", FIXTURE_TIMESTAMP]) == 0

    lines = capsys.readouterr().out.splitlines()
    fixture_headers = load("count", "create-customer-sample")["headers"]
    assert lines == [
        f"x-client-id: {FIXTURE_CLIENT_ID}",
        f"x-timestamp: {FIXTURE_TIMESTAMP}",
        f"x-signature: {fixture_headers['x-signature']}",
        "Authorization: Bearer tok",
    ]


def test_sign_command_reads_the_secret_from_the_environment(monkeypatch, capsys):
    monkeypatch.setenv("COUNT_CLIENT_SECRET", "from-env")
    monkeypatch.delenv("COUNT_ACCESS_TOKEN", raising=False)
    assert main(["count", "sign", "--client-id", "c", "--body", "{}", "--timestamp", "5"]) == 0
    printed = dict(line.split(": ", 1) for line in capsys.readouterr().out.splitlines())
    assert printed["x-signature"] == sign("from-env", "POST", "/", "5", b"{}")
    assert "Authorization" not in printed
    assert len(printed["x-timestamp"]) == 1


def test_sign_command_without_a_secret_fails(monkeypatch, capsys):
    monkeypatch.delenv("COUNT_CLIENT_SECRET", raising=False)
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    assert main(["count", "sign", "--client-id", "c"]) == 3
    assert "COUNT_CLIENT_SECRET" in capsys.readouterr().err


def test_default_timestamp_is_now_in_milliseconds(monkeypatch, capsys):
    from customer_core.domain.clock import utc_now

    monkeypatch.setenv("COUNT_CLIENT_SECRET", "s")
    before = int(utc_now().timestamp() * 1000)
    main(["count", "sign", "--client-id", "c"])
    printed = dict(line.split(": ", 1) for line in capsys.readouterr().out.splitlines())
    assert before <= int(printed["x-timestamp"]) <= before + 60_000
