"""`make bench`: what our code adds to a cold start, and how big the built artifacts are.

Each import is timed in a fresh interpreter (as Lambda's init does) with only the built function
folder and the built layer on the path, against `import boto3` in the same run. Results go to
.local/bench.json; tests never assert on them.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from ops import apis

ROOT = Path(__file__).resolve().parents[1]
BUILD = ROOT / ".aws-sam" / "build"
RUNS = 15


def _median_import_seconds(module: str, path: list[Path]) -> float:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(str(p) for p in path)}
    env.update({"POWERTOOLS_TRACE_DISABLED": "true", "AWS_DEFAULT_REGION": "us-east-1"})
    samples = []
    for _ in range(RUNS):
        started = time.perf_counter()
        subprocess.run(  # noqa: S603 - our own interpreter and module names
            [sys.executable, "-c", f"import {module}"],
            env=env,
            check=True,
        )
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def _size_bytes(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())


def main() -> None:
    layer = BUILD / "CoreLayer" / "python"
    results: dict[str, object] = {
        "runs": RUNS,
        "python": sys.version.split()[0],
        "baseline_seconds": {
            "python -c pass": _median_import_seconds("sys", []),
            "import boto3": _median_import_seconds("boto3", []),
        },
        "functions": {},
        "sizes_bytes": {"CoreLayer": _size_bytes(BUILD / "CoreLayer")},
    }
    functions: dict[str, object] = {}
    sizes = results["sizes_bytes"]
    assert isinstance(sizes, dict)
    for function, module in ((f.logical_id, f.module) for f in apis.functions()):
        functions[function] = {
            "module": module,
            "median_import_seconds": _median_import_seconds(module, [BUILD / function, layer]),
        }
        sizes[function] = _size_bytes(BUILD / function)
    results["functions"] = functions
    out = ROOT / ".local" / "bench.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
