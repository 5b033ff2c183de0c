# -*- coding: utf-8 -*-
# Copyright (c) 2026, voximplant.management contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Start the emulator in the background and stop it (``--background``, ``--stop``): the one launcher.

Shell scripts, the benchmark and tests all start it this way, so waiting for it is written once.
No third-party imports: ``--stop`` works under any Python.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Sequence
from urllib.parse import urlsplit

from voximplant_emulator.files import INFO_NAME, read_info

PACKAGE_PARENT = str(Path(__file__).resolve().parent.parent)
LOG_TAIL = 4000


class LaunchError(Exception):
    """The emulator did not start or stop; the message includes what it printed."""

    def __init__(self, message: str, status: int = 1) -> None:
        super().__init__(message)
        self.status = status


def _proc_state(pid: int) -> str | None:
    """The state letter of /proc/PID/stat (R, S, Z, ...), None when unknown."""
    try:
        return Path(f"/proc/{pid}/stat").read_text(encoding="ascii").rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return None


def process_alive(pid: int) -> bool:
    """True while ``pid`` runs; a zombie counts as ended (a parent that never reaps would hide the exit)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # it exists, but belongs to another user
    return _proc_state(pid) not in ("Z", "X")


def _is_emulator(pid: int) -> bool:
    """Whether ``pid`` runs this package (so a recycled pid is never signalled); True without /proc."""
    try:
        return b"voximplant_emulator" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return not Path("/proc/self").exists()


def _accepts(url: str) -> bool:
    split = urlsplit(url)
    try:
        with socket.create_connection((split.hostname or "127.0.0.1", split.port or 80), timeout=2):
            return True
    except OSError:
        return False


def _tail(path: Path) -> str:
    try:
        with open(path, "rb") as handle:
            handle.seek(0, os.SEEK_END)
            handle.seek(max(0, handle.tell() - LOG_TAIL))
            return handle.read().decode("utf-8", "replace").strip()
    except OSError:
        return ""


def running_pid(state_dir: Path) -> int | None:
    """The pid of the emulator serving ``state_dir``, if one is alive."""
    info = read_info(state_dir)
    pid = info.get("pid") if info else None
    if isinstance(pid, int) and process_alive(pid) and _is_emulator(pid):
        return pid
    return None


def start(serve_args: Sequence[str], state_dir: Path, log_file: Path | None = None, timeout: float = 60.0,
          python: str = sys.executable) -> dict[str, Any]:
    """Spawn ``python -m voximplant_emulator *serve_args`` and return emulator.json once its port accepts.

    ``serve_args`` must contain ``--state-dir state_dir``. The child's output goes to ``log_file``
    (default ``state_dir/emulator.log``); raises LaunchError with that output when it exits or
    does not listen within ``timeout`` seconds (then it is killed).
    """
    state_dir = Path(state_dir)
    state_dir.mkdir(parents=True, exist_ok=True)
    pid = running_pid(state_dir)
    if pid is not None:
        raise LaunchError(f"an emulator (pid {pid}) already serves {state_dir}; stop it first: --stop {state_dir}")
    log_path = Path(log_file) if log_file else state_dir / "emulator.log"
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, (PACKAGE_PARENT, env.get("PYTHONPATH"))))
    log_fd = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        # stdout/stderr go to the log, never to ours: "$(... --background)" must not wait for the server.
        child = subprocess.Popen([python, "-m", "voximplant_emulator", *serve_args], stdin=subprocess.DEVNULL,
                                 stdout=log_fd, stderr=subprocess.STDOUT, env=env, close_fds=True)
    finally:
        os.close(log_fd)
    deadline = time.monotonic() + timeout
    while True:
        info = read_info(state_dir)
        if info is not None and info.get("pid") == child.pid and _accepts(str(info["url"])):
            return info
        status = child.poll()
        if status is not None:
            raise LaunchError(f"the emulator exited with status {status} before listening:\n{_tail(log_path)}",
                              status=status or 1)
        if time.monotonic() > deadline:
            child.kill()
            child.wait()
            raise LaunchError(f"the emulator did not listen within {timeout:g} s:\n{_tail(log_path)}")
        time.sleep(0.05)


def _wait_ended(pid: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if os.waitpid(pid, os.WNOHANG)[0] == pid:  # our own child (in-process use): reap it
                return True
        except ChildProcessError:
            pass
        if not process_alive(pid):
            return True
        time.sleep(0.05)
    return not process_alive(pid)


def stop(state_dir: Path, timeout: float = 10.0) -> str:
    """Stop the emulator serving ``state_dir`` (SIGTERM; SIGKILL after ``timeout`` s). Idempotent."""
    state_dir = Path(state_dir)
    pid = running_pid(state_dir)
    if pid is None:
        (state_dir / INFO_NAME).unlink(missing_ok=True)  # stale, if any
        return f"no emulator serves {state_dir}"
    os.kill(pid, signal.SIGTERM)
    if _wait_ended(pid, timeout):
        return f"stopped the emulator (pid {pid})"
    os.kill(pid, signal.SIGKILL)
    if not _wait_ended(pid, 5):
        raise LaunchError(f"the emulator (pid {pid}) did not end after SIGKILL")
    (state_dir / INFO_NAME).unlink(missing_ok=True)
    return f"killed the emulator (pid {pid}): it did not stop within {timeout:g} s of SIGTERM"
