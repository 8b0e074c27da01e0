"""The measurements, each run in fresh `python -I -S -B` processes (ops/bench/probe.py)."""

from __future__ import annotations

import io
import json
import statistics
import subprocess  # nosec B404 - runs our own interpreter on our probe
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ops.bench.environment import WORK, Stores, sys_path
from ops.bench.subjects import CREATE, XCLADE_SECRET, Function, Subject
from tests.support.item_size import rejected_write_units

PROBE = Path(__file__).with_name("probe.py")
TIMEOUT_SECONDS = 120.0


class BenchError(RuntimeError):
    """A handler did not answer as the sample request should be answered."""


@dataclass
class Probe:
    subject: Subject
    mode: str

    def spec(self, stores: Stores, tag: str) -> dict[str, Any]:
        return {
            "path": sys_path(self.subject),
            "module": self.subject.module,
            "event": self.subject.event,
            "vary_email": self.subject.vary_email,
            "sign": self.subject.sign,
            "tag": tag,
            "mode": self.mode,
            "stub_items": stores.auth_items,
            "stub_secret": XCLADE_SECRET,
            "stages": breakdown_stages(self.subject),
        }

    def environment(self, stores: Stores) -> dict[str, str]:
        return {
            "POWERTOOLS_SERVICE_NAME": "bench",
            "POWERTOOLS_METRICS_NAMESPACE": "Bench",
            **self.subject.environment,
            **stores.environment,
            # The template's default (XRaySdkTracing=false): Lambda's own tracing only.
            "POWERTOOLS_TRACE_DISABLED": "true",
        }

    def command(self, stores: Stores, tag: str) -> list[str]:
        spec_file = WORK / "specs" / f"{tag}.json"
        spec_file.parent.mkdir(parents=True, exist_ok=True)
        spec_file.write_text(json.dumps(self.spec(stores, tag)))
        return [sys.executable, "-I", "-S", "-B", str(PROBE), str(spec_file)]


_runs = 0


def _tag(subject: Subject) -> str:
    global _runs
    _runs += 1
    return f"{subject.name.replace(' ', '-').lower()}-{_runs}"


def _run_once(probe: Probe, stores: Stores) -> Any:
    """Run a probe to its end; what it printed (one JSON value)."""
    completed = subprocess.run(  # noqa: S603 - our interpreter and probe  # nosec B603
        probe.command(stores, _tag(probe.subject)),
        env=probe.environment(stores),
        capture_output=True,
        text=True,
        timeout=TIMEOUT_SECONDS,
        check=False,
    )
    if completed.returncode != 0:
        raise BenchError(f"{probe.subject.name} ({probe.mode}) failed:\n{completed.stderr[-3000:]}")
    return json.loads(completed.stdout.splitlines()[0])


def cold(probe: Probe, stores: Stores) -> dict[str, float]:
    """One cold start: import (Lambda's init) and the first request, in milliseconds."""
    result = _run_once(probe, stores)
    _check(probe.subject, str(result["status"]))
    names = ("init_ms", "first_ms", "init_cpu_ms", "first_cpu_ms")
    return {name: result[name] for name in names}


def _check(subject: Subject, status: str) -> None:
    if status != subject.expected:
        raise BenchError(f"{subject.name} answered {status}, expected {subject.expected}")


