# -*- coding: utf-8 -*-
# Copyright (c) 2026, voximplant.management contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Files private to this user, opened and created without following links. PRIVATE: not a public API of the collection.

Everything works relative to a descriptor of a directory that was checked after it was opened, so
no path component can be swapped for a link between the check and the use. Files are created
exclusively (O_CREAT|O_EXCL|O_NOFOLLOW) under random names and renamed into place; a file is read
only if it is a regular file of this user with the expected mode, and never past its size.
Any doubt raises UnsafeFile, whose message says what was found.
"""

from __future__ import annotations

import fcntl
import os
import secrets
import stat
from typing import Callable, Optional, Tuple

DIRECTORY_MODE = 0o700
FILE_MODE = 0o600

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_OPEN_DIRECTORY = os.O_RDONLY | os.O_DIRECTORY | _NOFOLLOW | _CLOEXEC
_READ_CHUNK = 1024 * 1024


class UnsafeFile(Exception):
    """A path is not what a private file of this user must be, or cannot be used."""


def check_private(info: os.stat_result, what: str, mode: int, is_kind: Callable[[int], bool], kind: str) -> None:
    if not is_kind(info.st_mode):
        raise UnsafeFile(f"{what} is not {kind}")
    if info.st_uid != os.geteuid():
        raise UnsafeFile(f"{what} belongs to uid {info.st_uid}, not to this user (uid {os.geteuid()})")
    if stat.S_IMODE(info.st_mode) != mode:
        raise UnsafeFile(f"{what} has mode {stat.S_IMODE(info.st_mode):04o}, not {mode:04o}")


def _check_directory(descriptor: int, what: str) -> None:
    check_private(os.fstat(descriptor), what, DIRECTORY_MODE, stat.S_ISDIR, "a directory")


def open_private_directory(path: str, what: str) -> int:
    """A descriptor of `path`, a real directory (not a link) of this user with mode 0700."""
    try:
        check_private(os.lstat(path), what, DIRECTORY_MODE, stat.S_ISDIR, "a directory")
        descriptor = os.open(path, _OPEN_DIRECTORY)
    except FileNotFoundError:
        raise UnsafeFile(f"{what} does not exist") from None
    except OSError as exc:
        raise UnsafeFile(f"cannot open {what}: {exc.strerror}") from None
    try:
        _check_directory(descriptor, what)  # the check above and the open are two steps: check what was opened
    except BaseException:
        os.close(descriptor)
        raise
    return descriptor


def open_subdirectory(parent_fd: int, name: str, what: str, initialize: Callable[[int], None]) -> int:
    """A descriptor of the private directory `name` in `parent_fd`, made (and initialized) if missing.

    A new one is filled in under a random name and renamed into place, so whoever opens `name`
    finds it complete: initialize(fd) runs exactly once, by the process that made it.
    """
    try:
        descriptor = os.open(name, _OPEN_DIRECTORY, dir_fd=parent_fd)
    except FileNotFoundError:
        _create_subdirectory(parent_fd, name, initialize)
        try:
            descriptor = os.open(name, _OPEN_DIRECTORY, dir_fd=parent_fd)
        except OSError as exc:
            raise UnsafeFile(f"cannot open {what}: {exc.strerror}") from None
    except OSError as exc:
        # ELOOP/ENOTDIR: a link or a file was planted at the name.
        raise UnsafeFile(f"cannot open {what}: {exc.strerror}") from None
    try:
        _check_directory(descriptor, what)
    except BaseException:
        os.close(descriptor)
        raise
    return descriptor


def _create_subdirectory(parent_fd: int, name: str, initialize: Callable[[int], None]) -> None:
    staging = f"{name}.{secrets.token_hex(8)}.new"
    try:
        os.mkdir(staging, DIRECTORY_MODE, dir_fd=parent_fd)
        staging_fd = os.open(staging, _OPEN_DIRECTORY, dir_fd=parent_fd)
    except OSError as exc:
        raise UnsafeFile(f"cannot create a directory next to {name}: {exc.strerror}") from None
    renamed = False
    try:
        os.fchmod(staging_fd, DIRECTORY_MODE)  # whatever the umask: exactly 0700
        initialize(staging_fd)
        try:
            os.rename(staging, name, src_dir_fd=parent_fd, dst_dir_fd=parent_fd)
            renamed = True
        except OSError:
            pass  # another worker was first (its directory is not empty): the caller opens and checks that one
    except OSError as exc:
        raise UnsafeFile(f"cannot create {name}: {exc.strerror}") from None
    finally:
        if not renamed:
            _remove_staging(parent_fd, staging_fd, staging)
        os.close(staging_fd)


def _remove_staging(parent_fd: int, staging_fd: int, staging: str) -> None:
    """Remove the staging directory this process made and filled (random name, nobody else writes there)."""
    try:
        for entry in os.listdir(staging_fd):
            os.unlink(entry, dir_fd=staging_fd)
        os.rmdir(staging, dir_fd=parent_fd)
    except OSError:
        pass  # leftovers stay inside the run's private directory, which ansible-core removes


def create_file(dir_fd: int, name: str, data: bytes) -> None:
    """Write a new file `name` (mode 0600); fails if anything, a link included, is already there."""
    try:
        descriptor = os.open(name, os.O_CREAT | os.O_EXCL | os.O_WRONLY | _NOFOLLOW | _CLOEXEC, FILE_MODE, dir_fd=dir_fd)
    except OSError as exc:
        raise UnsafeFile(f"cannot create {name}: {exc.strerror}") from None
    try:
        os.fchmod(descriptor, FILE_MODE)  # whatever the umask: the read check expects exactly 0600
        view = memoryview(data)
        while view:
            view = view[os.write(descriptor, view):]
    except OSError as exc:
        raise UnsafeFile(f"cannot write {name}: {exc.strerror}") from None
    finally:
        os.close(descriptor)


def replace_file(dir_fd: int, name: str, data: bytes) -> None:
    """Put `data` at `name` atomically: a new file under a random name, renamed over whatever is there.

    rename() replaces the directory entry itself: a link planted at `name` is replaced, never followed.
    """
    temporary = f"{name}.{secrets.token_hex(8)}.tmp"
    create_file(dir_fd, temporary, data)  # on failure nothing was created: nothing to remove
    try:
        os.replace(temporary, name, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
    except OSError as exc:
        try:
            os.unlink(temporary, dir_fd=dir_fd)  # ours: created just above
        except OSError:
            pass
        raise UnsafeFile(f"cannot write {name}: {exc.strerror}") from None


def read_file(dir_fd: int, name: str, max_bytes: int) -> Optional[Tuple[bytes, float]]:
    """(content, mtime) of the private file `name`, or None if there is none.

    Opened without following a link and without blocking (a FIFO must not hang the task); read only
    if it is our regular file of mode 0600 and at most max_bytes, and never past the size fstat saw.
    """
    try:
        descriptor = os.open(name, os.O_RDONLY | os.O_NONBLOCK | _NOFOLLOW | _CLOEXEC, dir_fd=dir_fd)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise UnsafeFile(f"cannot open {name}: {exc.strerror}") from None
    try:
        info = os.fstat(descriptor)
        check_private(info, name, FILE_MODE, stat.S_ISREG, "a regular file")
        if info.st_size > max_bytes:
            raise UnsafeFile(f"{name} is {info.st_size} bytes, more than {max_bytes}")
        chunks = []
        remaining = info.st_size
        while remaining > 0:
            chunk = os.read(descriptor, min(remaining, _READ_CHUNK))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
    except OSError as exc:
        raise UnsafeFile(f"cannot read {name}: {exc.strerror}") from None
    finally:
        os.close(descriptor)
    return b"".join(chunks), info.st_mtime


def lock_file(dir_fd: int, name: str) -> int:
    """An exclusive flock on the private file `name` (made if missing); close the descriptor to release it."""
    flags = os.O_RDWR | os.O_NONBLOCK | _NOFOLLOW | _CLOEXEC
    new = True
    try:
        try:
            descriptor = os.open(name, flags | os.O_CREAT | os.O_EXCL, FILE_MODE, dir_fd=dir_fd)
        except FileExistsError:
            new = False
            descriptor = os.open(name, flags, dir_fd=dir_fd)  # made by an earlier lookup of this run
    except OSError as exc:
        raise UnsafeFile(f"cannot open the lock file {name}: {exc.strerror}") from None
    try:
        if new:
            os.fchmod(descriptor, FILE_MODE)  # ours and new: exactly 0600 whatever the umask
        check_private(os.fstat(descriptor), f"the lock file {name}", FILE_MODE, stat.S_ISREG, "a regular file")
        fcntl.flock(descriptor, fcntl.LOCK_EX)
    except OSError as exc:
        os.close(descriptor)
        raise UnsafeFile(f"cannot lock {name}: {exc.strerror}") from None
    except UnsafeFile:
        os.close(descriptor)
        raise
    return descriptor
