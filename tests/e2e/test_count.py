"""COUNT over real HTTP: signed requests checked by the authorizer (client, token) and the
function (timestamp, signature, replay), team-scoped uniqueness, the usage plan and the gateway
responses in COUNT's shape, as deployed from template.yaml on the local stack.

Requests are signed with COUNT's signing module (through the operator helper
ops.count.clients.signed_headers) at the current time, in milliseconds, never twice alike.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import time
import uuid
from dataclasses import dataclass, replace
from typing import Any

import pytest

from ops.count.clients import signed_headers
from ops.local import commands, provision
from tests.e2e.conftest import (
    api_entry,
    assert_throttled_burst,
    fresh_email,
    local_client,
    run_ops,
    run_ops_json,
)
from tests.support import events
from tests.support.count_requests import unique_now_millis
from tests.support.http import (
    Expected,
    Response,
    assert_answer,
    burst_until_throttled,
    send,
)

ROOT_PATH = "/"
ALIAS_PATH = "/partners/customers"
THROTTLED = Expected(
    429,
    {
        "status": "error",
        "message": "Rate limit exceeded. Please retry later.",
        "code": "RATE_LIMIT_EXCEEDED",
    },
)
NOT_FOUND = Expected(
    404,
    {"status": "error", "message": "The requested resource was not found.", "code": "NOT_FOUND"},
)
MESSAGES = {
    "MISSING_CREDENTIALS": (
        "Authentication required: send x-client-id, x-timestamp, x-signature and "
        "Authorization: Bearer <access token>."
    ),
    "UNKNOWN_CLIENT": "The client id is not recognised.",
    "CLIENT_NOT_ENABLED": "The client is not enabled for this API.",
    "INVALID_TOKEN": "The access token is invalid.",
    "TOKEN_REVOKED": "The access token has been revoked.",
    "TOKEN_CLIENT_MISMATCH": "The access token does not belong to this client.",
    "INVALID_TIMESTAMP": "x-timestamp must be a Unix time in seconds or milliseconds.",
    "TIMESTAMP_OUT_OF_RANGE": "x-timestamp is more than 300 seconds away from the server time.",
    "INVALID_SIGNATURE": "The request signature is invalid.",
    "REPLAYED_REQUEST": "This signed request has already been used.",
}
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def refused(code: str, details: dict[str, Any] | None = None) -> Expected:
    body = {"status": "error", "message": MESSAGES[code], "code": code}
    return Expected(401, body if details is None else {**body, "details": details})


@dataclass(frozen=True)
class CountClient:
    """A registered client as a caller holds it: id, secret, an access token, and the usage-plan
    key MiniStack needs as x-api-key (it ignores ApiKeySourceType AUTHORIZER)."""

    client_id: str
    secret: str
    token: str
    api_key: str
    team_id: str
    api_key_id: str

    @classmethod
    def from_entry(cls, entry: dict[str, Any]) -> CountClient:
        return cls(
            client_id=entry["clientId"],
            secret=entry["clientSecret"],
            token=entry["headers"]["Authorization"].removeprefix("Bearer "),
            api_key=entry["headers"]["x-api-key"],
            team_id=entry["teamId"],
            api_key_id=entry["apiKeyId"],
        )

    @classmethod
    def register(cls, team_id: str) -> CountClient:
        """A new client through the operator commands, with a token of its own."""
        client = run_ops_json("count", "register-client", "--team", team_id, "--name", "e2e client")
        issued = run_ops_json("count", "issue-token", "--client-id", client["clientId"])
        return cls(
            client_id=client["clientId"],
            secret=client["clientSecret"],
            token=issued["accessToken"],
            api_key=client["apiKeyValue"],
            team_id=team_id,
            api_key_id=client["apiKeyId"],
        )

    def headers(self, path: str, body: bytes, *, timestamp: str | None = None) -> dict[str, str]:
        """Every header of a request signed now (or at `timestamp`) over exactly `body`."""
        signed = signed_headers(
            client_id=self.client_id,
            secret=self.secret,
            method="POST",
            path=path,
            body=body,
            timestamp=timestamp or unique_now_millis(),
            token=self.token,
        )
        return {"Content-Type": "application/json", "x-api-key": self.api_key, **signed}


@pytest.fixture(scope="module")
def count(local_stack: dict[str, Any]) -> dict[str, Any]:
    return api_entry(local_stack, "count")


@pytest.fixture(scope="module")
def demo(count: dict[str, Any]) -> CountClient:
    return CountClient.from_entry(count)


def new_team() -> str:
    return f"team_e2e_{uuid.uuid4().hex[:12]}"


def sample_body(email: str) -> bytes:
    """The document's sample request, with a fresh email, as raw bytes (what is signed)."""
    body = {**events.body_of(events.load("count", "create-customer-sample")), "email": email}
    return json.dumps(body).encode()