class Environment:
    """A warm execution environment serving blocks of requests on command."""

    def __init__(self, probe: Probe, stores: Stores) -> None:
        self.probe = probe
        self.process = subprocess.Popen(  # noqa: S603 - our interpreter and probe  # nosec B603
            probe.command(stores, _tag(probe.subject)),
            env=probe.environment(stores),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.micros: list[float] = []
        self.cpu_micros: list[float] = []
        first = self._read()
        _check(probe.subject, str(first["status"]))

    def _read(self) -> dict[str, Any]:
        assert self.process.stdout is not None  # nosec B101 - opened with PIPE
        line = self.process.stdout.readline()
        if not line:
            assert self.process.stderr is not None  # nosec B101 - opened with PIPE
            raise BenchError(f"{self.probe.subject.name} stopped:\n{self.process.stderr.read()}")
        loaded: dict[str, Any] = json.loads(line)
        return loaded

    def run(self, requests: int) -> None:
        assert self.process.stdin is not None  # nosec B101 - opened with PIPE
        self.process.stdin.write(f"run {requests}\n")
        self.process.stdin.flush()
        block = self._read()
        for status in block["statuses"]:
            _check(self.probe.subject, status)
        self.micros.extend(block["micros"])
        self.cpu_micros.extend(block["cpu_micros"])

    def close(self) -> None:
        assert self.process.stdin is not None  # nosec B101 - opened with PIPE
        self.process.stdin.close()
        self.process.wait(timeout=TIMEOUT_SECONDS)


def blocks(probes: list[Probe], stores: Stores, *, requests: int, block: int) -> list[Environment]:
    """Each probe's environment after serving `requests` requests, its blocks interleaved with
    the others' (per-request wall and CPU microseconds in `micros`, `cpu_micros`)."""
    environments = [Environment(probe, stores) for probe in probes]
    try:
        for number in range(requests // block):
            turn = number % len(environments)
            for environment in environments[turn:] + environments[:turn]:
                environment.run(block)
    finally:
        for environment in environments:
            environment.close()
    return environments


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def summary(environment: Environment) -> dict[str, float]:
    micros, cpu = environment.micros, environment.cpu_micros
    return {
        "requests": len(micros),
        "p50_ms": statistics.median(micros) / 1000,
        "p99_ms": percentile(micros, 0.99) / 1000,
        "cpu_p50_ms": statistics.median(cpu) / 1000,
        "cpu_p99_ms": percentile(cpu, 0.99) / 1000,
    }


def breakdown_stages(subject: Subject) -> list[list[str]]:
    """A handler's import in stages, each timed on top of the ones before it."""
    package = subject.module.split(".")[0]
    stages = [
        ["botocore", "import botocore.session, botocore.client, botocore.config"],
        ["boto3", "import boto3"],
        ["AWS client", "from customer_core.store import aws; aws.clients_at_init('dynamodb')"],
        ["Powertools", "import aws_lambda_powertools"],
    ]
    if subject.kind == CREATE:
        stages += [
            ["pydantic", "import pydantic"],
            ["contract models", f"import {package}.contract"],
        ]
    return [*stages, ["our modules", f"import {subject.module}"]]


def breakdown(subject: Subject, stores: Stores, runs: int) -> dict[str, dict[str, float]]:
    """Median milliseconds (wall, CPU) of each import stage over `runs` fresh interpreters."""
    samples: dict[str, list[tuple[float, float]]] = {}
    for _ in range(runs):
        for label, wall, cpu in _run_once(Probe(subject, "breakdown"), stores):
            samples.setdefault(label, []).append((wall, cpu))
    return {
        label: {
            "ms": statistics.median(wall for wall, _ in values),
            "cpu_ms": statistics.median(cpu for _, cpu in values),
        }
        for label, values in samples.items()
    }


def write_cost(function: Function, stores: Stores) -> dict[str, float] | None:
    """WCU of a create and of the same email again, as the store reports them; a rejected
    conditional write reports nothing, so it is costed by DynamoDB's size rules."""
    if function.kind != CREATE:
        return None
    result = _run_once(Probe(function.ours, "wcu"), stores)
    _check(function.ours, str(result["statuses"][0]))
    calls = result["calls"]
    first, second = calls[: result["first_calls"]], calls[result["first_calls"] :]
    written = {
        call["params"]["Item"]["pk"]["S"]: call["params"]["Item"]
        for call in first
        if call["operation"] == "PutItem"
    }
    return {"create_wcu": _units(first, written), "duplicate_wcu": _units(second, written)}


def _units(calls: list[dict[str, Any]], written: dict[str, Any]) -> float:
    total = 0.0
    for call in calls:
        if call["operation"] != "PutItem":
            continue
        if call.get("consumed"):
            total += float(call["consumed"]["CapacityUnits"])
        elif call.get("error") == "ConditionalCheckFailedException":
            item = call["params"]["Item"]
            total += rejected_write_units(written.get(item["pk"]["S"], item), item)
    return total


def sizes(folder: Path, *, bytecode: bool) -> dict[str, int]:
    """Bytes of a folder, unzipped and zipped as `sam deploy` uploads it. `sam build` compiles
    nothing for a function (only the layer's Makefile does), so a function's __pycache__, left
    by a test run that imported the built folder, is not counted."""
    files = sorted(
        path
        for path in folder.rglob("*")
        if path.is_file() and (bytecode or "__pycache__" not in path.parts)
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in files:
            archive.write(path, path.relative_to(folder))
    return {"unzipped": sum(path.stat().st_size for path in files), "zipped": buffer.tell()}
