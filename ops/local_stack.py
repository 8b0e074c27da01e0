"""The whole application on this machine, deployed from the real template.yaml.

MiniStack (a local AWS, PyPI `ministack`) runs on 127.0.0.1:4566 from its own virtual
environment (.local/ministack-venv: it pins a botocore older than ours). `sam build` and
`sam deploy` put template.yaml on it, a post-deploy step fills in what MiniStack leaves out,
each API gets demo credentials, and .local/stack.json tells clients (and tests/e2e) where each
API is and which headers to send.

    python -m ops local-up     # idempotent; returns once every API answers
    python -m ops local-down   # stops the MiniStack that local-up started
    python -m ops local        # local-up, print endpoints and curl commands, wait for Ctrl-C

Per-API steps live in LOCAL_APIS: an API appears in stack.json once its stack outputs exist, so
another API is one more LocalApi with a small provisioning function. COUNT's functions import
`count_api` (functions/count), so the commands run with PYTHONPATH=layers/core:functions/count.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shlex
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ops import count_clients, redeploy, tokens, xclade_jwt
from ops.stack import outputs

ROOT = Path(__file__).resolve().parents[1]
LOCAL = ROOT / ".local"
STACK_FILE = LOCAL / "stack.json"
PID_FILE = LOCAL / "ministack.pid"
MINISTACK_LOG = LOCAL / "ministack.log"
MINISTACK_VENV = LOCAL / "ministack-venv"
MINISTACK_REQUIREMENTS = ROOT / "ops" / "ministack-requirements.txt"

HOST = "127.0.0.1"
# Another port lets two checkouts run their stacks side by side (LOCAL_STACK_PORT=4567 make …).
PORT = int(os.environ.get("LOCAL_STACK_PORT", "4566"))
ENDPOINT = f"http://{HOST}:{PORT}"
REGION = "us-east-1"
ARTIFACT_BUCKET = "customer-api-local-artifacts"
# Low enough that a concurrent burst in tests/e2e reaches a 429, high enough that sequential
# calls never do. Given to every `<Api>RateLimit` / `<Api>BurstLimit` template parameter
# (xclade's shared plan and COUNT's included: their defaults, 20/40 and 1.67/100, differ).
THROTTLE = {"rateLimit": 10, "burstLimit": 20}
# Demo identities of the local stack: one xclade admin user (on the shared usage plan, as every
# actor without a key of its own) and one COUNT team, whose client is registered on each run.
XCLADE_DEMO_ACTOR = "user_local_demo"
COUNT_DEMO_TEAM = "team_local_demo"
# What the printed COUNT curl command runs to sign at paste time (from the checkout's root).
SIGN_PYTHONPATH = os.pathsep.join(["layers/core", "functions/count"])

START_TIMEOUT_S = 60
ANSWER_TIMEOUT_S = 120
STOP_TIMEOUT_S = 10


def say(message: str) -> None:
    print(f"[local {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def local_environment() -> dict[str, str]:
    """Every AWS call (boto3 here, sam in subprocesses) goes to MiniStack with dummy keys."""
    return {
        "AWS_ENDPOINT_URL": ENDPOINT,
        "AWS_DEFAULT_REGION": REGION,
        "AWS_REGION": REGION,
        "AWS_ACCESS_KEY_ID": "local",
        "AWS_SECRET_ACCESS_KEY": "local",
        "SAM_CLI_TELEMETRY": "0",
        # sam and its layer Makefile's python3 come from the environment running us (.venv).
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
    }


def _use_local_aws() -> None:
    os.environ.update(local_environment())
    os.environ.pop("AWS_PROFILE", None)
    os.environ.pop("AWS_SESSION_TOKEN", None)


def _run(command: list[str]) -> None:
    say("$ " + shlex.join(command))
    subprocess.run(command, cwd=ROOT, env=os.environ, check=True)  # noqa: S603 - our own tools


# --- MiniStack ---------------------------------------------------------------------------------


def ensure_ministack_installed() -> Path:
    """MiniStack's own virtual environment, (re)installed when its pinned requirements change."""
    stamp = MINISTACK_VENV / ".installed"
    wanted = hashlib.sha256(MINISTACK_REQUIREMENTS.read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text().strip() == wanted:
        return MINISTACK_VENV / "bin" / "ministack"
    say(f"installing MiniStack into {MINISTACK_VENV.relative_to(ROOT)} (once, about 30 s)")
    # The base interpreter (3.11, as Lambda's): MiniStack runs the functions on it.
    base_python = getattr(sys, "_base_executable", sys.executable)
    _run([base_python, "-m", "venv", "--clear", str(MINISTACK_VENV)])
    pip = str(MINISTACK_VENV / "bin" / "pip")
    _run([pip, "install", "--quiet", "--no-deps", "-r", str(MINISTACK_REQUIREMENTS)])
    stamp.write_text(wanted + "\n")
    return MINISTACK_VENV / "bin" / "ministack"


def ministack_answers() -> bool:
    try:
        health = f"{ENDPOINT}/_ministack/health"
        with urllib.request.urlopen(health, timeout=2) as response:  # noqa: S310 - our http URL
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


def _our_ministack_pid() -> int | None:
    """The MiniStack process local-up started, if it is still running."""
    try:
        pid = int(PID_FILE.read_text().strip())
        command_line = Path(f"/proc/{pid}/cmdline").read_bytes()
    except (OSError, ValueError):
        return None
    # A recycled pid is not ours: the process must run this checkout's MiniStack.
    return pid if str(MINISTACK_VENV).encode() in command_line else None


def _ministack_environment() -> dict[str, str]:
    """A clean environment: MiniStack hands its own to every function worker, so whatever the
    caller had set (a test run's table names, say) would otherwise reach the functions."""
    kept = {k: os.environ[k] for k in ("HOME", "LANG", "TMPDIR") if k in os.environ}
    return {**kept, **local_environment(), "BIND_HOST": HOST, "GATEWAY_PORT": str(PORT)}


def start_ministack() -> bool:
    """Start MiniStack unless one already answers on the port. True if this call started it."""
    executable = ensure_ministack_installed()
    if ministack_answers():
        say(f"MiniStack already answers on {ENDPOINT}: using it")
        return False
    say(f"starting MiniStack on {ENDPOINT} (log: {MINISTACK_LOG.relative_to(ROOT)})")
    with MINISTACK_LOG.open("w") as log:
        process = subprocess.Popen(  # noqa: S603 - MiniStack from our own venv
            [str(executable)],
            cwd=LOCAL,
            env=_ministack_environment(),
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            # Its own process group: Ctrl-C reaches us, and local-down stops it with its workers.
            start_new_session=True,
        )
    PID_FILE.write_text(f"{process.pid}\n")
    deadline = time.monotonic() + START_TIMEOUT_S
    while not ministack_answers():
        if process.poll() is not None or time.monotonic() > deadline:
            stop_ministack()
            tail = MINISTACK_LOG.read_text()[-2000:]
            raise RuntimeError(f"MiniStack did not start; its log ends:\n{tail}")
        time.sleep(0.2)
    say(f"MiniStack is up (pid {process.pid})")
    return True


def stop_ministack() -> bool:
    """Stop the MiniStack (and its function workers) that local-up started. True if it ran."""
    pid = _our_ministack_pid()
    PID_FILE.unlink(missing_ok=True)
    if pid is None:
        return False
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGTERM)
    deadline = time.monotonic() + STOP_TIMEOUT_S
    while Path(f"/proc/{pid}").exists() and time.monotonic() < deadline:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)
        time.sleep(0.1)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGKILL)
    return True


