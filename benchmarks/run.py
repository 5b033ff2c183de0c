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

This file is the command line; ``contenders.py`` runs (a)-(e), ``measure.py`` the emulator (started with its own
launcher, ``voximplant_emulator --background``) and the rounds, ``report.py`` the targets and the tables.

Exit status: 0 when every run completed (whatever the timings: targets are reported, not asserted), 1 when a
run failed or a listing came back incomplete, 3 when a listing exceeded its request budget.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Dict, List, Optional

from contenders import Runner
from measure import BENCH_DIR, DEFAULT_PAGE_SIZE, LOAD_SAMPLES, REPO_ROOT, BenchError, Emulator, concurrency_sweep, log, median, scenario
from report import TARGET_RECORDS, environment, evaluate_targets, render


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
        warm = Emulator(work / "emulator-warmup", 100, args.page_cap, 0)
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
