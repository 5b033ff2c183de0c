# -*- coding: utf-8 -*-
# Copyright (c) 2026, voximplant.management contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Performance benchmark of voximplant.management against the API emulator (TLS).

Usually started by ``benchmarks/run`` (which prepares the venvs); directly:

    .venv/ansible-2.19/bin/python benchmarks/run.py --sdk-python benchmarks/.venv/bin/python [--quick]

For each record count it starts the emulator (``--tls``, given page cap and latency) and measures, in
interleaved rounds, the median of ``--repeat``:

  (a) a one-task playbook whose task is the lookup fetching everything      -> wall, task time, CPU, requests
  (b) a one-task ``debug`` playbook (the startup floor)                     -> wall, CPU
  (c) the official SDK (voximplant-apiclient) paging sequentially           -> listing time, CPU, requests
  (d) a one-task playbook running the module                                -> wall, task time, CPU, requests
  (e) a one-task playbook with one ``ansible.builtin.uri`` POST, ready token -> wall, task time, CPU
  and the bound ceil(pages / concurrency) x latency. (d) and (e) run at 20,000 records and on the small
  module-overhead account (everywhere with --full), followed by one module run through an interpreter
  wrapper that records the peak RSS of the module process and the size of its JSON result (its stdout).

Then the concurrency sweep (the core listing in a plain python process; --sweep-lookup adds the lookup
playbook) and the targets. Prints Markdown tables and writes ``results/latest.md`` and ``results/latest.json``
(``--quick``: ``results/quick.*``).

Exit status: 0 when every run completed (whatever the timings: targets are reported, not asserted), 1 when a
run failed or a listing came back incomplete, 3 when a listing exceeded its request budget.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import resource
import shutil
import signal
import ssl
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional

BENCH_DIR = Path(__file__).resolve().parent
REPO_ROOT = BENCH_DIR.parent
DEFAULT_CONCURRENCY = 4  # the collection's default `concurrency` (plugins/module_utils/_connection.py)
DEFAULT_PAGE_SIZE = 1000  # the collection's default `page_size`

# The targets of the issue, checked at TARGET_RECORDS (curve) and at the module-overhead account size.
TARGET_RECORDS = 20000
TARGET_LOOKUP_VS_SDK = 0.5  # (a - b) <= 0.5 x (c)
TARGET_MODULE_VS_URI = 1.3  # (d) <= 1.3 x (e) at 100 records
TARGET_RSS_VS_RESULT = 3.0  # peak RSS <= 3 x JSON result size


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def median(values: List[float]) -> Optional[float]:
    values = [value for value in values if value is not None]
    return statistics.median(values) if values else None


class BenchError(RuntimeError):
    pass


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


# --------------------------------------------------------------------------------------------------
# The emulator
# --------------------------------------------------------------------------------------------------
class Emulator:
    """The API emulator in a child process: TLS, a record count, a page cap and added latency."""

    def __init__(self, python: str, state_dir: Path, records: int, page_cap: int, latency_ms: int, count_means: str = "page") -> None:
        self.state_dir = state_dir
        self.records = records
        self.page_cap = page_cap
        self.latency_ms = latency_ms
        env = dict(os.environ, PYTHONPATH=str(REPO_ROOT / "tests" / "emulator"))
        command = [python, "-m", "voximplant_emulator", "--state-dir", str(state_dir), "--port", "0", "--records", str(records),
                   "--page-cap", str(page_cap), "--latency-ms", str(latency_ms), "--count-means", count_means, "--tls", "--quiet"]
        self._log = open(state_dir.parent / f"emulator-{records}.log", "wb")  # noqa: SIM115 (closed in stop)
        self.process = subprocess.Popen(command, env=env, stdout=self._log, stderr=subprocess.STDOUT)
        info_path = state_dir / "emulator.json"
        deadline = time.monotonic() + 120
        while True:
            if info_path.is_file() and info_path.stat().st_size > 0:
                try:
                    self.info = json.loads(info_path.read_text(encoding="utf-8"))
                    break
                except ValueError:
                    pass
            if self.process.poll() is not None:
                self._log.close()
                tail = Path(self._log.name).read_text(encoding="utf-8", errors="replace")[-2000:]
                raise BenchError(f"the emulator exited with {self.process.returncode}:\n{tail}")
            if time.monotonic() > deadline:
                self.stop()
                raise BenchError("the emulator did not start within 120 s")
            time.sleep(0.05)
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
            fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return 0.0
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()


