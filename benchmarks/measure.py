# -*- coding: utf-8 -*-
# Copyright (c) 2026, voximplant.management contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The measurement: the emulator (through its own launcher), timed runs, interleaved rounds, the concurrency sweep."""

from __future__ import annotations

import json
import math
import os
import resource
import shutil
import ssl
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Dict, List, Optional

BENCH_DIR = Path(__file__).resolve().parent
REPO_ROOT = BENCH_DIR.parent
sys.path.insert(0, str(REPO_ROOT / "tests" / "emulator"))
from voximplant_emulator import launcher  # noqa: E402  pylint: disable=wrong-import-position

if TYPE_CHECKING:
    from contenders import Runner

DEFAULT_CONCURRENCY = 4  # the collection's default `concurrency` (plugins/module_utils/_connection.py)
DEFAULT_PAGE_SIZE = 1000  # the collection's default `page_size`
EMULATOR_LIFETIME = 7200  # seconds: the emulator stops by itself should this process die without stopping it

LOAD_SAMPLES: List[float] = []  # 1-minute load average before each measurement: the machine may be shared


class BenchError(RuntimeError):
    pass


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def median(values: List[Optional[float]]) -> Optional[float]:
    present = [value for value in values if value is not None]
    return statistics.median(present) if present else None


