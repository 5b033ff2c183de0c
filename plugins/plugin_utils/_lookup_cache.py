# -*- coding: utf-8 -*-
# Copyright (c) 2026, voximplant.management contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Per-playbook-run cache of lookup results. PRIVATE: not a public API of the collection.

Ansible templates a variable again each time it is used, and every task runs in a fresh worker
process, so an in-memory cache would not outlive one task. Results are kept instead in files inside
the private directory ansible-core makes for each run on the controller (C.DEFAULT_LOCAL_TMP:
mkdtemp 0700, inherited by the forked workers, removed when ansible-playbook exits). No other user
can predict or enter it, and no run can see another's files.

Every file is created without following links and exclusively (O_NOFOLLOW|O_EXCL), relative to a
descriptor of the checked cache directory, and is read only if it is a regular file of ours with
mode 0600. When any of that cannot be established the caller is warned and fetches without the cache.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import secrets
import stat
import time
from typing import Any, Callable, Dict, List, Mapping, Optional

from ansible import constants as C

from ansible_collections.voximplant.management.plugins.module_utils._errors import VoximplantError
from ansible_collections.voximplant.management.plugins.module_utils._key_file import read_key_file

# A bound on reuse even within one run: a play that lasts longer sees data at most this old.
MAX_AGE_SECONDS = 3600
# 2: the key covers the run directory and the content of key files (1.0.0's covered their path).
CACHE_VERSION = 2
CACHE_DIR_NAME = "voximplant.management-lookup-cache"
# 100,000 records are about 60 MB of JSON; a larger entry is neither written nor read.
MAX_ENTRY_BYTES = 512 * 1024 * 1024

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)

Records = List[Dict[str, Any]]


class CacheUnusable(Exception):
    """The cache cannot be used safely; the message says why (shown to the user as a warning)."""


def run_directory() -> str:
    """ansible-core's private directory of this run: the constant, never the setting resolved again.

    Resolving DEFAULT_LOCAL_TMP through the config manager makes a new directory in each worker,
    which nothing removes; the constant is the one the main process made and will remove.
    """
    return C.DEFAULT_LOCAL_TMP


def key_material(options: Mapping[str, Any], environment: Mapping[str, Any]) -> Dict[str, Any]:
    """What the cache key covers: every option and env credential, with key files by content, not path.

    Replacing credentials.json with another account's key between two lookups must give a new
    listing. A file that cannot be read gets a marker: the fetch will report the problem itself.
    """
    return {
        "options": _with_key_file_digest(options),
        "environment": _with_key_file_digest(environment),
    }


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


def cached(
    material: Mapping[str, Any],
    compute: Callable[[], Records],
    warn: Callable[[str], None],
    directory: Optional[str] = None,
) -> Records:
    """compute() once per run for identical material; concurrent workers wait for the first one.

    Whenever the cache cannot be used safely, warn(reason) and return compute() uncached. Errors of
    compute() itself propagate unchanged and are never cached.
    """
    run_dir = directory or run_directory()
    try:
        cache_fd = _open_cache_directory(run_dir)
    except CacheUnusable as error:
        warn(f"lookup cache not used: {error}")
        return compute()
    try:
        return _cached_in(cache_fd, run_dir, material, compute, warn)
    finally:
        os.close(cache_fd)


def _cached_in(cache_fd: int, run_dir: str, material: Mapping[str, Any], compute: Callable[[], Records], warn: Callable[[str], None]) -> Records:
    name = _entry_name(cache_fd, run_dir, material)
    try:
        lock_fd = _lock(cache_fd, name + ".lock")
    except CacheUnusable as error:
        warn(f"lookup cache not used: {error}")
        return compute()
    try:
        try:
            records = _read_fresh(cache_fd, name + ".json")
        except CacheUnusable as error:
            warn(f"lookup cache entry ignored: {error}")
            records = None
        if records is None:
            records = compute()
            try:
                _write(cache_fd, name + ".json", records)
            except CacheUnusable as error:
                warn(f"lookup result not cached: {error}")
        return records
    finally:
        os.close(lock_fd)  # releases the flock