def post(url: str, headers: dict[str, str], body: bytes) -> Response:
    return send("POST", url, headers=headers, body=body)


def create(count: dict[str, Any], client: CountClient, email: str) -> Response:
    body = sample_body(email)
    return post(count["url"], client.headers(ROOT_PATH, body), body)


@pytest.mark.parametrize(("url_key", "path"), [("url", ROOT_PATH), ("aliasUrl", ALIAS_PATH)])
def test_signed_sample_request_is_created_on_both_routes(
    count: dict[str, Any], demo: CountClient, url_key: str, path: str
) -> None:
    email = fresh_email()
    body = sample_body(email)

    response = post(count[url_key], demo.headers(path, body), body)

    assert response.status == 201, response
    created = response.json()
    assert (created["status"], created["message"]) == ("success", "Customer created successfully")
    data = created["data"]
    assert UUID.fullmatch(data["id"]), data["id"]
    sent = json.loads(body)
    for field in ("customer", "email", "mainPhone", "website", "status"):
        assert data[field] == sent[field]
    assert data["billingAddress"] == sent["billingAddress"]
    assert [c["email"] for c in data["contacts"]] == [c["email"] for c in sent["contacts"]]
    assert all(UUID.fullmatch(contact["id"]) for contact in data["contacts"])
    assert data["createdAt"] == data["updatedAt"]
    assert "teamId" not in data


def test_the_printed_curl_command_signs_when_pasted(count: dict[str, Any]) -> None:
    """`make local`'s COUNT command, run twice by bash: each run signs anew, so the second is
    refused as a duplicate email, not as a replayed signature."""
    count_api = next(api for api in provision.local_apis() if api.name == "count")
    body = sample_body(fresh_email()).decode()
    (_, command), *_ = commands.curl_commands(count_api, count, body)

    bash = shutil.which("bash")
    assert bash, "the printed COUNT command needs bash (process substitution)"
    statuses = []
    for _ in range(2):
        printed = subprocess.run(  # noqa: S603 - the command make local prints
            [bash, "-c", command], capture_output=True, text=True, timeout=60, check=True
        ).stdout
        statuses.append(printed.split()[1])  # "HTTP/1.1 201 Created"
        last_body = printed.rsplit("\n", 1)[-1]

    assert statuses == ["201", "409"], statuses
    assert json.loads(last_body)["code"] == "EMAIL_ALREADY_EXISTS"


def test_same_email_is_409_in_one_team_and_created_in_another(
    count: dict[str, Any], demo: CountClient
) -> None:
    email = fresh_email()
    assert create(count, demo, email).status == 201

    duplicates = [create(count, demo, again) for again in (email, email.upper())]
    elsewhere = create(count, CountClient.register(new_team()), email.upper())

    for response in duplicates:
        assert_answer(
            response,
            Expected(
                409,
                {
                    "status": "error",
                    "message": "A customer with this email already exists in this team.",
                    "code": "EMAIL_ALREADY_EXISTS",
                    "details": {"field": "email"},
                },
            ),
        )
    assert elsewhere.status == 201, elsewhere
    assert elsewhere.json()["data"]["email"] == email.upper()


@pytest.mark.parametrize(
    ("missing", "expected"),
    [
        # The authorizer's identity sources: the gateway answers (UNAUTHORIZED).
        ("x-client-id", refused("MISSING_CREDENTIALS")),
        ("Authorization", refused("MISSING_CREDENTIALS")),
        # Checked where the body is: the function answers, naming what is missing.
        ("x-timestamp", refused("MISSING_CREDENTIALS", {"missingHeaders": ["x-timestamp"]})),
        ("x-signature", refused("MISSING_CREDENTIALS", {"missingHeaders": ["x-signature"]})),
    ],
)
def test_missing_header_is_401_missing_credentials(
    count: dict[str, Any], demo: CountClient, missing: str, expected: Expected
) -> None:
    body = sample_body(fresh_email())
    headers = {k: v for k, v in demo.headers(ROOT_PATH, body).items() if k != missing}

    response = post(count["url"], headers, body)

    assert_answer(response, expected)


def test_unknown_client_is_401_unknown_client(count: dict[str, Any], demo: CountClient) -> None:
    stranger = replace(demo, client_id=f"cli_{uuid.uuid4().hex[:24]}")

    response = create(count, stranger, fresh_email())

    assert_answer(response, refused("UNKNOWN_CLIENT"))


def test_client_whose_key_left_the_usage_plan_is_401_client_not_enabled(
    local_stack: dict[str, Any], count: dict[str, Any]
) -> None:
    # What an operator does to suspend a client: its key no longer belongs to the plan. The
    # gateway refuses the key (INVALID_API_KEY) before the function is called.
    client = CountClient.register(new_team())
    local_client(local_stack, "apigateway").delete_usage_plan_key(
        usagePlanId=count["usagePlanId"], keyId=client.api_key_id
    )

    response = create(count, client, fresh_email())

    assert_answer(response, refused("CLIENT_NOT_ENABLED"))


