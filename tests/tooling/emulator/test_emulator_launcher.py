# -*- coding: utf-8 -*-
# Copyright (c) 2026, voximplant.management contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The one launcher: ``--background`` returns once the emulator listens, ``--stop DIR`` ends it; a clear line
when a library is missing; the emulator stops by itself (``--lifetime``, ``--watch-pid``)."""
from __future__ import annotations

import json
import os
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

EMULATOR_DIR = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "emulator"))
sys.path.insert(0, EMULATOR_DIR)

from voximplant_emulator import launcher  # noqa: E402  pylint: disable=wrong-import-position


def cli(*args: str, pythonpath: str = EMULATOR_DIR, timeout: float = 90) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=pythonpath)
    return subprocess.run([sys.executable, "-m", "voximplant_emulator", *args], env=env, capture_output=True, text=True,
                          timeout=timeout, check=False)


def wait_ended(pid: int, seconds: float = 20) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not launcher.process_alive(pid):
            return True
        time.sleep(0.1)
    return False


def legacy_count(info: dict) -> int:
    response = requests.post(f"{info['url']}/GetSipRegistrations", timeout=10,
                             data={"account_id": info["account_id"], "api_key": info["api_key"], "count": 3})
    return response.json()["count"]


def test_background_returns_listening_and_stop_ends_it(tmp_path: Path) -> None:
    state, info_file = tmp_path / "state", tmp_path / "out" / "info.json"
    info_file.parent.mkdir()
    started = cli("--state-dir", str(state), "--background", "--quiet", "--records", "30", "--info-file", str(info_file))
    assert started.returncode == 0, started.stderr
    info = json.loads(started.stdout)
    try:
        assert info == json.loads((state / "emulator.json").read_text(encoding="utf-8"))
        assert json.loads(info_file.read_text(encoding="utf-8")) == info
        assert stat.S_IMODE(info_file.stat().st_mode) == 0o600
        assert info["records"] == 30 and launcher.process_alive(info["pid"])
        assert legacy_count(info) == 3          # served at once: no waiting after the launcher returned
        refused = cli("--state-dir", str(state), "--background")
        assert refused.returncode == 1 and f"already serves {state}" in refused.stderr
    finally:
        stopped = cli("--stop", str(state))
    assert stopped.returncode == 0 and f"pid {info['pid']}" in stopped.stderr
    assert wait_ended(info["pid"]) and not (state / "emulator.json").exists()
    again = cli("--stop", str(state))
    assert again.returncode == 0 and "no emulator serves" in again.stderr


def test_failed_start_exits_non_zero_with_the_childs_error(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = cli("--state-dir", str(tmp_path), "--background", "--port", str(port))
    assert result.returncode != 0 and result.stdout == ""
    assert "exited with status 1 before listening" in result.stderr and f"cannot serve on 127.0.0.1:{port}" in result.stderr
    assert "Traceback" not in result.stderr and launcher.running_pid(tmp_path) is None


def test_in_process_start_and_stop(tmp_path: Path) -> None:
    """What benchmarks/ does: the launched emulator is this process's child; stop() reaps it."""
    info = launcher.start(["--state-dir", str(tmp_path), "--quiet", "--records", "12", "--clock-offset", "-60"], tmp_path)
    assert legacy_count(info) == 3 and launcher.running_pid(tmp_path) == info["pid"]
    assert requests.get(f"{info['admin_url']}/config", timeout=10).json()["clock_offset"] == -60
    assert launcher.stop(tmp_path) == f"stopped the emulator (pid {info['pid']})"
    assert not launcher.process_alive(info["pid"]) and launcher.running_pid(tmp_path) is None


def test_missing_library_is_one_clear_line(tmp_path: Path) -> None:
    fake = tmp_path / "site" / "jwt"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text("raise ImportError(\"No module named 'jwt'\")\n", encoding="utf-8")
    path = os.pathsep.join((str(fake.parent), EMULATOR_DIR))    # the broken jwt comes first
    for mode in ((), ("--background",)):
        result = cli("--state-dir", str(tmp_path / "state"), *mode, pythonpath=path)
        assert result.returncode == 2 and "Traceback" not in result.stderr
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and "cannot import PyJWT" in lines[0] and sys.executable in lines[0], result.stderr
    assert not (tmp_path / "state" / "emulator.json").exists()
    # stopping needs no third-party library
    assert cli("--stop", str(tmp_path / "state"), pythonpath=path).returncode == 0


def test_state_dir_is_required_to_serve() -> None:
    result = cli("--records", "3")
    assert result.returncode == 2 and "--state-dir is required" in result.stderr


def test_lifetime_ends_the_emulator(tmp_path: Path) -> None:
    started = time.monotonic()
    result = cli("--state-dir", str(tmp_path), "--lifetime", "1", "--records", "5")
    assert result.returncode == 0 and "lifetime of 1 s reached" in result.stderr
    assert time.monotonic() - started < 60      # generous: it did not run until killed
    assert not (tmp_path / "emulator.json").exists()


def test_watch_pid_ends_the_emulator_with_the_watched_process(tmp_path: Path) -> None:
    watched = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    try:
        started = cli("--state-dir", str(tmp_path), "--background", "--quiet", "--watch-pid", str(watched.pid))
        assert started.returncode == 0, started.stderr
        pid = json.loads(started.stdout)["pid"]
        assert launcher.process_alive(pid)
    finally:
        watched.kill()
        watched.wait()
    assert wait_ended(pid), "the emulator outlived the process it watched"
    assert "ended, stopping" in (tmp_path / "emulator.log").read_text(encoding="utf-8")


@pytest.mark.parametrize("value", ["-3600", "3600"])
def test_clock_offset_flag_survives_the_background_split(tmp_path: Path, value: str) -> None:
    started = cli("--state-dir", str(tmp_path), "--clock-offset", value, "--background", "--quiet")
    assert started.returncode == 0, started.stderr
    info = json.loads(started.stdout)
    try:
        assert requests.get(f"{info['admin_url']}/config", timeout=10).json()["clock_offset"] == int(value)
    finally:
        assert cli("--stop", str(tmp_path)).returncode == 0
