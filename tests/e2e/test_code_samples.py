"""Every code sample of every published document (openapi/<api>.json, `x-codeSamples`), run as an
integrator runs it against the local stack: curl under bash, Python with the standard library,
JavaScript under Node. Each gets only the environment its document names (the API's URL and
credentials, and <API>_API_KEY: the local stack needs x-api-key) and must print the success
status on its first line, then a created customer of the document's shape with a fresh email.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import api_entry
from tests.support.openapi import JSON, document, operations

SAMPLE_TIMEOUT_S = 60
# Python without site-packages (-S) nor the environment's settings (-I): the standard library only.
RUNNERS = {
    "Shell": (["bash"], ".sh"),
    "Python": ([sys.executable, "-I", "-S"], ".py"),
    "JavaScript": (["node"], ".js"),
}
# The route of each API's `url` in .local/stack.json: the base URL is what comes before it.
STACK_ROUTE = {"axim": "/customers", "xclade": "/admin/customers", "count": "/"}
CASES = [
    pytest.param(api, path, sample, id=f"{api}{path}-{sample['label']}")
    for api in ("axim", "xclade", "count")
    for path, _method, operation in operations(api)
    for sample in operation["x-codeSamples"]
]


def sample_environment(api: str, entry: dict[str, Any]) -> dict[str, str]:
    """The variables the samples read, from the local stack's credentials."""
    headers = entry["headers"]
    prefix = api.upper()
    variables = {
        f"{prefix}_URL": entry["url"].removesuffix(STACK_ROUTE[api]),
        f"{prefix}_API_KEY": headers["x-api-key"],
    }
    if api == "axim":
        variables["AXIM_ACCESS_TOKEN"] = headers["accessToken"]
    elif api == "xclade":
        variables["XCLADE_TOKEN"] = headers["Authorization"].removeprefix("Bearer ")
    else:
        variables["COUNT_TOKEN"] = headers["Authorization"].removeprefix("Bearer ")
        variables["COUNT_CLIENT_ID"] = entry["clientId"]
        variables["COUNT_CLIENT_SECRET"] = entry["clientSecret"]
    return variables


def keys_of(value: Any) -> Any:
    """The shape of a JSON value: its object keys, recursively (arrays by their first item)."""
    if isinstance(value, dict):
        return {key: keys_of(item) for key, item in value.items()}
    if isinstance(value, list):
        return [keys_of(value[0])] if value else []
    return None


def emails(value: Any) -> list[str]:
    if isinstance(value, dict):
        found = [v for k, v in value.items() if k == "email" and isinstance(v, str)]
        return found + [e for k, v in value.items() if k != "email" for e in emails(v)]
    if isinstance(value, list):
        return [e for item in value for e in emails(item)]
    return []


@pytest.mark.parametrize(("api", "path", "sample"), CASES)
def test_published_code_sample_creates_a_customer(
    local_stack: dict[str, Any], tmp_path: Path, api: str, path: str, sample: dict[str, str]
) -> None:
    (runner, *options), suffix = RUNNERS[sample["lang"]]
    executable = shutil.which(runner)
    assert executable, f"{runner} is not installed"
    program = tmp_path / f"sample{suffix}"
    program.write_text(sample["source"])
    entry = api_entry(local_stack, api)
    environment = {"PATH": os.environ["PATH"], **sample_environment(api, entry)}
    if "HOME" in os.environ:
        environment["HOME"] = os.environ["HOME"]

    ran = subprocess.run(  # noqa: S603 - the published sample, run as an integrator would
        [executable, *options, str(program)],
        env=environment,
        capture_output=True,
        text=True,
        timeout=SAMPLE_TIMEOUT_S,
        check=False,
    )

    assert ran.returncode == 0, ran.stderr[-3000:]
    status, _, printed = ran.stdout.partition("\n")
    responses = document(api)["paths"][path]["post"]["responses"]
    success = min(code for code in responses if code.startswith("2"))
    assert status == success, ran.stdout[-3000:]
    body = json.loads(printed)
    example = next(iter(responses[success]["content"][JSON]["examples"].values()))["value"]
    assert keys_of(body) == keys_of(example)
    sample_email = str(_sample_request(api, path)["email"])
    local, domain = sample_email.rsplit("@", 1)
    fresh = re.compile(rf"{re.escape(local)}\.[0-9a-f]{{12}}@{re.escape(domain)}")
    assert any(fresh.fullmatch(email) for email in emails(body)), emails(body)


def _sample_request(api: str, path: str) -> dict[str, Any]:
    content = document(api)["paths"][path]["post"]["requestBody"]["content"][JSON]
    value: dict[str, Any] = content["examples"]["sample"]["value"]
    return value