# --- Build, deploy and MiniStack's gaps --------------------------------------------------------


def _template() -> dict[str, Any]:
    """template.yaml as data; intrinsics (!Ref, !Sub …) read as None: only literals are used."""
    import yaml  # dev dependency: the operator commands run from .venv

    class _Loader(yaml.SafeLoader):
        pass

    _Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    text = (ROOT / "template.yaml").read_text()
    loaded: dict[str, Any] = yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader
    return loaded


def throttle_overrides(parameters: dict[str, Any]) -> list[str]:
    """`Name=value` for every per-API throttle parameter the template declares."""
    overrides = []
    for name in parameters:
        if name.endswith("RateLimit"):
            overrides.append(f"{name}={THROTTLE['rateLimit']}")
        elif name.endswith("BurstLimit"):
            overrides.append(f"{name}={THROTTLE['burstLimit']}")
    return overrides


def deploy(stack: str) -> None:
    import boto3

    s3: Any = boto3.client("s3")
    if ARTIFACT_BUCKET not in {b["Name"] for b in s3.list_buckets().get("Buckets", [])}:
        s3.create_bucket(Bucket=ARTIFACT_BUCKET)
    _run(["sam", "build"])
    overrides = throttle_overrides(_template().get("Parameters", {}))
    # --config-env local: samconfig.toml's default deploy settings (resolve_s3, changeset
    # confirmation) are for AWS; everything the local deploy needs is on this command line.
    _run(
        [
            "sam", "deploy", "--config-env", "local", "--stack-name", stack,
            "--s3-bucket", ARTIFACT_BUCKET,
            "--capabilities", "CAPABILITY_IAM", "CAPABILITY_AUTO_EXPAND",
            "--no-confirm-changeset", "--no-fail-on-empty-changeset",
            "--parameter-overrides", *overrides,
        ]
    )  # fmt: skip


