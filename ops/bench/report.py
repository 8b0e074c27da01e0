"""The bench's results as markdown tables and a chart (docs/performance.md shows the last ones)."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def _ratio(ours: float, base: float) -> str:
    return f"{ours / base:.2f}x"


def _kb(size: int) -> str:
    return f"{size / 1024:,.0f} KB" if size < 1024 * 1024 else f"{size / 1024 / 1024:.1f} MB"


def markdown(results: dict[str, Any]) -> str:
    functions: dict[str, Any] = results["functions"]
    machine = results["machine"]
    lines = [
        f"Measured {results['date']} on {machine['cpu']} ({machine['cores']} cores, "
        f"load average {machine['load_average'][0]:.1f} at the end), Python {machine['python']}; "
        f"cold: median of {results['rounds']} runs (CPU: the process's CPU time, which other load "
        f"on the machine does not inflate); warm: {results['requests']} requests each.",
        "",
        "| Function | cold bare | cold peer | cold ours | ours ÷ bare | peer ÷ bare "
        "| CPU ours ÷ bare "
        "| p50 bare | p50 peer | p50 ours | ours ÷ bare | peer ÷ bare | p99 bare | p99 ours |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for name, result in functions.items():
        cold, warm = result["cold"], result["warm"]
        bare, peer, ours = (cold[k]["median_ms"] for k in ("bare", "peer", "ours"))
        cpu = _ratio(cold["ours"]["cpu_median_ms"], cold["bare"]["cpu_median_ms"])
        w_bare, w_peer, w_ours = (warm[k]["p50_ms"] for k in ("bare", "peer", "ours"))
        lines.append(
            f"| {name} | {bare:.0f} ms | {peer:.0f} ms | {ours:.0f} ms | **{_ratio(ours, bare)}** "
            f"| {_ratio(peer, bare)} | {cpu} | {w_bare:.2f} ms | {w_peer:.2f} ms | {w_ours:.2f} ms "
            f"| **{_ratio(w_ours, w_bare)}** | {_ratio(w_peer, w_bare)} "
            f"| {warm['bare']['p99_ms']:.2f} ms | {warm['ours']['p99_ms']:.2f} ms |"
        )
    lines += [
        "",
        "Ours, cold = init (the handler's import, AWS clients made) + first request (each column "
        "a median of its own, so they need not add up). A provisioned-concurrency (or SnapStart) "
        "environment has run init before any request, so its first request pays only the middle "
        "number.",
        "",
        "| Function | init | + first request | = cold |",
        "|---|--:|--:|--:|",
    ]
    for name, result in functions.items():
        cold = result["cold"]["ours"]
        cells = [
            f"{cold['init_median_ms']:.0f} ms",
            f"{cold['first_request_median_ms']:.0f} ms",
            f"{cold['median_ms']:.0f} ms",
        ]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "The first request as a client meets it (authorizer cold + function cold, medians):",
        "",
        "| API | bare | peer | ours |",
        "|---|--:|--:|--:|",
    ]
    for api, pair in _by_api(functions).items():
        cells = [
            f"{sum(f['cold'][k]['median_ms'] for f in pair):.0f} ms"
            for k in ("bare", "peer", "ours")
        ]
        lines.append(f"| {api} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "Handler time with every AWS call answered at the wire (botocore before-send, no "
        "network): CPU time per request, median; overhead = ours - bare:",
        "",
        "| Function | bare | peer | ours | overhead | WCU create | WCU duplicate "
        "| zipped | unzipped |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for name, result in functions.items():
        stubbed = result["stubbed"]
        bare, peer, ours = (stubbed[k]["cpu_p50_ms"] * 1000 for k in ("bare", "peer", "ours"))
        cost = result["write_cost"] or {}
        wcu = [f"{cost[k]:g}" if k in cost else "-" for k in ("create_wcu", "duplicate_wcu")]
        size = result["bytes"]
        lines.append(
            f"| {name} | {bare:.0f} µs | {peer:.0f} µs | {ours:.0f} µs | **{ours - bare:.0f} µs** "
            f"| {wcu[0]} | {wcu[1]} | {_kb(size['zipped'])} | {_kb(size['unzipped'])} |"
        )
    lines += [
        "",
        "Where init time goes (ours): each stage of the handler's import timed "
        "on top of the stages before it, CPU ms, median of 7 fresh interpreters:",
        "",
        "| Function | botocore | boto3 | AWS client | Powertools | pydantic | contract models "
        "| our modules | total |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for name, result in functions.items():
        stages = result.get("init_stages") or {}
        labels = (
            "botocore",
            "boto3",
            "AWS client",
            "Powertools",
            "pydantic",
            "contract models",
            "our modules",
        )
        cells = [f"{stages[k]['cpu_ms']:.0f}" if k in stages else "-" for k in labels]
        total = sum(stage["cpu_ms"] for stage in stages.values())
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {total:.0f} |")
    layer = results["layer_bytes"]
    lines += [
        "",
        f"CoreLayer: {_kb(layer['zipped'])} zipped, {_kb(layer['unzipped'])} unzipped.",
        "",
    ]
    return "\n".join(lines)


def _by_api(functions: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    grouped: dict[str, list[dict[str, Any]]] = {}
    for result in functions.values():
        grouped.setdefault(result["api"], []).append(result)
    return grouped


def chart(results: dict[str, Any], path: Path) -> None:
    """Each function's cold start and warm p50 beside the bare and peer baselines."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    functions: dict[str, Any] = results["functions"]
    names = [name.removesuffix("Function") for name in functions]
    series = [
        ("bare", "bare", "#9e9e9e"),
        ("peer", "peer", "#e07b39"),
        ("ours", "ours", "#2b6cb0"),
    ]
    figure, axes = plt.subplots(1, 3, figsize=(17, 5.4))
    width = 0.27
    panels = (
        (axes[0], "Cold start, wall (import + first request, median)", _cold_value, "%.0f"),
        (axes[1], "Cold start, CPU time of the process (median)", _cold_cpu_value, "%.0f"),
        (axes[2], "Warm request, wall (p50)", _warm_value, "%.1f"),
    )
    for axis, title, value, label_format in panels:
        for offset, (label, key, colour) in enumerate(series):
            heights = [value(result, key) for result in functions.values()]
            positions = [i + (offset - 1) * width for i in range(len(names))]
            bars = axis.bar(positions, heights, width, label=label, color=colour)
            axis.bar_label(bars, fmt=label_format, fontsize=6, padding=1)
        axis.set_title(title, fontsize=10)
        axis.set_ylabel("ms")
        axis.set_xticks(range(len(names)), names, rotation=25, ha="right", fontsize=8)
        axis.grid(axis="y", alpha=0.3)
        axis.set_ylim(0, axis.get_ylim()[1] * 1.08)  # room for the bar labels
    handles, labels = axes[0].get_legend_handles_labels()
    figure.legend(handles, labels, loc="upper right", ncol=3, fontsize=9, frameon=False)
    figure.suptitle(
        f"make bench, {results['date'][:10]}: ours beside bare and peer", fontsize=11, x=0.3
    )
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)


def _cold_value(result: dict[str, Any], key: str) -> float:
    value: float = result["cold"][key]["median_ms"]
    return value


def _cold_cpu_value(result: dict[str, Any], key: str) -> float:
    value: float = result["cold"][key]["cpu_median_ms"]
    return value


def _warm_value(result: dict[str, Any], key: str) -> float:
    value: float = result["warm"][key]["p50_ms"]
    return value