# --------------------------------------------------------------------------------------------------
# Running the contenders
# --------------------------------------------------------------------------------------------------
class Runner:
    def __init__(self, args: argparse.Namespace, work: Path) -> None:
        self.args = args
        self.work = work
        self.python = sys.executable
        self.ansible_playbook = args.ansible_playbook or str(Path(sys.executable).with_name("ansible-playbook"))
        if not os.access(self.ansible_playbook, os.X_OK):
            raise BenchError(f"no ansible-playbook at {self.ansible_playbook} (give --ansible-playbook)")
        self.collections = work / "collections"
        self._copy_collection(Path(args.collection).resolve())
        self.timing_file = work / "timing.jsonl"
        self.rss_file = work / "rss.jsonl"
        self.rss_wrapper = self._write_rss_wrapper()
        home = work / "ansible-home"
        home.mkdir()
        (work / "ansible.cfg").write_text("[defaults]\n", encoding="utf-8")
        self.env = dict(
            os.environ,
            ANSIBLE_CONFIG=str(work / "ansible.cfg"),
            ANSIBLE_HOME=str(home),
            ANSIBLE_COLLECTIONS_PATH=str(self.collections),
            ANSIBLE_CALLBACK_PLUGINS=str(BENCH_DIR / "callback_plugins"),
            ANSIBLE_CALLBACKS_ENABLED="bench_timing",
            ANSIBLE_LOCALHOST_WARNING="false",
            ANSIBLE_INVENTORY_UNPARSED_WARNING="false",
            ANSIBLE_NOCOLOR="1",
            ANSIBLE_RETRY_FILES_ENABLED="false",
            BENCH_TIMING_FILE=str(self.timing_file),
        )
        for name in ("VOXIMPLANT_CREDENTIALS", "VOXIMPLANT_TOKEN", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"):
            self.env.pop(name, None)
        # The user's own Voximplant settings must not leak into the measured runs.
        self.env = {name: value for name, value in self.env.items() if not name.startswith("ANSIBLE_VOXIMPLANT_")}

    def _copy_collection(self, source: Path) -> None:
        if not (source / "galaxy.yml").is_file():
            raise BenchError(f"{source} is not a collection (no galaxy.yml)")
        target = self.collections / "ansible_collections" / "voximplant" / "management"
        target.mkdir(parents=True)
        for name in ("galaxy.yml", "meta", "plugins"):
            path = source / name
            if path.is_dir():
                shutil.copytree(path, target / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
            elif path.is_file():
                shutil.copy2(path, target / name)

    def _write_rss_wrapper(self) -> Path:
        """An ansible_python_interpreter that runs the module under the real python and logs its peak RSS."""
        wrapper = self.work / "rss-python"
        wrapper.write_text(
            f"#!{self.python}\n"
            "import json, resource, subprocess, sys\n"
            f"proc = subprocess.run([{self.python!r}] + sys.argv[1:], stdout=subprocess.PIPE, check=False)\n"
            "usage = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
            f"with open({str(self.rss_file)!r}, 'a') as log:\n"
            "    log.write(json.dumps({'maxrss_kb': usage.ru_maxrss, 'stdout_bytes': len(proc.stdout)}) + '\\n')\n"
            "sys.stdout.buffer.write(proc.stdout)\n"
            "sys.stdout.flush()\n"
            "sys.exit(proc.returncode)\n",
            encoding="utf-8",
        )
        wrapper.chmod(0o755)
        return wrapper

    # ---- one run of each contender -----------------------------------------------------------------
    def playbook(self, name: str, extra_vars: Dict[str, Any]) -> Dict[str, Any]:
        self.timing_file.unlink(missing_ok=True)
        command = [self.ansible_playbook, str(BENCH_DIR / "playbooks" / f"{name}.yml"), "-e", json.dumps(extra_vars)]
        proc, wall, cpu = timed(command, env=self.env, cwd=self.work, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        lines = [json.loads(line) for line in self.timing_file.read_text(encoding="utf-8").splitlines()] if self.timing_file.exists() else []
        if proc.returncode != 0 or len(lines) != 1 or lines[0]["status"] != "ok":
            output = proc.stdout.decode("utf-8", "replace")[-3000:]
            raise BenchError(f"playbook {name} failed (rc {proc.returncode}): {lines}\n{output}")
        return {"wall": wall, "cpu": cpu, "task": lines[0]["seconds"], "count": lines[0]["count"]}

    def sdk(self, emulator: Emulator, page_size: int) -> Dict[str, Any]:
        env = dict(self.env, REQUESTS_CA_BUNDLE=emulator.ca_path)
        command = [self.args.sdk_python, str(BENCH_DIR / "sdk_list.py"), emulator.credentials_path, emulator.endpoint, str(page_size)]
        proc, wall, cpu = timed(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if proc.returncode != 0:
            raise BenchError(f"the SDK run failed (rc {proc.returncode}): {proc.stderr.decode('utf-8', 'replace')[-3000:]}")
        out = json.loads(proc.stdout.decode().strip().splitlines()[-1])
        return {"wall": wall, "cpu": cpu, "listing": out["listing_seconds"], "import": out["import_seconds"], "count": out["unique"],
                "records": out["records"]}

    def core(self, emulator: Emulator, concurrency: int) -> Dict[str, Any]:
        options = {"credentials_file": emulator.credentials_path, "api_url": emulator.url, "ca_path": emulator.ca_path,
                   "concurrency": concurrency}
        if self.args.page_size != DEFAULT_PAGE_SIZE:
            options["page_size"] = self.args.page_size
        command = [self.python, str(BENCH_DIR / "core_list.py"), str(self.collections), json.dumps(options)]
        proc, _wall, cpu = timed(command, env=self.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if proc.returncode != 0:
            raise BenchError(f"the core listing failed: {proc.stderr.decode('utf-8', 'replace')[-3000:]}")
        out = json.loads(proc.stdout.decode().strip().splitlines()[-1])
        return {"listing": out["listing_seconds"], "cpu": cpu, "count": out["records"]}

    def lookup_vars(self, emulator: Emulator, concurrency: Optional[int] = None) -> Dict[str, Any]:
        extra = {"ansible_voximplant_credentials_file": emulator.credentials_path, "ansible_voximplant_api_url": emulator.url,
                 "ansible_voximplant_ca_path": emulator.ca_path}
        if concurrency is not None:
            extra["ansible_voximplant_concurrency"] = concurrency
        if self.args.page_size != DEFAULT_PAGE_SIZE:
            extra["ansible_voximplant_page_size"] = self.args.page_size
        return extra

    def module_vars(self, emulator: Emulator) -> Dict[str, Any]:
        return {"bench_credentials_file": emulator.credentials_path, "bench_api_url": emulator.url, "bench_ca_path": emulator.ca_path}

    def uri_vars(self, emulator: Emulator, token: str) -> Dict[str, Any]:
        return {"bench_api_url": emulator.url, "bench_ca_path": emulator.ca_path, "bench_token": token, "bench_page_size": self.args.page_size}

    def module_rss(self, emulator: Emulator) -> Dict[str, Any]:
        self.rss_file.unlink(missing_ok=True)
        extra = dict(self.module_vars(emulator), ansible_python_interpreter=str(self.rss_wrapper))
        run = self.playbook("module", extra)
        lines = [json.loads(line) for line in self.rss_file.read_text(encoding="utf-8").splitlines()]
        if len(lines) != 1:
            raise BenchError(f"expected one module process, the wrapper saw {len(lines)}")
        return {"peak_rss_bytes": lines[0]["maxrss_kb"] * 1024, "result_bytes": lines[0]["stdout_bytes"], "count": run["count"]}


def sign_token(credentials_path: str, lifetime: int = 1800) -> str:
    """A ready token for the uri task, signed like the collection does (RS256, kid, numeric iss)."""
    import jwt  # the Ansible venv has PyJWT: the collection needs it

    credentials = json.loads(Path(credentials_path).read_text(encoding="utf-8"))
    now = int(time.time())
    claims = json.dumps({"iss": int(credentials["account_id"]), "iat": now - 5, "exp": now - 5 + lifetime}, separators=(",", ":"))
    return jwt.api_jws.encode(claims.encode(), credentials["private_key"], algorithm="RS256",
                              headers={"kid": credentials["key_id"], "typ": "JWT"})


LOAD_SAMPLES: List[float] = []  # 1-minute load average before each measurement: the machine may be shared


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


# --------------------------------------------------------------------------------------------------
# Scenarios
# --------------------------------------------------------------------------------------------------
def scenario(runner: Runner, records: int, repeat: int, contenders: List[str], rss: bool) -> Dict[str, Any]:
    args = runner.args
    state = runner.work / f"emulator-{records}"
    log(f"{records} records: starting the emulator (page cap {args.page_cap}, latency {args.latency_ms} ms, TLS)")
    emulator = Emulator(runner.python, state, records, args.page_cap, args.latency_ms, args.count_means)
    try:
        token = sign_token(emulator.credentials_path)
        first_page = min(records, args.page_size, args.page_cap)
        actions: Dict[str, Callable[[], Dict[str, Any]]] = {
            "b": lambda: runner.playbook("debug", {}),
            "a": lambda: runner.playbook("lookup", runner.lookup_vars(emulator)),
            "c": lambda: runner.sdk(emulator, args.page_size),
            "d": lambda: runner.playbook("module", runner.module_vars(emulator)),
            "e": lambda: runner.playbook("uri", runner.uri_vars(emulator, token)),
        }
        expected = {"b": None, "a": records, "c": records, "d": records, "e": first_page}
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
    args = runner.args
    state = runner.work / f"emulator-sweep-{records}"
    log(f"concurrency sweep at {records} records: levels {levels}")
    emulator = Emulator(runner.python, state, records, args.page_cap, args.latency_ms, args.count_means)
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


# --------------------------------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------------------------------
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
        memory = at.get("memory")
        if memory:
            value = memory["peak_rss_bytes"] / memory["result_bytes"]
            targets.append({"target": f"module peak RSS ≤ {TARGET_RSS_VS_RESULT} × its JSON result at {TARGET_RECORDS} records",
                            "measured": f"{fmt_mb(memory['peak_rss_bytes'])} MB vs {fmt_mb(memory['result_bytes'])} MB = {fmt_x(value)}",
                            "holds": value <= TARGET_RSS_VS_RESULT, "value": value})
    if overhead is not None:
        for key, label in (("wall", "playbook wall"), ("task", "task time")):
            value = ratio(get(overhead, "d", key), get(overhead, "e", key))
            per_round = [d[key] / e[key] for d, e in zip(overhead["runs"]["d"], overhead["runs"]["e"])]
            targets.append({"target": f"(d) ≤ {TARGET_MODULE_VS_URI} × (e) at {overhead['records']} records ({label})",
                            "measured": f"{fmt_s(get(overhead, 'd', key))} s vs {fmt_s(get(overhead, 'e', key))} s = {fmt_x(value)}"
                                        f"{rounds(per_round)}",
                            "holds": value is not None and value <= TARGET_MODULE_VS_URI, "value": value, "per_round": per_round})
    return targets


def render(report: Dict[str, Any]) -> str:
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
    curve = report["curve"]
    if curve:
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
    rows = [row for row in curve + ([report["overhead"]] if report.get("overhead") else []) if "d" in row]
    if rows:
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
    sweep = report.get("sweep")
    if sweep:
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
    if report["targets"]:
        out += ["## Targets", "", "| target | measured | holds |", "|---|---|---|"]
        for target in report["targets"]:
            out.append(f"| {target['target']} | {target['measured']} | {'yes' if target['holds'] else '**no**'} |")
        out.append("")
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


def ints(text: str) -> List[int]:
    """A comma-separated list of integers ('' = none)."""
    return [int(item) for item in text.split(",") if item.strip()]


def parse_args(argv: Optional[List[str]] = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true",
                        help="smoke run (< 60 s): 2000 records, 100-record overhead, one round; exits non-zero only when the "
                             "script breaks, a listing is incomplete or a request budget is exceeded (no timing is asserted)")
    parser.add_argument("--records", type=ints, default=[1000, 5000, 20000, 50000], help="record counts of the curve")
    parser.add_argument("--page-cap", type=int, default=1000)
    parser.add_argument("--page-size", type=int, default=DEFAULT_PAGE_SIZE, help="page size asked by every contender")
    parser.add_argument("--latency-ms", type=int, default=50)
    parser.add_argument("--count-means", choices=("page", "total"), default="page",
                        help="what the emulator's response `count` means (the real API does not document it)")
    parser.add_argument("--repeat", type=int, default=3, help="rounds per curve point (median reported)")
    parser.add_argument("--overhead-records", type=int, default=100, help="account size of the module-overhead check (0: skip)")
    parser.add_argument("--overhead-repeat", type=int, default=5)
    parser.add_argument("--sweep", type=ints, default=[1, 2, 4, 8, 16], help="concurrency levels (empty: skip)")
    parser.add_argument("--sweep-records", type=int, default=TARGET_RECORDS)
    parser.add_argument("--sweep-repeat", type=int, default=3)
    parser.add_argument("--sweep-lookup", action=argparse.BooleanOptionalAction, default=False,
                        help="also time the lookup playbook at each concurrency (default: only the in-process core listing)")
    parser.add_argument("--full", action="store_true",
                        help=f"also run the module (d), uri (e) and the memory probe at every record count, not only at {TARGET_RECORDS}")
    parser.add_argument("--collection", default=str(REPO_ROOT), help="collection source tree (default: this working tree)")
    parser.add_argument("--sdk-python", default=str(BENCH_DIR / ".venv" / "bin" / "python"), help="python of the SDK venv")
    parser.add_argument("--ansible-playbook", default=None, help="default: next to this python")
    parser.add_argument("--output", default=str(BENCH_DIR / "results"), help="where latest.md and latest.json (--quick: quick.*) go")
    parser.add_argument("--keep-work", action="store_true", help="keep the temporary directory (collection copy, logs)")
    args = parser.parse_args(argv)
    if args.quick:
        args.records, args.repeat, args.overhead_repeat = [2000], 1, 1
        args.sweep, args.sweep_records, args.sweep_repeat, args.sweep_lookup = [1, 4], 2000, 1, False
    return args


def main(argv: Optional[List[str]] = None) -> int:
    args = parse_args(argv)
    if not os.access(args.sdk_python, os.X_OK):
        raise BenchError(f"no SDK python at {args.sdk_python}: run benchmarks/run (it creates benchmarks/.venv)")
    started = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="voximplant-bench-"))
    try:
        runner = Runner(args, work)
        report: Dict[str, Any] = {"settings": dict(vars(args)), "environment": environment(args)}
        # Warm-up: byte-compile the collection copy and load every plugin once, so no timed run pays it.
        warm = Emulator(runner.python, work / "emulator-warmup", 100, args.page_cap, 0)
        try:
            log("warm-up")
            runner.playbook("lookup", runner.lookup_vars(warm))
            if not args.quick:
                runner.playbook("module", runner.module_vars(warm))
            runner.sdk(warm, args.page_size)
        finally:
            warm.stop()
        report["curve"] = []
        for records in args.records:
            # The module (d, e and its memory) where the targets need it; everywhere with --full.
            with_module = args.full or records == TARGET_RECORDS or args.quick
            contenders = ["b", "a", "c"] + (["d", "e"] if with_module else [])
            report["curve"].append(scenario(runner, records, args.repeat, contenders, rss=with_module))
        report["overhead"] = (scenario(runner, args.overhead_records, args.overhead_repeat, ["b", "d", "e"], rss=True)
                              if args.overhead_records else None)
        report["sweep_records"] = args.sweep_records
        report["sweep"] = concurrency_sweep(runner, args.sweep_records, args.sweep, args.sweep_repeat, args.sweep_lookup) if args.sweep else []
        report["targets"] = evaluate_targets(report["curve"], report["overhead"])
        report["environment"]["load_average"] = {"min": min(LOAD_SAMPLES), "median": median(LOAD_SAMPLES), "max": max(LOAD_SAMPLES)}
        report["elapsed_seconds"] = time.perf_counter() - started
        report["finished"] = time.strftime("%Y-%m-%d %H:%M:%S %Z")
        # Deterministic (not timed): every listing stayed within ceil(records / cap) + 1 + concurrency requests.
        report["budget_violations"] = [
            f"{name} made {row[name]['requests']:g} requests for {row['records']} records (budget {row['request_budget']})"
            for row in report["curve"] for name in ("a", "d") if name in row and row[name]["requests"] > row["request_budget"]
        ]
        markdown = render(report)
        output = Path(args.output)
        output.mkdir(parents=True, exist_ok=True)
        stem = "quick" if args.quick else "latest"
        (output / f"{stem}.md").write_text(markdown, encoding="utf-8")
        (output / f"{stem}.json").write_text(json.dumps(report, indent=2, default=str) + "\n", encoding="utf-8")
        print(markdown)
        log(f"wrote {output / (stem + '.md')} and {output / (stem + '.json')}")
        for violation in report["budget_violations"]:
            log(f"REQUEST BUDGET EXCEEDED: {violation}")
        return 3 if report["budget_violations"] else 0
    finally:
        if args.keep_work:
            log(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BenchError as error:
        print(f"benchmark failed: {error}", file=sys.stderr)
        sys.exit(1)
