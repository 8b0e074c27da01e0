"""Each built function (.aws-sam/build/<Function>) imports in a bare Python: only its own folder,
its layers' python/ folders and the standard library on the path, no site-packages at all. The
layer ships boto3 and botocore, so what Lambda's runtime provides is never needed: the import
checks that boto3, botocore and Powertools come from the layer, at the development pins.

MiniStack runs functions on its own interpreter with its own site-packages (pydantic and boto3
among them), so a requirement missing from layers/core/requirements.txt would pass the e2e tier
and fail on AWS. The import also makes the function's AWS clients (Lambda's init, before any
request: what provisioned concurrency runs ahead; docs/performance.md), without any network.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path
from typing import Any

import pytest
from packaging.utils import canonicalize_name

from ops import apis
from ops.template import default_environment
from tests.support.cfn import ROOT, load_template

BUILD = ROOT / ".aws-sam" / "build"
LAYER = BUILD / "CoreLayer" / "python"


def _pins(lines: list[str]) -> dict[str, str]:
    """name -> version of `name==version` lines (comments and extras left out)."""
    pins: dict[str, str] = {}
    for line in lines:
        # A locked line is `name==version \` (markers after `;`), its hashes on `--hash` lines.
        line = line.split("#", 1)[0].split(";", 1)[0].strip().removesuffix("\\").strip()
        name, _, version = line.partition("==")
        if name and not name.startswith("-"):
            pins[canonicalize_name(name.split("[")[0])] = version
    return pins


# The development pins (what every other tier runs): the layer's SDK must be exactly these.
DEV_PINS = _pins(tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"])
SDK_PINS = {name: DEV_PINS[name] for name in ("boto3", "botocore")}

# Runs in `python -I -S`: argv = handler, the pins as JSON, the libraries that must be loaded from
# the layer (comma-separated), then the folders to put on sys.path (the function's folder first,
# then its layers).
IMPORT_CHECK = """
import importlib, json, sys, sysconfig
handler, pins, libraries, folders = sys.argv[1], json.loads(sys.argv[2]), sys.argv[3], sys.argv[4:]
stdlib = list(sys.path)  # under -I -S only the standard library's own entries
assert not [entry for entry in stdlib if "-packages" in entry], stdlib
sys.path[:] = [*folders, *stdlib]
module_name, _, attribute = handler.rpartition(".")
assert callable(getattr(importlib.import_module(module_name), attribute)), handler
allowed = (*folders, sysconfig.get_paths()["stdlib"], sysconfig.get_paths()["platstdlib"])
loaded = {getattr(m, "__file__", None) for m in list(sys.modules.values())} - {None}
outside = sorted(f for f in loaded if not f.startswith(allowed))
assert not outside, f"imported from outside the artifact: {outside}"
for name in libraries.split(","):
    assert name in sys.modules, (name, "not loaded by the handler")
    assert sys.modules[name].__file__.startswith(tuple(folders[1:])), (name, "not from the layer")
for name in ("boto3", "botocore"):
    assert sys.modules[name].__version__ == pins[name], (name, sys.modules[name].__version__, pins)
from customer_core.store import aws
assert aws.service_client.cache_info().currsize >= 1, "no AWS client made at init"
"""


@pytest.fixture(scope="module")
def built() -> dict[str, Any]:
    """A current build (sam build is cached: quick when nothing changed)."""
    bin_dir = Path(sys.executable).parent
    subprocess.run(
        ["sam", "build"],  # noqa: S607 - the sam of the running environment (PATH below)
        cwd=ROOT,
        env={**os.environ, "SAM_CLI_TELEMETRY": "0", "PATH": f"{bin_dir}:{os.environ['PATH']}"},
        check=True,
        capture_output=True,
    )
    return load_template(BUILD / "template.yaml")


def _environment(logical_id: str) -> dict[str, str]:
    """The function's configuration as Lambda would set it: parameters at their defaults,
    resource names as placeholders (nothing is called at import)."""
    variables = default_environment(logical_id)
    return {**variables, "AWS_DEFAULT_REGION": "us-east-1", "POWERTOOLS_TRACE_DISABLED": "true"}


def _card_libraries(logical_id: str) -> tuple[str, ...]:
    """The design card's libraries a function's import must load from the layer: every function
    calls AWS through boto3 under Powertools; a create function validates with pydantic."""
    card = ("boto3", "botocore", "aws_lambda_powertools")
    no_pydantic = {f.logical_id for f in (*apis.functions(), *apis.stack_functions())} - {
        f.logical_id for f in apis.functions() if not f.is_authorizer
    }
    return card if logical_id in no_pydantic else (*card, "pydantic")


# Every function of the stack: each API's, and the customer.created publisher.
FUNCTIONS = [function.logical_id for function in (*apis.functions(), *apis.stack_functions())]


@pytest.mark.parametrize("logical_id", FUNCTIONS)
def test_function_imports_in_bare_python(built: dict[str, Any], logical_id: str) -> None:
    function = built["Resources"][logical_id]["Properties"]
    globals_ = built["Globals"]["Function"]
    layers = [
        BUILD / built["Resources"][layer["Ref"]]["Properties"]["ContentUri"] / "python"
        for layer in function.get("Layers", globals_.get("Layers", []))
    ]
    code = BUILD / function["CodeUri"]
    assert code.is_dir(), code
    assert layers, f"{logical_id} has no layer"
    assert all(layer.is_dir() for layer in layers), layers

    completed = subprocess.run(  # noqa: S603 - our own interpreter, isolated, no site
        [sys.executable, "-I", "-S", "-c", IMPORT_CHECK, function["Handler"], json.dumps(SDK_PINS)]
        + [",".join(_card_libraries(logical_id)), str(code)]
        + [str(layer) for layer in layers],
        env=_environment(logical_id),
        capture_output=True,
        text=True,
        check=False,
    )

    assert completed.returncode == 0, completed.stderr


def test_the_built_layer_holds_exactly_the_pinned_distributions(built: dict[str, Any]) -> None:
    """What `sam build` put in the layer is requirements.txt, versions included: the SDK a test
    runs is the SDK deployed."""
    shipped: dict[str, str] = {
        canonicalize_name(distribution.metadata["Name"]): distribution.version
        for distribution in metadata.distributions(path=[str(LAYER)])
    }
    pinned = _pins((ROOT / "layers" / "core" / "requirements.txt").read_text().splitlines())
    assert shipped == pinned
    assert {name: shipped[name] for name in SDK_PINS} == SDK_PINS
