"""`python -m ops watch`: code saved in the checkout is running on the local stack seconds later.

Function code goes through `sam sync --code --watch` (it builds the changed function and updates
its code; works on MiniStack). The shared layer is handled here: sam sync's layer flow looks up
the layer's versions by ARN, which MiniStack answers with none, so a change under layers/core is
built with `sam build CoreLayer`, published as a new layer version, and every function that uses
the layer is pointed at it. Template changes are not watched: run `make local-up` for those.
Ctrl-C stops both.
"""

from __future__ import annotations

import argparse
import io
import shutil
import subprocess  # runs the venv's own SAM CLI  # nosec B404
import sys
import time
import zipfile
from pathlib import Path
from typing import Any

from ops import apis
from ops.local.process import ROOT, say, use_local_aws
from ops.template import resource, template

LAYER = "CoreLayer"
POLL_S = 1.0


def layer_sources() -> Path:
    return ROOT / str(resource(LAYER)["Properties"]["ContentUri"]).rstrip("/")


def snapshot(folder: Path) -> dict[Path, float]:
    """Modification times of the layer's sources (not its caches)."""
    return {
        path: path.stat().st_mtime
        for path in folder.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }


def layer_users() -> list[str]:
    """Functions that use the layer: every one when Globals names it, else those that do."""
    global_layers = template().get("Globals", {}).get("Function", {}).get("Layers", [])
    users = []
    for function in (*apis.functions(), *apis.stack_functions()):
        layers = resource(function.logical_id)["Properties"].get("Layers", global_layers)
        if {"Ref": LAYER} in layers:
            users.append(function.logical_id)
    return users


def zipped(folder: Path) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(folder))
    return buffer.getvalue()


def build_layer(changed: set[Path], sam: str) -> None:
    """`sam build CoreLayer`, unless only the package's own sources changed: then the last
    build's installed requirements are kept and the package is copied in (without bytecode,
    which the full build compiles: stale unchecked-hash .pyc files would win over new sources)."""
    folder = layer_sources()
    built = ROOT / ".aws-sam" / "build" / LAYER / "python"
    packages = {path.relative_to(folder).parts[0] for path in changed}
    package_only = len(packages) == 1 and (folder / next(iter(packages))).is_dir()
    if package_only and (built / next(iter(packages))).is_dir():
        package = next(iter(packages))
        shutil.rmtree(built / package)
        shutil.copytree(
            folder / package, built / package, ignore=shutil.ignore_patterns("__pycache__")
        )
        return
    subprocess.run([sam, "build", LAYER], cwd=ROOT, check=True)  # noqa: S603 - our SAM CLI  # nosec B603


def publish_layer(stack: str, sam: str, changed: set[Path]) -> str:
    """Build the layer, publish it as a new version, point its functions at it."""
    import boto3

    started = time.monotonic()
    build_layer(changed, sam)
    lambda_client: Any = boto3.client("lambda")
    cloudformation: Any = boto3.client("cloudformation")
    properties = resource(LAYER)["Properties"]
    published = lambda_client.publish_layer_version(
        LayerName=LAYER,
        Content={"ZipFile": zipped(ROOT / ".aws-sam" / "build" / LAYER)},
        CompatibleRuntimes=properties.get("CompatibleRuntimes", []),
    )
    for logical_id in layer_users():
        name = cloudformation.describe_stack_resource(
            StackName=stack, LogicalResourceId=logical_id
        )["StackResourceDetail"]["PhysicalResourceId"]
        lambda_client.update_function_configuration(
            FunctionName=name, Layers=[published["LayerVersionArn"]]
        )
    say(f"{LAYER} version {published['Version']} in use ({time.monotonic() - started:.1f} s)")
    return str(published["LayerVersionArn"])


def watch(stack: str) -> None:
    use_local_aws()
    sam = str(Path(sys.executable).parent / "sam")
    folder = layer_sources()
    # sam sync asks to confirm that the stack is a development one: the local stack is. It
    # would also build and sync the layer on a change under its folder, fail (above) and race
    # with the build here: its watch of the layer is excluded (a regex on the changed path).
    syncing = subprocess.Popen(  # noqa: S603 - our SAM CLI  # nosec B603
        [
            sam, "sync", "--code", "--watch", "--stack-name", stack,
            "--resource", "AWS::Serverless::Function", "--no-dependency-layer",
            "--watch-exclude", f"{LAYER}={folder.relative_to(ROOT)}",
        ],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    assert syncing.stdin is not None  # narrows Popen's type: stdin=PIPE above  # nosec B101
    syncing.stdin.write("y\n")
    syncing.stdin.close()
    seen = snapshot(folder)
    say(f"watching function code (sam sync) and {folder.relative_to(ROOT)} (Ctrl-C stops)")
    try:
        while syncing.poll() is None:
            time.sleep(POLL_S)
            current = snapshot(folder)
            if current != seen:
                changed = {p for p in current.keys() | seen.keys() if current.get(p) != seen.get(p)}
                seen = current
                try:
                    publish_layer(stack, sam, changed)
                except Exception as error:  # a failed build or call: say so, keep watching
                    say(f"{LAYER} not updated: {error}")
    except KeyboardInterrupt:
        pass
    finally:
        syncing.terminate()
        syncing.wait(timeout=10)


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "watch", help="redeploy changed function and layer code to the local stack as you save"
    )
    parser.set_defaults(run=_run)


def _run(args: argparse.Namespace) -> int:
    watch(args.stack)
    return 0
