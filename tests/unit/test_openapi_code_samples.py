"""Every operation's x-codeSamples, run against a recording HTTP server on 127.0.0.1: each program
sends what its document says (method, path under the base URL, credentials, x-api-key only when
set, the sample body with a fresh email) and prints the status, then the body. COUNT's programs
must sign exactly as count_api.count_signature verifies. The e2e tier runs the same programs
against the local stack (tests/e2e/test_code_samples.py)."""

from __future__ import annotations

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
from count_api.count_signature import sign

from tests.support.openapi import JSON, document, operations

RUNNERS = {
    "Shell": (["bash"], ".sh"),
    "Python": ([sys.executable, "-I", "-S"], ".py"),
    "JavaScript": (["node"], ".js"),
}
STAGE = "/v1"  # the base URL carries a path, as API Gateway's stage URL does
CREDENTIALS = {
    "axim": {"AXIM_ACCESS_TOKEN": "axim-token"},
    "xclade": {"XCLADE_TOKEN": "xclade.jwt.value"},
    "count": {
        "COUNT_TOKEN": "count-token",
        "COUNT_CLIENT_ID": "cli_sample",
        "COUNT_CLIENT_SECRET": "sample-secret",
    },
}
EXPECTED_HEADERS = {
    "axim": {"accesstoken": "axim-token"},
    "xclade": {"authorization": "Bearer xclade.jwt.value"},
    "count": {"authorization": "Bearer count-token", "x-client-id": "cli_sample"},
}
CASES = [
    pytest.param(api, path, sample, api_key, id=f"{api}{path}-{sample['label']}-{api_key}")
    for api in ("axim", "xclade", "count")
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
    prefix = api.upper()
    environment = {
        f"{prefix}_URL": f"http://127.0.0.1:{recorder.server_port}{STAGE}/",
        **CREDENTIALS[api],
    }
    if api_key == "with-key":
        environment[f"{prefix}_API_KEY"] = "usage-plan-key"

    printed = run_sample(sample, environment, tmp_path)

    status, _, body = printed.partition("\n")
    assert status == success
    assert json.loads(body) == created["value"]
    (request,) = recorder.received
    assert request["method"] == "POST"
    assert request["path"] == STAGE + path
    headers = request["headers"]
    assert headers["content-type"] == JSON
    for name, value in EXPECTED_HEADERS[api].items():
        assert headers[name] == value
    assert headers.get("x-api-key") == ("usage-plan-key" if api_key == "with-key" else None)
    sent = json.loads(request["body"])
    sample_body = operation["requestBody"]["content"][JSON]["examples"]["sample"]["value"]
    assert {**sent, "email": sample_body["email"]} == sample_body
    local, domain = sample_body["email"].rsplit("@", 1)
    assert re.fullmatch(rf"{re.escape(local)}\.[0-9a-f]{{12}}@{re.escape(domain)}", sent["email"])
    if api == "count":
        timestamp = headers["x-timestamp"]
        expected = sign("sample-secret", "POST", path, timestamp, request["body"])
        assert headers["x-signature"] == expected


def test_two_runs_send_two_emails(recorder: Recorder, tmp_path: Path) -> None:
    sample = document("axim")["paths"]["/customers"]["post"]["x-codeSamples"][1]
    recorder.answer = (201, b"{}")
    recorder.received.clear()
    environment = {
        "AXIM_URL": f"http://127.0.0.1:{recorder.server_port}",
        "AXIM_ACCESS_TOKEN": "t",
    }
    run_sample(sample, environment, tmp_path)
    run_sample(sample, environment, tmp_path)
    first, second = (json.loads(request["body"])["email"] for request in recorder.received)
    assert first != second