def enable_time_to_live(stack: str) -> list[str]:
    """MiniStack ignores a table's TimeToLiveSpecification: apply it after every deploy."""
    import boto3

    cloudformation: Any = boto3.client("cloudformation")
    dynamodb: Any = boto3.client("dynamodb")
    enabled = []
    for logical_id, resource in _template()["Resources"].items():
        specification = (resource.get("Properties") or {}).get("TimeToLiveSpecification")
        if resource.get("Type") != "AWS::DynamoDB::Table" or not specification:
            continue
        table = cloudformation.describe_stack_resource(
            StackName=stack, LogicalResourceId=logical_id
        )["StackResourceDetail"]["PhysicalResourceId"]
        status = dynamodb.describe_time_to_live(TableName=table)["TimeToLiveDescription"]
        if status.get("TimeToLiveStatus") != "ENABLED":
            dynamodb.update_time_to_live(
                TableName=table,
                TimeToLiveSpecification={
                    "AttributeName": specification["AttributeName"],
                    "Enabled": bool(specification["Enabled"]),
                },
            )
        enabled.append(table)
    return enabled


# --- Per-API demo credentials and stack.json ---------------------------------------------------


@dataclass(frozen=True)
class DeployedApi:
    stack: str
    api_id: str
    outputs: dict[str, str] = field(default_factory=dict)

    def url(self, path: str) -> str:
        """The form every HTTP client can reach (`{id}.execute-api.localhost` is curl-only)."""
        return f"{ENDPOINT}/restapis/{self.api_id}/{redeploy.STAGE}/_user_request_{path}"


@dataclass(frozen=True)
class LocalApi:
    name: str  # its key in stack.json
    api_id_output: str  # the stack output holding its REST API id
    usage_plan_output: str  # the stack output holding its (per-client) usage plan id
    path: str  # the create route under the stage
    sample_event: str  # events/<...>.json whose body the printed curl command sends
    # Demo credentials and anything else a client needs: the rest of its stack.json entry.
    provision: Callable[[DeployedApi], dict[str, Any]]
    alias_path: str | None = None  # a second route to the same create (stack.json `aliasUrl`)
    signed: bool = False  # requests carry a signature over the body (COUNT's scheme)


def _apigateway() -> Any:
    import boto3

    return boto3.client("apigateway")


def deployed_throttle(usage_plan_id: str) -> dict[str, float]:
    """The limits the gateway enforces, read back from the deployed usage plan."""
    throttle = _apigateway().get_usage_plan(usagePlanId=usage_plan_id).get("throttle", {})
    # The API returns the rate as a float; 10.0 reads better as 10.
    return {
        name: int(value) if float(value).is_integer() else float(value)
        for name, value in ((k, throttle.get(k)) for k in ("rateLimit", "burstLimit"))
        if value is not None
    }


def plan_holding_key(api_id: str, key_id: str) -> str | None:
    """The usage plan of `api_id` that `key_id` is a member of. (MiniStack ignores the `keyId`
    filter of GetUsagePlans, so membership is checked plan by plan.)"""
    apigateway = _apigateway()
    for plan in apigateway.get_usage_plans().get("items", []):
        if api_id not in {stage.get("apiId") for stage in plan.get("apiStages", [])}:
            continue
        members = apigateway.get_usage_plan_keys(usagePlanId=plan["id"]).get("items", [])
        if key_id in {member["id"] for member in members}:
            return str(plan["id"])
    return None


def provision_axim(api: DeployedApi) -> dict[str, Any]:
    issued = tokens.issue_token(
        stack=api.stack,
        api="axim",
        name="Local demo client",
        principal_id=None,
        principal_type="api_client",
    )
    # MiniStack ignores ApiKeySourceType AUTHORIZER: the usage-plan key is sent as x-api-key.
    return {
        "headers": {"accessToken": issued.token, "x-api-key": issued.api_key_value},
        "principalId": issued.principal_id,
    }