def test_unknown_token_is_401_invalid_token(count: dict[str, Any], demo: CountClient) -> None:
    response = create(count, replace(demo, token=uuid.uuid4().hex), fresh_email())

    assert_answer(response, refused("INVALID_TOKEN"))


def test_revoked_token_is_401_token_revoked(count: dict[str, Any], demo: CountClient) -> None:
    # Never used before it is revoked: the authorizer caches its verdict for 60 s.
    issued = run_ops_json("count", "issue-token", "--client-id", demo.client_id)
    run_ops("count", "revoke-token", "--token-file", "-", stdin=issued["accessToken"])

    response = create(count, replace(demo, token=issued["accessToken"]), fresh_email())

    assert_answer(response, refused("TOKEN_REVOKED"))


def test_token_of_another_client_is_401_token_client_mismatch(
    count: dict[str, Any], demo: CountClient
) -> None:
    other = CountClient.register(demo.team_id)

    response = create(count, replace(other, token=demo.token), fresh_email())

    assert_answer(response, refused("TOKEN_CLIENT_MISMATCH"))


@pytest.mark.parametrize("timestamp", ["yesterday", "1795440404.5", "-1"])
def test_malformed_timestamp_is_401_invalid_timestamp(
    count: dict[str, Any], demo: CountClient, timestamp: str
) -> None:
    body = sample_body(fresh_email())

    response = post(count["url"], demo.headers(ROOT_PATH, body, timestamp=timestamp), body)

    assert_answer(response, refused("INVALID_TIMESTAMP"))


@pytest.mark.parametrize("offset_s", [-301, 301])
def test_timestamp_outside_the_window_is_401_out_of_range(
    count: dict[str, Any], demo: CountClient, offset_s: int
) -> None:
    body = sample_body(fresh_email())
    timestamp = str(int(time.time()) + offset_s)

    response = post(count["url"], demo.headers(ROOT_PATH, body, timestamp=timestamp), body)

    answer = response.json()
    server_time = answer.get("details", {}).get("serverTime")
    assert isinstance(server_time, int), response
    assert abs(server_time - time.time()) < 60, response
    details = {"serverTime": server_time, "toleranceSeconds": 300}
    assert_answer(response, refused("TIMESTAMP_OUT_OF_RANGE", details))


def test_signature_over_another_body_is_401_invalid_signature(
    count: dict[str, Any], demo: CountClient
) -> None:
    signed_body = sample_body(fresh_email())
    sent_body = signed_body.replace(b'"status": "active"', b'"status": "inactive"')
    assert sent_body != signed_body

    response = post(count["url"], demo.headers(ROOT_PATH, signed_body), sent_body)

    assert_answer(response, refused("INVALID_SIGNATURE"))


def test_signature_over_another_path_is_401_invalid_signature(
    count: dict[str, Any], demo: CountClient
) -> None:
    body = sample_body(fresh_email())

    # Signed for `/`, sent to the alias (signed as `/customers`).
    response = post(count["aliasUrl"], demo.headers(ROOT_PATH, body), body)

    assert_answer(response, refused("INVALID_SIGNATURE"))


def test_signature_with_another_secret_is_401_invalid_signature(
    count: dict[str, Any], demo: CountClient
) -> None:
    response = create(count, replace(demo, secret=demo.secret + "x"), fresh_email())

    assert_answer(response, refused("INVALID_SIGNATURE"))


def test_replayed_request_is_401_although_its_signature_is_valid(
    count: dict[str, Any], demo: CountClient
) -> None:
    body = sample_body(fresh_email())
    headers = demo.headers(ROOT_PATH, body)
    first = post(count["url"], headers, body)
    assert first.status == 201, first

    replayed = post(count["url"], headers, body)

    assert_answer(replayed, refused("REPLAYED_REQUEST"))


@pytest.mark.parametrize(
    ("method", "path"),
    [("POST", "/no-such-route"), ("GET", "/"), ("DELETE", "/partners/customers")],
)
def test_unknown_route_is_404_in_count_shape(
    count: dict[str, Any], demo: CountClient, method: str, path: str
) -> None:
    url = count["url"].removesuffix("/") + path

    response = send(method, url, headers=demo.headers(path, b""))

    assert_answer(response, NOT_FOUND)


def test_burst_past_the_limit_is_429_rate_limit_exceeded(count: dict[str, Any]) -> None:
    # A client of its own: draining the demo client's bucket would throttle the other tests.
    client = CountClient.register(new_team())

    # Signed at send time; an empty object is refused with 400 by the function (nothing written).
    def call() -> Response:
        return post(count["url"], client.headers(ROOT_PATH, b"{}"), b"{}")

    outcome = burst_until_throttled(call)

    assert_throttled_burst(outcome, count["throttle"], served_status=400, throttled=THROTTLED)
