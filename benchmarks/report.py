# -*- coding: utf-8 -*-
# Copyright (c) 2026, voximplant.management contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The report: the targets the project holds, checked on the measurements, and the Markdown tables."""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
from pathlib import Path
from typing import Any, Dict, List, Optional

from measure import DEFAULT_CONCURRENCY, REPO_ROOT

# The targets (docs/performance.md), checked at TARGET_RECORDS (curve) and at the module-overhead account size.
TARGET_RECORDS = 20000
TARGET_LOOKUP_VS_SDK = 0.5  # (a - b) <= 0.5 x (c)
TARGET_MODULE_VS_URI = 1.3  # (d) <= 1.3 x (e) at 100 records
# The module's memory: what grows with the data (the interpreter and libraries are ~42 MB before one record).
TARGET_GROWTH_VS_RESULT = 7.0  # peak RSS - peak RSS at the overhead size (100) <= 7 x the JSON result
TARGET_PEAK_RSS_MB = 128  # peak RSS <= 128 MB at TARGET_RECORDS


def fmt_s(value: Optional[float]) -> str:
    return "–" if value is None else f"{value:.2f}"


def fmt_x(value: Optional[float]) -> str:
    return "–" if value is None else f"{value:.2f}×"


def fmt_mb(value: Optional[float]) -> str:
    if value is None:
        return "–"
    return f"{value / 1e6:.1f}" if value >= 1e6 else f"{value / 1e6:.3f}"


def fmt_n(value: Optional[float]) -> str:
    return "–" if value is None else f"{value:g}"


def fmt_ms(value: Optional[float]) -> str:
    return "–" if value is None else f"{value * 1000:.0f} ms"


def diff(left: Optional[float], right: Optional[float]) -> Optional[float]:
    return None if left is None or right is None else left - right


def ratio(numerator: Optional[float], denominator: Optional[float]) -> Optional[float]:
    if numerator is None or not denominator:
        return None
    return numerator / denominator


def linear_fit(points: List[tuple]) -> Optional[tuple]:
    """(intercept, slope, R²) of y = intercept + slope × x over the points with a value."""
    points = [(x, y) for x, y in points if y is not None]
    xs = [x for x, y in points]
    ys = [y for x, y in points]
    if len(points) < 2 or len(set(xs)) < 2:
        return None
    mean_x = sum(xs) / len(xs)
    mean_y = sum(ys) / len(ys)
    sxx = sum((x - mean_x) ** 2 for x in xs)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in points) / sxx
    intercept = mean_y - slope * mean_x
    total = sum((y - mean_y) ** 2 for y in ys)
    residual = sum((y - intercept - slope * x) ** 2 for x, y in points)
    return intercept, slope, (1 - residual / total) if total else 1.0


def growth_ratio(memory: Dict[str, Any], baseline: Dict[str, Any]) -> Optional[float]:
    if not memory or not baseline or memory is baseline:
        return None
    return (memory["peak_rss_bytes"] - baseline["peak_rss_bytes"]) / memory["result_bytes"]


def get(data: Dict[str, Any], name: str, key: str) -> Optional[float]:
    return (data.get(name) or {}).get(key)


def rounds(values: List[float]) -> str:
    """The ratio of each round, to show the spread behind a ratio of medians."""
    if len(values) < 2:
        return ""
    return f"; paired per round: median {statistics.median(values):.2f}×, range {min(values):.2f}–{max(values):.2f}×"