def provision_xclade(api: DeployedApi) -> dict[str, Any]:
    """A day-long admin JWT for the demo actor, signed with the key in the stack's secret. The
    actor has no key of its own, so the authorizer names the shared plan's key: that is the
    x-api-key MiniStack needs."""
    minted = xclade_jwt.mint(
        stack=api.stack,
        actor_id=XCLADE_DEMO_ACTOR,
        ttl=xclade_jwt.DEFAULT_TTL,
        secret=None,
        own_key=False,
    )
    shared_plan = plan_holding_key(api.api_id, api.outputs["XcladeSharedApiKeyId"])
    return {
        "headers": {"Authorization": f"Bearer {minted.token}", "x-api-key": minted.apiKeyValue},
        "jwtSecret": xclade_jwt.stack_secret(api.stack),
        "actorId": minted.actorId,
        "expiresAt": minted.expiresAt,
        # `throttle` is the per-actor plan (actors given --own-usage-key); the demo actor is here:
        "sharedThrottle": deployed_throttle(shared_plan) if shared_plan else None,
    }


def provision_count(api: DeployedApi) -> dict[str, Any]:
    """A new client in the demo team (each run: a secret is shown only once) and its token."""
    client = count_clients.register_client(
        stack=api.stack, team_id=COUNT_DEMO_TEAM, name="Local demo client"
    )
    issued = count_clients.issue_token(stack=api.stack, client_id=client.client_id)
    return {
        "headers": {"Authorization": f"Bearer {issued.token}", "x-api-key": client.api_key_value},
        "clientId": client.client_id,
        "clientSecret": client.client_secret,
        "teamId": client.team_id,
        "apiKeyId": client.api_key_id,
    }


LOCAL_APIS = (
    LocalApi(
        "axim",
        "AximApiId",
        "AximUsagePlanId",
        "/customers",
        "axim/create-customer-sample",
        provision_axim,
    ),
    LocalApi(
        "xclade",
        "XcladeApiId",
        "XcladeUsagePlanId",
        "/admin/customers",
        "xclade/create-customer-valid",
        provision_xclade,
    ),
    LocalApi(
        "count",
        "CountApiId",
        "CountUsagePlanId",
        "/",
        "count/create-customer-sample",
        provision_count,
        alias_path="/partners/customers",
        signed=True,
    ),
)


def provision(stack: str) -> dict[str, Any]:
    """stack.json's content: one entry per API whose stack outputs exist, and the limits."""
    stack_outputs = outputs(stack)
    described: dict[str, Any] = {
        "endpoint": ENDPOINT,
        "region": REGION,
        "stack": stack,
        "throttle": dict(THROTTLE),
    }
    for local_api in LOCAL_APIS:
        api_id = stack_outputs.get(local_api.api_id_output)
        if api_id is None:
            continue
        deployed = DeployedApi(stack=stack, api_id=api_id, outputs=stack_outputs)
        say(f"{local_api.name}: issuing demo credentials")
        plan_id = stack_outputs[local_api.usage_plan_output]
        entry: dict[str, Any] = {"url": deployed.url(local_api.path)}
        if local_api.alias_path:
            entry["aliasUrl"] = deployed.url(local_api.alias_path)
        described[local_api.name] = {
            **entry,
            "apiId": api_id,
            "usagePlanId": plan_id,
            "throttle": deployed_throttle(plan_id),
            **local_api.provision(deployed),
        }
    return described


def write_stack_file(described: dict[str, Any]) -> None:
    partial = STACK_FILE.with_suffix(".json.partial")
    partial.write_text(json.dumps(described, indent=2) + "\n")
    partial.chmod(0o600)  # it holds live demo credentials
    partial.replace(STACK_FILE)


def api_entries(described: dict[str, Any]) -> Iterator[tuple[LocalApi, dict[str, Any]]]:
    for local_api in LOCAL_APIS:
        if local_api.name in described:
            yield local_api, described[local_api.name]


# An empty object: every function refuses it with 400 after authentication, writing nothing.
PROBE_BODY = b"{}"


def probe_headers(local_api: LocalApi, entry: dict[str, Any]) -> dict[str, str]:
    """The entry's headers; for a signed API also the probe's signature, made for each attempt
    (the same signature sent again would be refused as a replay)."""
    headers: dict[str, str] = entry["headers"]
    if not local_api.signed:
        return headers
    signed = count_clients.signed_headers(
        client_id=entry["clientId"],
        secret=entry["clientSecret"],
        method="POST",
        path=local_api.path,
        body=PROBE_BODY,
        token=headers["Authorization"].removeprefix("Bearer "),
    )
    return {**headers, **signed}


def _status_of(url: str, headers: dict[str, str]) -> int | None:
    request = urllib.request.Request(  # noqa: S310 - a local http URL we built
        url, data=PROBE_BODY, method="POST", headers={"Content-Type": "application/json", **headers}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)
    except (urllib.error.URLError, OSError):
        return None


