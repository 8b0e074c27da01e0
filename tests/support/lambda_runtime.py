"""What Lambda's Python runtime provides besides the standard library (boto3, botocore and their
dependencies; the layer does not ship them), as a folder of its own: so that a built function
can be imported with only its folder, its layer and this on the path, as in Lambda.

Copied from this environment's installed distributions (the dev pins), with bytecode, once per
set of versions.
"""

from __future__ import annotations

import compileall
import fcntl
import json
import py_compile
import shutil
from importlib import metadata
from pathlib import Path

from tests.support.cfn import ROOT

RUNTIME = ROOT / ".local" / "lambda-runtime"
DISTRIBUTIONS = ("boto3", "botocore", "s3transfer", "jmespath", "python-dateutil", "six", "urllib3")


def runtime_folder() -> Path:
    versions = {name: metadata.version(name) for name in DISTRIBUTIONS}
    stamp = RUNTIME / ".versions.json"
    RUNTIME.parent.mkdir(exist_ok=True)
    # One builder at a time (pytest-xdist workers).
    with (RUNTIME.parent / "lambda-runtime.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if stamp.exists() and json.loads(stamp.read_text()) == versions:
            return RUNTIME
        shutil.rmtree(RUNTIME, ignore_errors=True)
        RUNTIME.mkdir()
        for name in versions:
            distribution = metadata.distribution(name)
            for file in distribution.files or []:
                if ".." in file.parts or "__pycache__" in file.parts or file.suffix == ".pyc":
                    continue
                target = RUNTIME / file
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(Path(str(distribution.locate_file(file))), target)
        compileall.compile_dir(
            RUNTIME, quiet=1, invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH
        )
        stamp.write_text(json.dumps(versions))
    return RUNTIME
