"""Every operation's x-codeSamples, run against a recording HTTP server on 127.0.0.1: each program
sends what its document says (method, path under the base URL, credentials, x-api-key only when
set, the sample body with a fresh email) and prints the status, then the body. A signed API's
programs must sign exactly as its signing module verifies. The e2e tier runs the same programs
against the local stack (tests/e2e/test_code_samples.py)."""

from __future__ import annotations

import importlib
import json
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from ops import apis, facts
from ops.openapi.generate import description_of
from ops.openapi.samples import Credentials
from tests.support.openapi import JSON, document, operations

RUNNERS = {
    "Shell": (["bash"], ".sh"),
    "Python": ([sys.executable, "-I", "-S"], ".py"),
    "JavaScript": (["node"], ".js"),
}
STAGE = "/v1"  # the base URL carries a path, as API Gateway's stage URL does


def credentials(api: str) -> Credentials:
    """What the API's samples read and send: its description's (ops/<api>/openapi.py)."""
    return description_of(api).credentials


def sample_values(api: str) -> dict[str, str]:
    """A made-up value for every credential variable its samples read."""
    found = credentials(api)
    names = [header.variable for header in found.headers]
    if found.signing:
        names += [found.signing.client_id.variable, found.signing.secret_variable]
    return {name: f"sample-{name.lower()}" for name in names}


def expected_headers(api: str) -> dict[str, str]:
    """The credential headers a sample sends with those values."""
    found, values = credentials(api), sample_values(api)
    headers = {h.name.lower(): h.prefix + values[h.variable] for h in found.headers}
    if found.signing:
        client_id = found.signing.client_id
        headers[client_id.name.lower()] = client_id.prefix + values[client_id.variable]
    return headers


CASES = [
    pytest.param(api, path, sample, api_key, id=f"{api}{path}-{sample['label']}-{api_key}")
    for api in apis.names()
    for path, _method, operation in operations(api)
    for sample in operation["x-codeSamples"]
    for api_key in ("with-key", "without-key")
]


class Recorder(ThreadingHTTPServer):
    answer: tuple[int, bytes] = (201, b"{}")
    received: list[dict[str, Any]]


class _Handler(BaseHTTPRequestHandler):
    server: Recorder

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        self.server.received.append(
            {
                "method": self.command,
                "path": self.path,
                "headers": {name.lower(): value for name, value in self.headers.items()},
                "body": self.rfile.read(length),
            }
        )
        status, body = self.server.answer
        self.send_response(status)
        self.send_header("Content-Type", JSON)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def recorder() -> Iterator[Recorder]:
    server = Recorder(("127.0.0.1", 0), _Handler)
    server.received = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def run_sample(sample: dict[str, str], environment: dict[str, str], tmp_path: Path) -> str:
    (runner, *options), suffix = RUNNERS[sample["lang"]]
    executable = shutil.which(runner)
    assert executable, f"{runner} is not installed"
    program = tmp_path / f"sample{suffix}"
    program.write_text(sample["source"])
    ran = subprocess.run(  # noqa: S603 - the document's sample
        [executable, *options, str(program)],
        env={"PATH": os.environ["PATH"], **environment},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert ran.returncode == 0, ran.stderr[-3000:]
    return ran.stdout


@pytest.mark.parametrize(("api", "path", "sample", "api_key"), CASES)
def test_code_sample_sends_what_the_document_says(
    recorder: Recorder, tmp_path: Path, api: str, path: str, sample: dict[str, str], api_key: str
) -> None:
    operation = document(api)["paths"][path]["post"]
    success = min(code for code in operation["responses"] if code.startswith("2"))
    created = next(iter(operation["responses"][success]["content"][JSON]["examples"].values()))
    answer = json.dumps(created["value"]).encode()
    recorder.answer = (int(success), answer)
    recorder.received.clear()
    environment = {
        credentials(api).url_variable: f"http://127.0.0.1:{recorder.server_port}{STAGE}/",
        **sample_values(api),
    }
    if api_key == "with-key":
        environment[credentials(api).api_key_variable] = "usage-plan-key"

    printed = run_sample(sample, environment, tmp_path)

    status, _, body = printed.partition("\n")
    assert status == success
    assert json.loads(body) == created["value"]
    (request,) = recorder.received
    assert request["method"] == "POST"
    assert request["path"] == STAGE + path
    headers = request["headers"]
    assert headers["content-type"] == JSON
    for name, value in expected_headers(api).items():
        assert headers[name] == value
    assert headers.get("x-api-key") == ("usage-plan-key" if api_key == "with-key" else None)
    sent = json.loads(request["body"])
    sample_body = operation["requestBody"]["content"][JSON]["examples"]["sample"]["value"]
    assert {**sent, "email": sample_body["email"]} == sample_body
    local, domain = sample_body["email"].rsplit("@", 1)
    assert re.fullmatch(rf"{re.escape(local)}\.[0-9a-f]{{12}}@{re.escape(domain)}", sent["email"])
    signing = credentials(api).signing
    if signing:
        sign = importlib.import_module(facts.of(api).signing.module).sign  # type: ignore[union-attr]
        timestamp = headers[signing.timestamp_header.lower()]
        secret = sample_values(api)[signing.secret_variable]
        signed_path = signing.signed_path(path)
        expected = sign(secret, "POST", signed_path, timestamp, request["body"])
        assert headers[signing.signature_header.lower()] == expected


def test_two_runs_send_two_emails(recorder: Recorder, tmp_path: Path) -> None:
    api = apis.names()[0]
    route = apis.api(api).routes[0]
    sample = document(api)["paths"][route]["post"]["x-codeSamples"][1]
    recorder.answer = (201, b"{}")
    recorder.received.clear()
    environment = {
        credentials(api).url_variable: f"http://127.0.0.1:{recorder.server_port}",
        **sample_values(api),
    }
    run_sample(sample, environment, tmp_path)
    run_sample(sample, environment, tmp_path)
    first, second = (json.loads(request["body"])["email"] for request in recorder.received)
    assert first != second
