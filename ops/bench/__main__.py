"""`make bench`: each function as `sam build` built it, measured beside a bare handler and a naive
Powertools + Pydantic peer of its kind (bench/), on DynamoDB Local in memory.

- cold: a fresh interpreter imports the handler and serves the sample request (authorizers: a
  valid credential); interpreter start excluded; median of ROUNDS, the subjects interleaved;
- warm: p50 and p99 over REQUESTS requests, in blocks interleaved with the baselines';
- handler overhead: the same with every AWS call answered at the wire (no network);
- the first request as a client meets it: authorizer cold + function cold, per API;
- write cost per create and per duplicate; function and layer sizes, zipped and unzipped.

Writes .local/bench.json, .local/bench.md and .local/bench.png. Tests never assert on these.
"""

from __future__ import annotations

import argparse
import json
import platform
import signal
import statistics
import sys
from datetime import UTC, datetime
from typing import Any

from ops.bench import measure, report
from ops.bench.environment import stores
from ops.bench.subjects import BUILD, Function, functions
from ops.template import ROOT

OUT = ROOT / ".local"
ROUNDS = 11
REQUESTS = 2000
BLOCK = 100


def _machine() -> dict[str, Any]:
    model = ""
    try:
        for line in open("/proc/cpuinfo").read().splitlines():  # noqa: SIM115 - one read
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import os

    return {
        "cpu": model or platform.processor(),
        "cores": os.cpu_count(),
        "system": platform.platform(),
        "python": sys.version.split()[0],
        "load_average": os.getloadavg(),
    }


def _cold(selected: list[Function], bench_stores: Any, rounds: int) -> dict[str, dict[str, Any]]:
    samples: dict[str, dict[str, list[dict[str, float]]]] = {
        function.logical_id: {name: [] for name in ("ours", "bare", "peer")}
        for function in selected
    }
    for number in range(rounds):
        for function in selected:
            probes = [
                measure.Probe(function.ours, "cold"),
                measure.Probe(function.bare, "cold"),
                measure.Probe(function.peer, "cold"),
            ]
            names = ["ours", "bare", "peer"]
            turn = number % len(probes)
            for name, probe in (
                list(zip(names, probes, strict=True))[turn:]
                + list(zip(names, probes, strict=True))[:turn]
            ):
                samples[function.logical_id][name].append(measure.cold(probe, bench_stores))
        print(f"cold round {number + 1}/{rounds} done", file=sys.stderr)
    return {
        logical_id: {name: _cold_summary(runs) for name, runs in by_subject.items()}
        for logical_id, by_subject in samples.items()
    }


def _cold_summary(runs: list[dict[str, float]]) -> dict[str, Any]:
    totals = [run["init_ms"] + run["first_ms"] for run in runs]
    return {
        "median_ms": statistics.median(totals),
        "cpu_median_ms": statistics.median(
            run["init_cpu_ms"] + run["first_cpu_ms"] for run in runs
        ),
        "init_median_ms": statistics.median(run["init_ms"] for run in runs),
        "first_request_median_ms": statistics.median(run["first_ms"] for run in runs),
        "samples_ms": [round(total, 2) for total in totals],
    }


def _interleaved(
    selected: list[Function], bench_stores: Any, mode: str, requests: int
) -> dict[str, dict[str, Any]]:
    results = {}
    for function in selected:
        probes = [
            measure.Probe(function.ours, mode),
            measure.Probe(function.bare, mode),
            measure.Probe(function.peer, mode),
        ]
        ours, bare, peer = measure.blocks(probes, bench_stores, requests=requests, block=BLOCK)
        results[function.logical_id] = {
            "ours": measure.summary(ours),
            "bare": measure.summary(bare),
            "peer": measure.summary(peer),
        }
        print(f"{mode}: {function.logical_id} done", file=sys.stderr)
    return results


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m ops.bench", description=__doc__)
    parser.add_argument("--rounds", type=int, default=ROUNDS, help="cold starts per subject")
    parser.add_argument("--requests", type=int, default=REQUESTS, help="warm requests each")
    parser.add_argument("--only", action="append", help="a function's logical id (repeatable)")
    args = parser.parse_args(argv)
    # Stopped from outside: leave through `finally`, so that DynamoDB Local stops too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    selected = [f for f in functions() if not args.only or f.logical_id in args.only]
    started = datetime.now(UTC)
    with stores() as bench_stores:
        cold = _cold(selected, bench_stores, args.rounds)
        warm = _interleaved(selected, bench_stores, "warm", args.requests)
        stubbed = _interleaved(selected, bench_stores, "stub", args.requests)
        costs = {f.logical_id: measure.write_cost(f, bench_stores) for f in selected}
        stages = {f.logical_id: measure.breakdown(f.ours, bench_stores, 7) for f in selected}
    results: dict[str, Any] = {
        "date": started.isoformat(timespec="seconds"),
        "seconds": round((datetime.now(UTC) - started).total_seconds()),
        "machine": _machine(),
        "rounds": args.rounds,
        "requests": args.requests,
        "layer_bytes": measure.sizes(BUILD / "CoreLayer", bytecode=True),
        "functions": {
            f.logical_id: {
                "api": f.api,
                "kind": f.kind,
                "cold": cold[f.logical_id],
                "warm": warm[f.logical_id],
                "stubbed": stubbed[f.logical_id],
                "write_cost": costs[f.logical_id],
                "init_stages": stages[f.logical_id],
                "bytes": measure.sizes(BUILD / f.logical_id, bytecode=False),
            }
            for f in selected
        },
    }
    OUT.mkdir(exist_ok=True)
    (OUT / "bench.json").write_text(json.dumps(results, indent=2) + "\n")
    table = report.markdown(results)
    (OUT / "bench.md").write_text(table)
    report.chart(results, OUT / "bench.png")
    print(table)
    print(f"written: {OUT / 'bench.json'}, {OUT / 'bench.md'}, {OUT / 'bench.png'}")


if __name__ == "__main__":
    main()
