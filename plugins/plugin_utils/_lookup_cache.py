# -*- coding: utf-8 -*-
# Copyright (c) 2026, voximplant.management contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Per-playbook-run cache of lookup results. PRIVATE: not a public API of the collection.

Ansible templates a variable again each time it is used, and every task runs in a fresh worker
process, so an in-memory cache would not outlive one task. Results are kept instead in files inside
the private directory ansible-core makes for each run on the controller (C.DEFAULT_LOCAL_TMP:
mkdtemp 0700, inherited by the forked workers, removed when ansible-playbook exits). No other user
can predict or enter it, and the run leaves no copy of the records behind.

Entries are named by an HMAC of the options under a random token made when the run's cache
directory is made, so no entry is ever served in another run whatever the pid or inode.
Whenever the cache cannot be used safely, the caller is warned and the listing runs uncached.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import time
from typing import Any, Callable, Dict, List, Mapping, Optional

from ansible import constants as C

from ansible_collections.voximplant.management.plugins.module_utils._errors import VoximplantError
from ansible_collections.voximplant.management.plugins.module_utils._key_file import read_key_file
from ansible_collections.voximplant.management.plugins.plugin_utils._private_files import (
    UnsafeFile,
    create_file,
    lock_file,
    open_private_directory,
    open_subdirectory,
    read_file,
    replace_file,
)

# A bound on reuse even within one run: a play that lasts longer sees data at most this old.
MAX_AGE_SECONDS = 3600
# 2: the key covers the run's token and the content of key files (1.0.0's covered their path).
CACHE_VERSION = 2
CACHE_DIR_NAME = "voximplant.management-lookup-cache"
RUN_TOKEN_NAME = "run-token"
_RUN_TOKEN_BYTES = 32
# 100,000 records are about 60 MB of JSON; a larger entry is neither written nor read.
MAX_ENTRY_BYTES = 512 * 1024 * 1024

Records = List[Dict[str, Any]]


def run_directory() -> str:
    """ansible-core's private directory of this run: the constant, never the setting resolved again.

    Resolving DEFAULT_LOCAL_TMP through the config manager makes a new directory in each worker,
    which nothing removes; the constant is the one the main process made and will remove.
    """
    return C.DEFAULT_LOCAL_TMP


def key_material(options: Mapping[str, Any]) -> Dict[str, Any]:
    """What the cache key covers: every option, with key files by content, not path.

    `options` have their credentials resolved (_credentials.resolve_credentials), so credentials from the
    environment are covered too. Replacing credentials.json with another account's key between two lookups
    must give a new listing. A file that cannot be read gets a marker: the fetch will report the problem itself.
    """
    return {"options": _with_key_file_digest(options)}


def _with_key_file_digest(values: Mapping[str, Any]) -> Dict[str, Any]:
    result = dict(values)
    path = result.get("credentials_file")
    if isinstance(path, str):
        try:
            content = read_key_file(os.path.expanduser(path))
        except VoximplantError as error:
            result["credentials_file"] = {"unreadable": str(error)}
        else:
            result["credentials_file"] = {"sha256": hashlib.sha256(content).hexdigest()}
    return result


def cached(material: Mapping[str, Any], compute: Callable[[], Records], warn: Callable[[str], None], directory: Optional[str] = None) -> Records:
    """compute() once per run for identical material; concurrent workers wait for the first one.

    Whenever the cache cannot be used safely: warn(reason) and return compute() uncached. Errors
    of compute() itself propagate unchanged and are never cached.
    """
    run_dir = directory or run_directory()
    try:
        cache_fd, token = _open_cache(run_dir)
    except UnsafeFile as error:
        warn(f"lookup cache not used: {error}")
        return compute()
    try:
        name = _entry_name(token, material)
        try:
            lock_fd = lock_file(cache_fd, name + ".lock")
        except UnsafeFile as error:
            warn(f"lookup cache not used: {error}")
            return compute()
        try:
            return _read_or_compute(cache_fd, name + ".json", compute, warn)
        finally:
            os.close(lock_fd)  # releases the flock
    finally:
        os.close(cache_fd)


def _read_or_compute(cache_fd: int, entry: str, compute: Callable[[], Records], warn: Callable[[str], None]) -> Records:
    try:
        records = _read_fresh(cache_fd, entry)
    except UnsafeFile as error:
        warn(f"lookup cache entry ignored: {error}")
        records = None
    if records is None:
        records = compute()
        # dumps, not dump: dump streams through the pure-Python encoder, 2.5x slower on 20,000 records.
        payload = json.dumps(records).encode("utf-8")
        try:
            if len(payload) > MAX_ENTRY_BYTES:
                raise UnsafeFile(f"the result is {len(payload)} bytes, more than the cache's bound of {MAX_ENTRY_BYTES}")
            replace_file(cache_fd, entry, payload)
        except UnsafeFile as error:
            warn(f"lookup result not cached: {error}")
    return records


def _open_cache(run_dir: str) -> tuple:
    """(descriptor of the cache directory, the run's token), everything checked private and ours."""
    run_fd = open_private_directory(run_dir, f"ansible-core's run directory {run_dir}")
    try:
        cache_fd = open_subdirectory(run_fd, CACHE_DIR_NAME, os.path.join(run_dir, CACHE_DIR_NAME), _write_token)
    finally:
        os.close(run_fd)
    try:
        found = read_file(cache_fd, RUN_TOKEN_NAME, 2 * _RUN_TOKEN_BYTES)
        if found is None or len(found[0]) != 2 * _RUN_TOKEN_BYTES:
            raise UnsafeFile(f"{os.path.join(run_dir, CACHE_DIR_NAME)} has no valid {RUN_TOKEN_NAME}")
    except UnsafeFile:
        os.close(cache_fd)
        raise
    return cache_fd, found[0]


def _write_token(directory_fd: int) -> None:
    create_file(directory_fd, RUN_TOKEN_NAME, secrets.token_hex(_RUN_TOKEN_BYTES).encode("ascii"))


def _entry_name(token: bytes, material: Mapping[str, Any]) -> str:
    # Keyed by the run's token: an entry is meaningless in any other run, and a name reveals nothing of the options.
    canonical = json.dumps({"v": CACHE_VERSION, "material": material}, sort_keys=True, default=str)
    return hmac.new(token, canonical.encode("utf-8"), hashlib.sha256).hexdigest()


def _read_fresh(cache_fd: int, entry: str) -> Optional[Records]:
    """The entry's records, or None when there is none or it is older than MAX_AGE_SECONDS."""
    found = read_file(cache_fd, entry, MAX_ENTRY_BYTES)
    if found is None:
        return None
    content, mtime = found
    if time.time() - mtime > MAX_AGE_SECONDS:
        return None
    try:
        records = json.loads(content.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise UnsafeFile(f"{entry} is not valid JSON") from None
    if not isinstance(records, list) or not all(isinstance(record, dict) for record in records):
        raise UnsafeFile(f"{entry} is not a list of registrations")
    return records