def _entry_name(cache_fd: int, run_dir: str, material: Mapping[str, Any]) -> str:
    # The directory's identity is in the key too: nothing is served across runs whatever the pid.
    info = os.fstat(cache_fd)
    run = {"directory": run_dir, "device": info.st_dev, "inode": info.st_ino}
    canonical = json.dumps({"v": CACHE_VERSION, "run": run, "material": material}, sort_keys=True, default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _open_cache_directory(run_dir: str) -> int:
    """A descriptor of the cache directory inside the run directory, both checked to be private and ours."""
    try:
        _check_private(os.lstat(run_dir), f"ansible-core's run directory {run_dir}", 0o700, stat.S_ISDIR, "a directory")
        run_fd = os.open(run_dir, os.O_RDONLY | os.O_DIRECTORY | _NOFOLLOW | _CLOEXEC)
    except FileNotFoundError:
        raise CacheUnusable(f"ansible-core's run directory {run_dir} does not exist") from None
    except OSError as exc:
        raise CacheUnusable(f"cannot open ansible-core's run directory {run_dir}: {exc.strerror}") from None
    try:
        # The check above and the open are two steps: check again what was opened.
        _check_private(os.fstat(run_fd), f"ansible-core's run directory {run_dir}", 0o700, stat.S_ISDIR, "a directory")
        created = False
        try:
            os.mkdir(CACHE_DIR_NAME, 0o700, dir_fd=run_fd)
            created = True
        except FileExistsError:
            pass  # made by an earlier lookup of this run (checked below like anything else found there)
        cache_fd = os.open(CACHE_DIR_NAME, os.O_RDONLY | os.O_DIRECTORY | _NOFOLLOW | _CLOEXEC, dir_fd=run_fd)
    except OSError as exc:
        # ELOOP/ENOTDIR: something other than a directory was planted at the name.
        raise CacheUnusable(f"cannot open {os.path.join(run_dir, CACHE_DIR_NAME)}: {exc.strerror}") from None
    finally:
        os.close(run_fd)
    try:
        info = os.fstat(cache_fd)
        if created and stat.S_IMODE(info.st_mode) != 0o700:
            os.fchmod(cache_fd, 0o700)  # a umask may have taken bits away; never adds any for others
            info = os.fstat(cache_fd)
        _check_private(info, os.path.join(run_dir, CACHE_DIR_NAME), 0o700, stat.S_ISDIR, "a directory")
    except (OSError, CacheUnusable):
        os.close(cache_fd)
        raise
    return cache_fd


def _check_private(info: os.stat_result, what: str, mode: int, is_kind: Callable[[int], bool], kind: str) -> None:
    if not is_kind(info.st_mode):
        raise CacheUnusable(f"{what} is not {kind}")
    if info.st_uid != os.geteuid():
        raise CacheUnusable(f"{what} belongs to uid {info.st_uid}, not to this user (uid {os.geteuid()})")
    if stat.S_IMODE(info.st_mode) != mode:
        raise CacheUnusable(f"{what} has mode {stat.S_IMODE(info.st_mode):04o}, not {mode:04o}")


def _lock(cache_fd: int, name: str) -> int:
    """Hold the lock of one entry while the first worker lists: the others wait, then read its result."""
    flags = os.O_RDWR | _NOFOLLOW | _CLOEXEC | os.O_NONBLOCK
    try:
        try:
            descriptor = os.open(name, flags | os.O_CREAT | os.O_EXCL, 0o600, dir_fd=cache_fd)
            os.fchmod(descriptor, 0o600)  # ours and new: whatever the umask, exactly 0600
        except FileExistsError:
            descriptor = os.open(name, flags, dir_fd=cache_fd)  # made by an earlier lookup of this run
    except OSError as exc:
        raise CacheUnusable(f"cannot open the lock file {name}: {exc.strerror}") from None
    try:
        _check_private(os.fstat(descriptor), f"the lock file {name}", 0o600, stat.S_ISREG, "a regular file")
        fcntl.flock(descriptor, fcntl.LOCK_EX)
    except OSError as exc:
        os.close(descriptor)
        raise CacheUnusable(f"cannot lock {name}: {exc.strerror}") from None
    except CacheUnusable:
        os.close(descriptor)
        raise
    return descriptor


def _read_fresh(cache_fd: int, name: str) -> Optional[Records]:
    """The entry's records, or None when there is none or it is older than MAX_AGE_SECONDS."""
    try:
        descriptor = os.open(name, os.O_RDONLY | _NOFOLLOW | _CLOEXEC | os.O_NONBLOCK, dir_fd=cache_fd)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise CacheUnusable(f"cannot open {name}: {exc.strerror}") from None
    try:
        info = os.fstat(descriptor)
        _check_private(info, f"the entry {name}", 0o600, stat.S_ISREG, "a regular file")
        if info.st_size > MAX_ENTRY_BYTES:
            raise CacheUnusable(f"the entry {name} is {info.st_size} bytes, more than {MAX_ENTRY_BYTES}")
        if time.time() - info.st_mtime > MAX_AGE_SECONDS:
            return None
        content = _read_exactly(descriptor, info.st_size)
    except OSError as exc:
        raise CacheUnusable(f"cannot read {name}: {exc.strerror}") from None
    finally:
        os.close(descriptor)
    try:
        records = json.loads(content.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise CacheUnusable(f"the entry {name} is not valid JSON") from None
    if not isinstance(records, list) or not all(isinstance(record, dict) for record in records):
        raise CacheUnusable(f"the entry {name} is not a list of registrations")
    return records


def _read_exactly(descriptor: int, size: int) -> bytes:
    """At most `size` bytes (the size fstat saw): never more, even if the file grows meanwhile."""
    chunks = []
    remaining = size
    while remaining > 0:
        chunk = os.read(descriptor, min(remaining, 1024 * 1024))
        if not chunk:
            break
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


def _write(cache_fd: int, name: str, records: Records) -> None:
    """Write to a new file with a random name, then rename it over the entry (never through a link)."""
    # dumps, not dump: dump streams through the pure-Python encoder, 2.5x slower on 20,000 records.
    payload = json.dumps(records).encode("utf-8")
    if len(payload) > MAX_ENTRY_BYTES:
        raise CacheUnusable(f"the result is {len(payload)} bytes, more than the cache's bound of {MAX_ENTRY_BYTES}")
    temporary = f"{name}.{secrets.token_hex(8)}.tmp"
    try:
        descriptor = os.open(temporary, os.O_CREAT | os.O_EXCL | os.O_WRONLY | _NOFOLLOW | _CLOEXEC, 0o600, dir_fd=cache_fd)
    except OSError as exc:
        raise CacheUnusable(f"cannot create {temporary}: {exc.strerror}") from None
    try:
        try:
            os.fchmod(descriptor, 0o600)  # whatever the umask, the read check expects exactly 0600
            view = memoryview(payload)
            while view:
                view = view[os.write(descriptor, view):]
        finally:
            os.close(descriptor)
        os.replace(temporary, name, src_dir_fd=cache_fd, dst_dir_fd=cache_fd)
    except OSError as exc:
        _remove_own(cache_fd, temporary)
        raise CacheUnusable(f"cannot write {name}: {exc.strerror}") from None


def _remove_own(cache_fd: int, name: str) -> None:
    """Remove a temporary file this process created (only that name, in the cache directory)."""
    try:
        os.unlink(name, dir_fd=cache_fd)
    except OSError:
        pass
