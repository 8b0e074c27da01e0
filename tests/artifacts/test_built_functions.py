"""Each built function (.aws-sam/build/<Function>) imports in a bare Python: only its own folder,
its layers' python/ folders, what the Lambda runtime provides (boto3 and its dependencies,
tests/support/lambda_runtime.py) and the standard library on the path, no site-packages at all.

MiniStack runs functions on its own interpreter with its own site-packages (pydantic and boto3
among them), so a requirement missing from layers/core/requirements.txt would pass the e2e tier
and fail on AWS. The import also makes the function's AWS clients (Lambda's init, before any
request: what provisioned concurrency runs ahead; docs/performance.md), without any network,
from the layer's botocore data (customer_core/store/botocore_data/), not botocore's own.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from ops import apis
from ops.template import default_environment
from tests.support.cfn import ROOT, load_template
from tests.support.lambda_runtime import runtime_folder

BUILD = ROOT / ".aws-sam" / "build"

# Runs in `python -I -S`: argv = handler, then the folders to put on sys.path.
IMPORT_CHECK = """
import importlib, sys, sysconfig
handler, folders = sys.argv[1], sys.argv[2:]
sys.path[:0] = folders
module_name, _, attribute = handler.rpartition(".")
assert callable(getattr(importlib.import_module(module_name), attribute)), handler
allowed = (*folders, sysconfig.get_paths()["stdlib"], sysconfig.get_paths()["platstdlib"])
loaded = {getattr(m, "__file__", None) for m in list(sys.modules.values())} - {None}
outside = sorted(f for f in loaded if not f.startswith(allowed))
assert not outside, f"imported from outside the artifact: {outside}"
from customer_core.store import aws
assert aws.service_client.cache_info().currsize >= 1, "no AWS client made at init"
import json, os
source = os.path.join(aws.BOTOCORE_DATA, "SOURCE.json")
assert aws.BOTOCORE_DATA.startswith(tuple(folders[1:])) and os.path.isfile(source), "no data"
shipped = json.load(open(source))["services"]["dynamodb"]["operations"]
assert aws.client().meta.service_model.operation_names == shipped, "not from the layer's data"
assert aws._session()._full is None, "a client was made from botocore's own data (fallback)"
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
        [sys.executable, "-I", "-S", "-c", IMPORT_CHECK, function["Handler"], str(code)]
        + [str(layer) for layer in layers]
        + [str(runtime_folder())],
        env=_environment(logical_id),
        capture_output=True,
        text=True,
        check=False,
    )

    assert completed.returncode == 0, completed.stderr