def children_cpu() -> float:
    """CPU seconds (user + system) of every reaped descendant so far: a measurement's own CPU is the delta."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(command: List[str], **kwargs: Any) -> tuple:
    """subprocess.run with wall time and the CPU time of the process tree."""
    cpu = children_cpu()
    started = time.perf_counter()
    proc = subprocess.run(command, check=False, **kwargs)
    return proc, time.perf_counter() - started, children_cpu() - cpu


class Emulator:
    """The API emulator in a child process (``voximplant_emulator --background``): TLS, a record count, a page cap and latency."""

    def __init__(self, state_dir: Path, records: int, page_cap: int, latency_ms: int, count_means: str = "page") -> None:
        self.state_dir = state_dir
        self.records = records
        args = ["--state-dir", str(state_dir), "--port", "0", "--records", str(records), "--page-cap", str(page_cap),
                "--latency-ms", str(latency_ms), "--count-means", count_means, "--tls", "--quiet",
                "--watch-pid", str(os.getpid()), "--lifetime", str(EMULATOR_LIFETIME)]
        try:
            self.info = launcher.start(args, state_dir, log_file=state_dir.parent / f"emulator-{records}.log", timeout=120)
        except launcher.LaunchError as error:
            raise BenchError(str(error)) from None
        self.pid = int(self.info["pid"])
        self.url = self.info["url"]
        self.ca_path = self.info["ca_path"]
        self.credentials_path = self.info["credentials_path"]
        self.endpoint = self.url.split("://", 1)[1].split("/", 1)[0]  # host:port, what the SDK takes
        self._ssl = ssl.create_default_context(cafile=self.ca_path)

    def _admin(self, method: str, name: str, body: Optional[dict] = None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(f"{self.info['admin_url']}/{name}", data=data, method=method)
        with urllib.request.urlopen(request, context=self._ssl, timeout=30) as response:
            return json.loads(response.read())

    def reset(self) -> None:
        self._admin("POST", "reset", {})

    def api_requests(self) -> int:
        return int(self._admin("GET", "stats")["api_requests"])

    def cpu(self) -> float:
        """CPU seconds the emulator process has used so far (the server's share of a measurement)."""
        try:
            fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return 0.0
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        launcher.stop(self.state_dir, timeout=15)


def counted(emulator: Emulator, action: Callable[[], Dict[str, Any]], expected: Optional[int]) -> Dict[str, Any]:
    """Run one measurement between an emulator reset and a stats read; check that the listing is complete."""
    LOAD_SAMPLES.append(os.getloadavg()[0])
    emulator.reset()
    server_cpu = emulator.cpu()
    result = action()
    result["server_cpu"] = emulator.cpu() - server_cpu
    result["requests"] = emulator.api_requests()
    if expected is not None and result.get("count") != expected:
        raise BenchError(f"incomplete listing: expected {expected} registrations, got {result.get('count')}")
    return result


def scenario(runner: Runner, records: int, repeat: int, contenders: List[str], rss: bool) -> Dict[str, Any]:
    """Interleaved rounds of ``contenders`` on one emulator of ``records``, then (``rss``) the module's memory probe."""
    args = runner.args
    state = runner.work / f"emulator-{records}"
    log(f"{records} records: starting the emulator (page cap {args.page_cap}, latency {args.latency_ms} ms, TLS)")
    emulator = Emulator(state, records, args.page_cap, args.latency_ms, args.count_means)
    try:
        actions = runner.actions(emulator)
        expected = runner.expected_counts(records)
        runs: Dict[str, List[Dict[str, Any]]] = {name: [] for name in contenders}
        for round_number in range(repeat):
            for name in contenders:  # interleaved, so that drift of the machine hits every contender alike
                runs[name].append(counted(emulator, actions[name], expected[name]))
            log(f"{records} records: round {round_number + 1}/{repeat} done")
        memory = counted(emulator, lambda: runner.module_rss(emulator), records) if rss else None
    finally:
        emulator.stop()
        shutil.rmtree(state, ignore_errors=True)
    pages = math.ceil(records / min(args.page_size, args.page_cap))
    result: Dict[str, Any] = {
        "records": records,
        "pages": pages,
        "lower_bound_seconds": math.ceil(pages / DEFAULT_CONCURRENCY) * args.latency_ms / 1000.0,
        "request_budget": pages + 1 + DEFAULT_CONCURRENCY,
        "runs": runs,
        "memory": memory,
    }
    for name, values in runs.items():
        result[name] = {key: median([run[key] for run in values]) for key in values[0] if isinstance(values[0][key], (int, float))}
    return result


def concurrency_sweep(runner: Runner, records: int, levels: List[int], repeat: int, with_lookup: bool) -> List[Dict[str, Any]]:
    """The core listing (and, ``with_lookup``, the lookup playbook) at each concurrency level."""
    args = runner.args
    state = runner.work / f"emulator-sweep-{records}"
    log(f"concurrency sweep at {records} records: levels {levels}")
    emulator = Emulator(state, records, args.page_cap, args.latency_ms, args.count_means)
    rows = []
    try:
        samples: Dict[int, Dict[str, List[Dict[str, Any]]]] = {level: {"core": [], "lookup": []} for level in levels}
        for _round in range(repeat):
            for level in levels:
                samples[level]["core"].append(counted(emulator, lambda: runner.core(emulator, level), records))
                if with_lookup:
                    samples[level]["lookup"].append(
                        counted(emulator, lambda: runner.playbook("lookup", runner.lookup_vars(emulator, level)), records))
        pages = math.ceil(records / min(args.page_size, args.page_cap))
        for level in levels:
            core, lookup = samples[level]["core"], samples[level]["lookup"]
            rows.append({
                "concurrency": level,
                "core_listing": median([run["listing"] for run in core]),
                "core_requests": median([run["requests"] for run in core]),
                "core_cpu": median([run["cpu"] for run in core]),
                "server_cpu": median([run["server_cpu"] for run in core]),
                "lookup_wall": median([run["wall"] for run in lookup]) if lookup else None,
                "lookup_task": median([run["task"] for run in lookup]) if lookup else None,
                "lookup_requests": median([run["requests"] for run in lookup]) if lookup else None,
                "lower_bound": math.ceil(pages / level) * args.latency_ms / 1000.0,
                "request_budget": pages + 1 + level,
            })
    finally:
        emulator.stop()
        shutil.rmtree(state, ignore_errors=True)
    return rows
