# -*- coding: utf-8 -*-
# Copyright (c) 2026, voximplant.management contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The contenders: (a) lookup, (b) debug, (c) the official SDK, (d) module, (e) one uri task; the core listing and
the module's memory probe. Each run returns its wall time, CPU and the registrations it listed."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any, Callable, Dict, Optional

from measure import BENCH_DIR, DEFAULT_PAGE_SIZE, BenchError, Emulator, timed


class Runner:
    """Runs each contender once against an emulator, with Ansible confined to a work directory."""

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

    def actions(self, emulator: Emulator) -> Dict[str, Callable[[], Dict[str, Any]]]:
        """One run of each contender, by letter."""
        token = sign_token(emulator.credentials_path)
        return {
            "b": lambda: self.playbook("debug", {}),
            "a": lambda: self.playbook("lookup", self.lookup_vars(emulator)),
            "c": lambda: self.sdk(emulator, self.args.page_size),
            "d": lambda: self.playbook("module", self.module_vars(emulator)),
            "e": lambda: self.playbook("uri", self.uri_vars(emulator, token)),
        }

    def expected_counts(self, records: int) -> Dict[str, Optional[int]]:
        """The registrations each contender must list (None: not a listing); (e) fetches one page."""
        first_page = min(records, self.args.page_size, self.args.page_cap)
        return {"b": None, "a": records, "c": records, "d": records, "e": first_page}


def sign_token(credentials_path: str, lifetime: int = 1800) -> str:
    """A ready token for the uri task, signed by the emulator's token helper (as the collection signs: RS256, kid, numeric iss)."""
    from voximplant_emulator.tokens import sign_token as sign  # needs PyJWT: the Ansible venv has it (measure.py puts the emulator on sys.path)

    return sign(json.loads(Path(credentials_path).read_text(encoding="utf-8")), lifetime=lifetime)
