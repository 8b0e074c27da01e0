"""`local-up`, `local-down` and `local`, and the curl commands they print."""

from __future__ import annotations

import argparse
import json
import shlex
import signal
import time
from typing import Any

from ops import redeploy
from ops.local import sam_local
from ops.local.deploy import deploy, enable_time_to_live
from ops.local.process import (
    ENDPOINT,
    LOCAL,
    ROOT,
    STACK_FILE,
    ministack_answers,
    say,
    start_ministack,
    stop_ministack,
    use_local_aws,
)
from ops.local.provision import (
    LocalApi,
    api_entries,
    provision,
    wait_until_answering,
    write_stack_file,
)


def up(stack: str) -> tuple[dict[str, Any], bool]:
    """Start (or reuse) MiniStack, deploy, provision, write stack.json; wait for answers.
    Returns stack.json's content and whether this call started MiniStack."""
    started_at = time.monotonic()
    LOCAL.mkdir(exist_ok=True)
    use_local_aws()
    started = start_ministack()
    try:
        deploy(stack)
        # A new deployment copies the gateway responses in (as `make deploy` does on AWS).
        redeploy.redeploy(stack)
        say("time to live enabled on " + ", ".join(enable_time_to_live(stack)))
        described = provision(stack)
        write_stack_file(described)
        written = sam_local.write_env_files(stack)
        say("sam local invoke --env-vars: " + ", ".join(str(p.relative_to(ROOT)) for p in written))
        wait_until_answering(described)
    except BaseException:
        if started:
            say("stopping the MiniStack this run started")
            stop_ministack()
        raise
    say(f"stack ready in {time.monotonic() - started_at:.1f} s; {STACK_FILE.relative_to(ROOT)}")
    return described, started


def down() -> None:
    if stop_ministack():
        say("MiniStack stopped")
    elif ministack_answers():
        say(f"MiniStack on {ENDPOINT} was not started by local-up: left running")
    else:
        say("MiniStack is not running")
    STACK_FILE.unlink(missing_ok=True)
    for env_file in sam_local.ENV_FILES:
        env_file.unlink(missing_ok=True)


def sample_body(local_api: LocalApi) -> str:
    """The sample event's body, compact, as the printed curl command sends it."""
    event = json.loads((ROOT / "events" / f"{local_api.sample_event}.json").read_text())
    return json.dumps(json.loads(event["body"]), separators=(",", ":"))


def curl_command(url: str, headers: dict[str, str], body: str) -> str:
    parts = ["curl", "-sS", "-i", "-X", "POST", url, "-H", "Content-Type: application/json"]
    for name, value in headers.items():
        parts += ["-H", f"{name}: {value}"]
    return shlex.join([*parts, "-d", body])


def signed_curl_command(
    local_api: LocalApi, url: str, path: str, entry: dict[str, Any], body: str
) -> str:
    """A request that is signed when it is pasted, not when it was printed: a signature computed
    now would be stale minutes later and refused as a replay after its first use.

    The API's signer command (run in the checkout, in a bash/zsh process substitution) prints
    the signed headers for exactly this body and path; curl reads them with `-H @file`. Only
    the headers the signer does not make (x-api-key: MiniStack's need) are fixed."""
    signing = local_api.facts.signing
    assert signing is not None  # nosec B101 - only called for a signed API
    signer = signing.signer_command(entry, path, body)
    fixed = {k: v for k, v in entry["headers"].items() if k.lower() != "authorization"}
    curl = shlex.split(curl_command(url, fixed, body))
    head, data = curl[: curl.index("-d")], ["--data-binary", body]
    signing_command = f"cd {shlex.quote(str(ROOT))} && {shlex.join(signer)}"
    return f"{shlex.join(head)} -H @<({signing_command}) {shlex.join(data)}"


def curl_commands(
    local_api: LocalApi, entry: dict[str, Any], body: str | None = None
) -> list[tuple[str, str]]:
    """(url, ready-to-paste curl command) for each route of the API; the sample body unless
    another is given."""
    body = sample_body(local_api) if body is None else body
    routes = [(entry["url"], local_api.path)]
    if local_api.alias_path:
        routes.append((entry["aliasUrl"], local_api.alias_path))
    if local_api.signed:
        return [
            (url, signed_curl_command(local_api, url, path, entry, body)) for url, path in routes
        ]
    return [(url, curl_command(url, entry["headers"], body)) for url, _ in routes]


def print_endpoints(described: dict[str, Any]) -> None:
    print(f"\nLocal stack `{described['stack']}` on {described['endpoint']}", flush=True)
    print(f"(throttle per client: {json.dumps(described['throttle'])})\n")
    for local_api, entry in api_entries(described):
        for url, command in curl_commands(local_api, entry):
            print(f"{local_api.name}: POST {url}")
            print(f"  {command}\n", flush=True)
    if any(local_api.signed for local_api, _ in api_entries(described)):
        print("(Signed requests are signed when pasted: run those commands in bash or zsh.)\n")


def run_until_interrupted(stack: str) -> None:
    described, started = up(stack)
    print_endpoints(described)
    say("running; Ctrl-C stops " + ("MiniStack" if started else "nothing (MiniStack not ours)"))
    # Ctrl-C and a plain kill both stop what we started (even where SIGINT came in ignored).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        while True:
            signal.pause()
    except KeyboardInterrupt:
        pass
    finally:
        if started:
            say("stopping")
            stop_ministack()
            STACK_FILE.unlink(missing_ok=True)
            say("stopped")


def register(commands: Any) -> None:
    for name, help_text, action in (
        ("local-up", "start MiniStack, deploy template.yaml to it, write .local/stack.json", _up),
        ("local-down", "stop the MiniStack that local-up started", _down),
        ("local", "local-up, print endpoints and curl commands, run until Ctrl-C", _local),
    ):
        commands.add_parser(name, help=help_text).set_defaults(run=action)


def _up(args: argparse.Namespace) -> int:
    described, _ = up(args.stack)
    print_endpoints(described)
    return 0


def _down(args: argparse.Namespace) -> int:
    down()
    return 0


def _local(args: argparse.Namespace) -> int:
    run_until_interrupted(args.stack)
    return 0
