# -*- coding: utf-8 -*-
# Copyright (c) 2026, voximplant.management contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The audit role at scale: the role end to end vs a one-task playbook running the module on the same data.

    .venv/ansible-2.19/bin/python benchmarks/audit_scale.py [--records 20000] [--repeat 3]

Starts the emulator the way benchmarks/run.py does (TLS, page cap, latency), then runs, in interleaved rounds,
(d) benchmarks/playbooks/module.yml and (r) benchmarks/playbooks/audit_role.yml (all four reports, a custom
check, a waiver), and prints the medians and the ratio r / d (target: <= 1.5 at 20,000 registrations).
It asserts no timing; it exits 1 when a run fails or the role's report does not cover every registration.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))

from run import Emulator, log, timed  # noqa: E402  (the same emulator start and timing as benchmarks/run.py)

TARGET_RATIO = 1.5


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--page-cap", type=int, default=1000)
    parser.add_argument("--latency-ms", type=int, default=50)
    parser.add_argument("--ansible-playbook", default=str(Path(sys.executable).with_name("ansible-playbook")))
    parser.add_argument("--collection", default=str(BENCH_DIR.parent))
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="audit-scale-"))
    try:
        collection = work / "collections" / "ansible_collections" / "voximplant" / "management"
        collection.mkdir(parents=True)
        for name in ("galaxy.yml", "meta", "plugins", "roles"):
            source = Path(args.collection) / name
            if source.is_dir():
                shutil.copytree(source, collection / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
            else:
                shutil.copy2(source, collection / name)
        (work / "ansible.cfg").write_text("[defaults]\n", encoding="utf-8")
        env = {key: value for key, value in os.environ.items() if not key.startswith(("ANSIBLE_VOXIMPLANT_", "VOXIMPLANT_"))}
        env.update(ANSIBLE_CONFIG=str(work / "ansible.cfg"), ANSIBLE_HOME=str(work / "ansible-home"),
                   ANSIBLE_COLLECTIONS_PATH=str(work / "collections"), ANSIBLE_LOCALHOST_WARNING="false",
                   ANSIBLE_INVENTORY_UNPARSED_WARNING="false", ANSIBLE_NOCOLOR="1", ANSIBLE_RETRY_FILES_ENABLED="false")
        state = work / "emulator"
        log(f"{args.records} records: starting the emulator (page cap {args.page_cap}, latency {args.latency_ms} ms, TLS)")
        emulator = Emulator(sys.executable, state, args.records, args.page_cap, args.latency_ms)
        try:
            common = {"bench_credentials_file": emulator.credentials_path, "bench_api_url": emulator.url, "bench_ca_path": emulator.ca_path}
            reports = work / "reports"
            runs = {"module": [], "role": []}
            for round_number in range(args.repeat + 1):  # round 0 warms up (byte-compiles the copy)
                for name, playbook in (("module", "module.yml"), ("role", "audit_role.yml")):
                    extra = dict(common, bench_report_dir=str(reports))
                    proc, wall, cpu = timed([args.ansible_playbook, str(BENCH_DIR / "playbooks" / playbook), "-e", json.dumps(extra)],
                                            env=env, cwd=work, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
                    if proc.returncode != 0:
                        print(proc.stdout.decode("utf-8", "replace")[-3000:], file=sys.stderr)
                        return 1
                    if name == "role":
                        result = json.loads((reports / "sip_registration_audit.json").read_text(encoding="utf-8"))
                        if result["summary"]["total"] != args.records:
                            log(f"the role audited {result['summary']['total']} registrations, not {args.records}")
                            return 1
                    if round_number:
                        runs[name].append({"wall": wall, "cpu": cpu})
                log(f"round {round_number}/{args.repeat} done" + (" (warm-up)" if not round_number else ""))
        finally:
            emulator.stop()
    finally:
        shutil.rmtree(work, ignore_errors=True)

    med = {name: {key: statistics.median(run[key] for run in values) for key in ("wall", "cpu")} for name, values in runs.items()}
    per_round = [r["wall"] / m["wall"] for r, m in zip(runs["role"], runs["module"])]
    ratio = med["role"]["wall"] / med["module"]["wall"]
    print("| registrations | (d) module playbook | (r) audit role | r / d | per round | CPU d / r | load (1 min) |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    print(f"| {args.records} | {med['module']['wall']:.2f} s | {med['role']['wall']:.2f} s | {ratio:.2f}× "
          f"| {min(per_round):.2f}–{max(per_round):.2f}× | {med['module']['cpu']:.2f} / {med['role']['cpu']:.2f} s "
          f"| {os.getloadavg()[0]:.1f} |")
    print(f"target r / d <= {TARGET_RATIO}: {'holds' if ratio <= TARGET_RATIO else 'does not hold'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