def wait_until_answering(described: dict[str, Any]) -> None:
    """Each API answers an empty object through authorizer and function, without a 5xx (a
    validation 400 writes nothing; COUNT's is signed, so its whole authentication runs). The
    first call also starts the functions' workers."""
    deadline = time.monotonic() + ANSWER_TIMEOUT_S
    for local_api, entry in api_entries(described):
        while (
            status := _status_of(entry["url"], probe_headers(local_api, entry))
        ) is None or status >= 500:
            if time.monotonic() > deadline:
                raise RuntimeError(f"{local_api.name} does not answer: last status {status}")
            time.sleep(1)
        say(f"{local_api.name} answers ({status} to an empty body)")


# --- Commands ----------------------------------------------------------------------------------


def up(stack: str) -> tuple[dict[str, Any], bool]:
    """Start (or reuse) MiniStack, deploy, provision, write stack.json; wait for answers.
    Returns stack.json's content and whether this call started MiniStack."""
    started_at = time.monotonic()
    LOCAL.mkdir(exist_ok=True)
    _use_local_aws()
    started = start_ministack()
    try:
        deploy(stack)
        # A new deployment copies the gateway responses in (as `make deploy` does on AWS).
        redeploy.redeploy(stack)
        say("time to live enabled on " + ", ".join(enable_time_to_live(stack)))
        described = provision(stack)
        write_stack_file(described)
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


def sample_body(local_api: LocalApi) -> str:
    """The sample event's body, compact, as the printed curl command sends it."""
    event = json.loads((ROOT / "events" / f"{local_api.sample_event}.json").read_text())
    return json.dumps(json.loads(event["body"]), separators=(",", ":"))


def curl_command(url: str, headers: dict[str, str], body: str) -> str:
    parts = ["curl", "-sS", "-i", "-X", "POST", url, "-H", "Content-Type: application/json"]
    for name, value in headers.items():
        parts += ["-H", f"{name}: {value}"]
    return shlex.join([*parts, "-d", body])


def signed_curl_command(url: str, path: str, entry: dict[str, Any], body: str) -> str:
    """A COUNT request that is signed when it is pasted, not when it was printed: a signature
    computed now would be stale after 300 s and refused as a replay after its first use.

    `python -m ops sign` (run in the checkout, in a bash/zsh process substitution) prints the
    x-client-id, x-timestamp, x-signature and Authorization headers for exactly this body and
    path; curl reads them with `-H @file`. Only x-api-key (MiniStack's need) is fixed."""
    token = entry["headers"]["Authorization"].removeprefix("Bearer ")
    signer = [
        "env",
        f"COUNT_CLIENT_SECRET={entry['clientSecret']}",
        f"COUNT_ACCESS_TOKEN={token}",
        f"PYTHONPATH={SIGN_PYTHONPATH}",
        sys.executable,
        "-m",
        "ops",
        "sign",
        "--client-id",
        entry["clientId"],
        "--path",
        path,
        "--body",
        body,
    ]
    fixed = {k: v for k, v in entry["headers"].items() if k.lower() != "authorization"}
    curl = shlex.split(curl_command(url, fixed, body))
    head, data = curl[: curl.index("-d")], ["--data-binary", body]
    signing = f"cd {shlex.quote(str(ROOT))} && {shlex.join(signer)}"
    return f"{shlex.join(head)} -H @<({signing}) {shlex.join(data)}"


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
        return [(url, signed_curl_command(url, path, entry, body)) for url, path in routes]
    return [(url, curl_command(url, entry["headers"], body)) for url, _ in routes]


def print_endpoints(described: dict[str, Any]) -> None:
    print(f"\nLocal stack `{described['stack']}` on {described['endpoint']}", flush=True)
    print(f"(throttle per client: {json.dumps(described['throttle'])})\n")
    for local_api, entry in api_entries(described):
        for url, command in curl_commands(local_api, entry):
            print(f"{local_api.name}: POST {url}")
            print(f"  {command}\n", flush=True)
    if any(local_api.signed for local_api, _ in api_entries(described)):
        print("(COUNT's commands sign the request when pasted: run them in bash or zsh.)\n")


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


COMMANDS = {
    "local-up": "start MiniStack, deploy template.yaml to it, write .local/stack.json",
    "local-down": "stop the MiniStack that local-up started",
    "local": "local-up, print endpoints and curl commands, run until Ctrl-C",
}


def run(command: str, stack: str) -> None:
    if command == "local-up":
        described, _ = up(stack)
        print_endpoints(described)
    elif command == "local-down":
        down()
    else:
        run_until_interrupted(stack)