def memory_targets(memory: Optional[Dict[str, Any]], overhead: Optional[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """The module's peak RSS at TARGET_RECORDS, and its growth over the overhead-size run, against the JSON result."""
    if not memory:
        return []
    peak_mb = memory["peak_rss_bytes"] / 1e6
    targets = [{"target": f"module peak RSS ≤ {TARGET_PEAK_RSS_MB} MB at {TARGET_RECORDS} records",
                "measured": f"{fmt_mb(memory['peak_rss_bytes'])} MB", "holds": peak_mb <= TARGET_PEAK_RSS_MB, "value": peak_mb}]
    baseline = (overhead or {}).get("memory")
    if baseline:
        value = growth_ratio(memory, baseline)
        targets.append({"target": f"module growth (peak RSS − peak at {overhead['records']} records) ≤ {TARGET_GROWTH_VS_RESULT:g} × "
                                  f"its JSON result at {TARGET_RECORDS} records",
                        "measured": f"{fmt_mb(memory['peak_rss_bytes'] - baseline['peak_rss_bytes'])} MB vs "
                                    f"{fmt_mb(memory['result_bytes'])} MB = {fmt_x(value)}",
                        "holds": value is not None and value <= TARGET_GROWTH_VS_RESULT, "value": value})
    return targets


def evaluate_targets(curve: List[Dict[str, Any]], overhead: Optional[Dict[str, Any]]) -> List[Dict[str, Any]]:
    targets = []
    at = next((row for row in curve if row["records"] == TARGET_RECORDS), None)
    if at is not None:
        a_minus_b = diff(get(at, "a", "wall"), get(at, "b", "wall"))
        value = ratio(a_minus_b, get(at, "c", "listing"))
        runs = at["runs"]
        per_round = [(a["wall"] - b["wall"]) / c["listing"] for a, b, c in zip(runs.get("a", []), runs.get("b", []), runs.get("c", []))]
        targets.append({"target": f"(a − b) ≤ {TARGET_LOOKUP_VS_SDK} × (c) at {TARGET_RECORDS} records",
                        "measured": f"{fmt_s(a_minus_b)} s vs {fmt_s(get(at, 'c', 'listing'))} s = {fmt_x(value)}{rounds(per_round)}",
                        "holds": value is not None and value <= TARGET_LOOKUP_VS_SDK, "value": value, "per_round": per_round})
        for name, label in (("a", "lookup"), ("d", "module")):
            requests = get(at, name, "requests")
            if requests is not None:
                targets.append({"target": f"{label} requests ≤ ceil({TARGET_RECORDS}/cap) + 1 + concurrency = {at['request_budget']}",
                                "measured": fmt_n(requests), "holds": requests <= at["request_budget"], "value": requests})
        targets += memory_targets(at.get("memory"), overhead)
    if overhead is not None:
        for key, label in (("wall", "playbook wall"), ("task", "task time")):
            value = ratio(get(overhead, "d", key), get(overhead, "e", key))
            per_round = [d[key] / e[key] for d, e in zip(overhead["runs"]["d"], overhead["runs"]["e"])]
            targets.append({"target": f"(d) ≤ {TARGET_MODULE_VS_URI} × (e) at {overhead['records']} records ({label})",
                            "measured": f"{fmt_s(get(overhead, 'd', key))} s vs {fmt_s(get(overhead, 'e', key))} s = {fmt_x(value)}"
                                        f"{rounds(per_round)}",
                            "holds": value is not None and value <= TARGET_MODULE_VS_URI, "value": value, "per_round": per_round})
    return targets


def _header(report: Dict[str, Any]) -> List[str]:
    """Title, machine, settings and load."""
    env, settings = report["environment"], report["settings"]
    out = [f"# voximplant.management benchmark — {report['finished']}", ""]
    out.append(f"Machine: {env['cpus']} CPUs ({env['cpu_model']}), Python {env['python']}, ansible-core {env['ansible_core']}, "
               f"voximplant-apiclient {env['sdk_version']}, collection {env['collection']}.")
    out.append(f"Emulator: TLS, page cap {settings['page_cap']}, {settings['latency_ms']} ms added latency per request, "
               f"response count = {settings.get('count_means', 'page')}; "
               f"page size {settings['page_size']}, collection defaults otherwise (concurrency {DEFAULT_CONCURRENCY}, lookup cache on). "
               f"Median of {settings['repeat']} interleaved runs (module overhead: {settings['overhead_repeat']}).")
    load = env.get("load_average") or {}
    if load:
        busy = load["median"] > (env["cpus"] or 1) * 0.5
        out.append(f"Load average (1 min) before the measurements: min {load['min']:.1f}, median {load['median']:.1f}, max {load['max']:.1f}"
                   + (" — **the machine was busy with other work: wall times are inflated, compare the ratios and CPU times.**" if busy else "."))
    out.append("")
    return out


def _curve_section(report: Dict[str, Any]) -> List[str]:
    """Lookup vs SDK: wall, CPU and the cost model."""
    curve = report["curve"]
    out: List[str] = []
    if not curve:
        return out
    out += ["## Lookup vs SDK (seconds)", "",
            "| records | pages | bound | (b) debug | (a) lookup | a − b | lookup task | (c) SDK listing | SDK process | (a − b)/(c) "
            "| requests a / c | budget |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for row in curve:
        a_minus_b = diff(get(row, "a", "wall"), get(row, "b", "wall"))
        out.append(
            f"| {row['records']} | {row['pages']} | {fmt_s(row['lower_bound_seconds'])} | {fmt_s(get(row, 'b', 'wall'))} "
            f"| {fmt_s(get(row, 'a', 'wall'))} | {fmt_s(a_minus_b)} | {fmt_s(get(row, 'a', 'task'))} "
            f"| {fmt_s(get(row, 'c', 'listing'))} | {fmt_s(get(row, 'c', 'wall'))} | {fmt_x(ratio(a_minus_b, get(row, 'c', 'listing')))} "
            f"| {fmt_n(get(row, 'a', 'requests'))} / {fmt_n(get(row, 'c', 'requests'))} | {row['request_budget']} |")
    out.append("")
    out += ["CPU seconds (client process tree; server = the emulator's share):", "",
            "| records | (b) debug | (a) lookup | a − b | (c) SDK process | server for a | server for c | server per page |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for row in curve:
        out.append(
            f"| {row['records']} | {fmt_s(get(row, 'b', 'cpu'))} | {fmt_s(get(row, 'a', 'cpu'))} "
            f"| {fmt_s(diff(get(row, 'a', 'cpu'), get(row, 'b', 'cpu')))} | {fmt_s(get(row, 'c', 'cpu'))} "
            f"| {fmt_s(get(row, 'a', 'server_cpu'))} | {fmt_s(get(row, 'c', 'server_cpu'))} "
            f"| {fmt_ms(ratio(get(row, 'c', 'server_cpu'), get(row, 'c', 'requests')))} |")
    out.append("")
    if len(curve) >= 2:
        out += ["Cost model, least-squares over the curve: seconds = fixed + per page × pages (R² near 1 = linear in pages):", "",
                "| quantity | fixed s | per page ms | R² |", "|---|---:|---:|---:|"]
        for label, pick in (
            ("(a − b) lookup, wall", lambda row: diff(get(row, "a", "wall"), get(row, "b", "wall"))),
            ("lookup task, wall", lambda row: get(row, "a", "task")),
            ("(c) SDK listing, wall", lambda row: get(row, "c", "listing")),
            ("(a − b) lookup, CPU", lambda row: diff(get(row, "a", "cpu"), get(row, "b", "cpu"))),
            ("(c) SDK process, CPU", lambda row: get(row, "c", "cpu")),
        ):
            fit = linear_fit([(row["pages"], pick(row)) for row in curve])
            if fit:
                out.append(f"| {label} | {fit[0]:.2f} | {fit[1] * 1000:.0f} | {fit[2]:.3f} |")
        out.append("")
    return out


def _module_section(report: Dict[str, Any]) -> List[str]:
    """Module vs one uri task, with the memory probe."""
    rows = [row for row in report["curve"] + ([report["overhead"]] if report.get("overhead") else []) if "d" in row]
    out: List[str] = []
    if not rows:
        return out
    out += ["## Module vs one uri task", "",
            "| records | (d) module | module task | (e) uri | uri task | (d)/(e) wall | task ratio | CPU d / e | requests d "
            "| peak RSS MB | result MB | RSS/result | growth/result |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    smallest = min(rows, key=lambda item: item["records"]).get("memory") or {}
    for row in sorted(rows, key=lambda item: item["records"]):
        memory = row.get("memory") or {}
        out.append(
            f"| {row['records']} | {fmt_s(get(row, 'd', 'wall'))} | {fmt_s(get(row, 'd', 'task'))} | {fmt_s(get(row, 'e', 'wall'))} "
            f"| {fmt_s(get(row, 'e', 'task'))} | {fmt_x(ratio(get(row, 'd', 'wall'), get(row, 'e', 'wall')))} "
            f"| {fmt_x(ratio(get(row, 'd', 'task'), get(row, 'e', 'task')))} "
            f"| {fmt_s(get(row, 'd', 'cpu'))} / {fmt_s(get(row, 'e', 'cpu'))} | {fmt_n(get(row, 'd', 'requests'))} "
            f"| {fmt_mb(memory.get('peak_rss_bytes'))} | {fmt_mb(memory.get('result_bytes'))} "
            f"| {fmt_x(ratio(memory.get('peak_rss_bytes'), memory.get('result_bytes')))} "
            f"| {fmt_x(growth_ratio(memory, smallest))} |")
    out.append("")
    if len(rows) >= 2:
        out.append(f"growth/result = (peak RSS − peak RSS at {min(rows, key=lambda item: item['records'])['records']} records) / result: "
                   "the memory that grows with the data, without the interpreter and libraries.")
        out.append("")
    return out


def _sweep_section(report: Dict[str, Any]) -> List[str]:
    """The concurrency sweep."""
    sweep = report.get("sweep")
    out: List[str] = []
    if not sweep:
        return out
    out += [f"## Concurrency ({report['sweep_records']} records)", "",
            "| concurrency | bound | core listing | client CPU | server CPU | lookup playbook | lookup task | requests | budget |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for row in sweep:
        out.append(f"| {row['concurrency']} | {fmt_s(row['lower_bound'])} | {fmt_s(row['core_listing'])} | {fmt_s(row['core_cpu'])} "
                   f"| {fmt_s(row['server_cpu'])} | {fmt_s(row['lookup_wall'])} | {fmt_s(row['lookup_task'])} | {fmt_n(row['core_requests'])} "
                   f"| {row['request_budget']} |")
    out.append("")
    out.append("core listing = list_sip_registrations() in a plain python process (no Ansible), wall seconds; client CPU "
               "includes that process's start and imports.")
    out.append("")
    return out


def _targets_section(report: Dict[str, Any]) -> List[str]:
    """The targets table."""
    out: List[str] = []
    if not report["targets"]:
        return out
    out += ["## Targets", "", "| target | measured | holds |", "|---|---|---|"]
    for target in report["targets"]:
        out.append(f"| {target['target']} | {target['measured']} | {'yes' if target['holds'] else '**no**'} |")
    out.append("")
    return out


def render(report: Dict[str, Any]) -> str:
    """The Markdown report."""
    out = _header(report) + _curve_section(report) + _module_section(report) + _sweep_section(report) + _targets_section(report)
    out.append(f"Total benchmark time: {report['elapsed_seconds']:.0f} s.")
    return "\n".join(out) + "\n"


def environment(args: argparse.Namespace) -> Dict[str, Any]:
    cpu_model = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu_model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        import ansible

        ansible_core = ansible.__version__
    except ImportError:
        ansible_core = "?"
    sdk = subprocess.run([args.sdk_python, "-c", "import importlib.metadata as m; print(m.version('voximplant-apiclient'))"],
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, check=False)
    collection = "working tree"
    git = subprocess.run(["git", "-C", str(REPO_ROOT), "rev-parse", "--short", "HEAD"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                         check=False)
    if Path(args.collection).resolve() == REPO_ROOT and git.returncode == 0:
        collection = f"working tree at {git.stdout.strip()}"
    elif Path(args.collection).resolve() != REPO_ROOT:
        collection = str(Path(args.collection).resolve())
    return {"cpus": os.cpu_count(), "cpu_model": cpu_model, "python": platform.python_version(), "ansible_core": ansible_core,
            "sdk_version": sdk.stdout.strip() or "?", "collection": collection}
