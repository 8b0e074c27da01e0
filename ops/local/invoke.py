"""`python -m ops invoke FUNCTION EVENT`: one deployed function of the local stack, invoked with a
fixture through `sam remote invoke` (no Docker: the function runs where MiniStack runs it), with
its logs and its answer printed.

The fixture is first given the local stack's credentials (ops/local/fixtures.py says how);
`--fresh-email` or `--email` vary the customer's email, `--as-is` sends the file unchanged;
`--print-event` prints the event instead of sending it (for `sam local invoke --event`).
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import subprocess  # runs the venv's own SAM CLI  # nosec B404
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ops import apis
from ops.local import fixtures
from ops.local.process import LOCAL, ROOT, STACK_FILE, local_environment

INVOKE_TIMEOUT_S = 120


@dataclass(frozen=True)
class Invocation:
    function: str
    logs: str
    payload: Any  # the function's return value, or Lambda's error object
    function_error: str | None  # "Unhandled" when the function raised

    @property
    def is_proxy_response(self) -> bool:
        return isinstance(self.payload, dict) and "statusCode" in self.payload

    @property
    def status(self) -> int:
        """What API Gateway answers the client: a proxy response's own status; for an
        authorizer, 200 when it allows the request through, 403 when it denies it, 401 when it
        raises Unauthorized; 502 for any other failure."""
        if self.is_proxy_response:
            return int(self.payload["statusCode"])
        if self.function_error is None and isinstance(self.payload, dict):
            statements = self.payload.get("policyDocument", {}).get("Statement", [])
            effects = {statement.get("Effect") for statement in statements}
            if effects == {"Allow"}:
                return 200
            if "Deny" in effects:
                return 403
        if isinstance(self.payload, dict) and self.payload.get("errorMessage") == "Unauthorized":
            return 401
        return 502

    def body(self) -> Any:
        """A proxy response's body, parsed when it is JSON."""
        raw = self.payload.get("body") if self.is_proxy_response else None
        try:
            return json.loads(raw) if raw else raw
        except ValueError:
            return raw

    def as_json(self) -> dict[str, Any]:
        answer: dict[str, Any] = {"function": self.function, "status": self.status}
        if self.is_proxy_response:
            answer["headers"] = self.payload.get("headers") or {}
            answer["body"] = self.body()
        else:
            answer["result"] = self.payload
        return {**answer, "functionError": self.function_error, "logs": self.logs}


def api_of_event(event_file: Path) -> apis.Api:
    """The API whose events/<api>/ folder holds the fixture."""
    resolved = event_file.resolve()
    for api in apis.apis():
        if resolved.parent == api.events_dir.resolve():
            return api
    raise ValueError(f"{event_file} is not in events/<api>/ of an API of template.yaml")


def read_stack_file() -> dict[str, Any]:
    if not STACK_FILE.exists():
        raise SystemExit(f"{STACK_FILE.relative_to(ROOT)} is missing: run `make local-up` first")
    described: dict[str, Any] = json.loads(STACK_FILE.read_text())
    return described


def prepared_event(
    event_file: Path, *, email: str | None, fresh_email: bool, as_is: bool
) -> dict[str, Any]:
    event: dict[str, Any] = json.loads(event_file.read_text())
    if as_is:
        return event
    if fresh_email:
        email = fixtures.fresh_email(event)
    return fixtures.for_local_stack(
        event, api_of_event(event_file).name, read_stack_file(), email=email
    )


def remote_invoke(function: str, event: dict[str, Any], *, stack: str) -> Invocation:
    """`sam remote invoke` of the stack's function on the local stack."""
    LOCAL.mkdir(exist_ok=True)
    with tempfile.NamedTemporaryFile(
        "w", suffix=".json", prefix="invoke-", dir=LOCAL, delete=False
    ) as event_file:
        json.dump(event, event_file)
    sam = str(Path(sys.executable).parent / "sam")  # the SAM CLI of the venv running us
    try:
        completed = subprocess.run(  # noqa: S603 - our own tool  # nosec B603
            [
                sam, "remote", "invoke", function, "--stack-name", stack,
                "--event-file", event_file.name, "--output", "json",
            ],
            cwd=ROOT,
            env={**os.environ, **local_environment()},
            capture_output=True,
            text=True,
            timeout=INVOKE_TIMEOUT_S,
            check=False,
        )  # fmt: skip
    finally:
        Path(event_file.name).unlink(missing_ok=True)
    if completed.returncode != 0:
        raise RuntimeError(f"sam remote invoke {function} failed:\n{completed.stderr[-3000:]}")
    answer = json.loads(completed.stdout)
    logs = base64.b64decode(answer.get("LogResult") or "").decode(errors="replace")
    raw_payload = answer.get("Payload") or "null"
    try:
        payload = json.loads(raw_payload)
    except ValueError:
        payload = raw_payload
    return Invocation(function, logs, payload, answer.get("FunctionError"))


def print_invocation(invocation: Invocation) -> None:
    print(f"--- logs of {invocation.function}")
    print(invocation.logs.rstrip() or "(none)")
    print("--- response")
    if invocation.is_proxy_response:
        print(f"status: {invocation.status}")
        for name, value in (invocation.payload.get("headers") or {}).items():
            print(f"{name}: {value}")
        body = invocation.body()
        print(json.dumps(body, indent=2) if isinstance(body, dict | list) else body)
    else:
        print(f"status: {invocation.status} (as API Gateway answers this authorizer result)")
        print(json.dumps(invocation.payload, indent=2))


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "invoke", help="invoke a function of the local stack with a fixture (sam remote invoke)"
    )
    parser.add_argument("function", help="logical id, e.g. AximCreateCustomerFunction")
    parser.add_argument(
        "event", type=Path, help="fixture, e.g. events/<api>/create-customer-sample.json"
    )
    email = parser.add_mutually_exclusive_group()
    email.add_argument("--fresh-email", action="store_true", help="a new customer email")
    email.add_argument("--email", help="this customer email instead of the fixture's")
    email.add_argument(
        "--as-is", action="store_true", help="send the fixture unchanged (no local credentials)"
    )
    output = parser.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print the answer as one JSON object")
    output.add_argument(
        "--print-event",
        action="store_true",
        help="print the event as it would be sent, and invoke nothing (for sam local invoke)",
    )
    parser.set_defaults(run=_run)


def _run(args: argparse.Namespace) -> int:
    known = {function.logical_id for function in apis.functions()}
    if args.function not in known:
        print(
            f"unknown function {args.function}; one of {', '.join(sorted(known))}", file=sys.stderr
        )
        return 2
    event = prepared_event(
        args.event, email=args.email, fresh_email=args.fresh_email, as_is=args.as_is
    )
    if args.print_event:
        json.dump(event, sys.stdout, indent=2)
        print()
        return 0
    invocation = remote_invoke(args.function, event, stack=args.stack)
    if args.json:
        json.dump(invocation.as_json(), sys.stdout, indent=2)
        print()
    else:
        print_invocation(invocation)
    return 0
