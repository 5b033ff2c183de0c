# Copyright (c) 2026, voximplant.management contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Run nox sessions three at a time, each in its own `nox -e NAME` process with its own log file (used by scripts/test).

nox runs sessions one after another; the machines have two cores. Two at a time left a core idle for about a fifth of
the run (sessions wait on package downloads, on the emulator's timeouts and backoff), so a third runs beside them; but
never three integration sessions at once (each keeps a core busy, and their timing bounds need the CPU), and never two
sanity sessions together: ansible-test keeps sanity venvs in ~/.ansible/test/venv, shared by lines with the same Python.
Each log is printed whole when its session ends; the last line is "N passed, N failed[, N skipped]".

Usage: python run_sessions.py NOX LOG_DIR [SESSION ...]    (no SESSION: every session `nox -l` selects)
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

JOBS = 3
MAX_INTEGRATION = 2  # integration sessions at once
# Longest first, so that the short sessions fill the gaps at the end.
ORDER = ("integration", "sanity", "checks", "units")
# pip's chatter as ansible-test fills its venvs (this machine's absent extra indexes, downloads): left out of
# what is printed, kept in the log files
PIP_NOISE = re.compile(r"^(WARNING: Location 'file://.*' is ignored|Looking in (indexes|links): |  Downloading |Collecting |  Using cached |"
                       r"Processing /|Installing collected packages|Requirement already satisfied|     [━╸ -]+ )")


def listed_sessions(nox: str) -> list[dict]:
    """The sessions `nox -l` selects, without antsibull-nox's meta sessions (they only trigger listed ones)."""
    listing = json.loads(subprocess.run([nox, "--list", "--json"], check=True, capture_output=True, text=True).stdout)
    return [entry for entry in listing if not (entry.get("description") or "").startswith("Meta session")]


def rank(entry: dict) -> int:
    return next((i for i, tag in enumerate(ORDER) if tag in entry.get("tags", [])), len(ORDER))


def may_start(candidate: list[str], running: list[list[str]]) -> bool:
    """Whether a session with these tags may start beside the running ones (see the module docstring)."""
    if "sanity" in candidate and any("sanity" in tags for tags in running):
        return False
    return not ("integration" in candidate and sum("integration" in tags for tags in running) >= MAX_INTEGRATION)


def main(nox: str, log_dir: Path, wanted: list[str]) -> int:
    entries = listed_sessions(nox)
    if wanted:
        known = {entry["session"]: entry for entry in entries}
        unknown = [name for name in wanted if name not in known]
        if unknown:
            sys.exit(f"no such session: {', '.join(unknown)} (see nox -l)")
        entries = [known[name] for name in wanted]
    pending = sorted(entries, key=rank)
    log_dir.mkdir(parents=True, exist_ok=True)
    running: dict[str, tuple[subprocess.Popen, float, Path]] = {}
    results: list[tuple[str, str, float, float]] = []
    tags = {entry["session"]: entry.get("tags", []) for entry in entries}
    start = time.monotonic()
    while pending or running:
        while len(running) < JOBS:
            entry = next((e for e in pending if may_start(e.get("tags", []), [tags[name] for name in running])), None)
            if entry is None:
                break
            pending.remove(entry)
            name = entry["session"]
            log = log_dir / f"{name.replace('(', '-').replace(')', '')}.log"
            with open(log, "w", encoding="utf-8") as out:
                process = subprocess.Popen([nox, "-e", name], stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
            running[name] = (process, time.monotonic(), log)
            print(f"--> {name} started", flush=True)
        time.sleep(1)
        for name, (process, began, log) in list(running.items()):
            pid, wait_status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid == 0:
                continue
            del running[name]
            returncode = os.waitstatus_to_exitcode(wait_status)
            cpu = usage.ru_utime + usage.ru_stime  # with every descendant's: comparable whatever else loads the machine
            text = log.read_text(encoding="utf-8", errors="replace")
            shown = "".join(line for line in text.splitlines(keepends=True) if not PIP_NOISE.match(line))
            status = "PASS" if returncode == 0 else "FAIL"
            if status == "PASS" and f"Session {name} was skipped" in text:
                status = "SKIP"
            seconds = time.monotonic() - began
            results.append((name, status, seconds, cpu))
            print(f"\n==== {name} ====\n{shown}==== {name}: {status} ({seconds:.0f} s, {cpu:.0f} CPU s; log {log}) ====", flush=True)
    order = [e["session"] for e in entries]
    print(f"\n{'SESSION':40} {'RESULT':6} {'SECONDS':>8} {'CPU-SECS':>8}")
    for name, status, seconds, cpu in sorted(results, key=lambda r: order.index(r[0])):
        print(f"{name:40} {status:6} {seconds:8.0f} {cpu:8.0f}")
    print(f"{'(wall clock / CPU total)':40} {'':6} {time.monotonic() - start:8.0f} {sum(r[3] for r in results):8.0f}")
    counts = {status: sum(1 for r in results if r[1] == status) for status in ("PASS", "FAIL", "SKIP")}
    print(f"{counts['PASS']} passed, {counts['FAIL']} failed" + (f", {counts['SKIP']} skipped" if counts["SKIP"] else ""))
    return 1 if counts["FAIL"] else 0


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], Path(sys.argv[2]), sys.argv[3:]))
