# -*- coding: utf-8 -*-
# Copyright (c) 2026, voximplant.management contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Bounded, non-blocking reads of service-account key files. PRIVATE: not a public API of the collection.

A key file is a small regular file (~2 KB). A FIFO would block the task forever, /dev/zero would be
read until memory runs out, a huge file would be read whole before it is refused: each is refused
at once instead, with the option, the path and what the path really is.
"""

from __future__ import annotations

import os
import stat
from typing import Type

from ansible_collections.voximplant.management.plugins.module_utils._errors import VoximplantCredentialsError, VoximplantValidationError

# A real credentials.json is about 2 KB; 64 KiB leaves room for any key size and pretty-printing.
MAX_KEY_FILE_BYTES = 64 * 1024

_FILE_TYPES = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def read_key_file(path: str, option: str = "credentials_file") -> bytes:
    """The bytes of a regular file of at most MAX_KEY_FILE_BYTES (a user's symlink is followed)."""
    return read_bounded_file(path, option, MAX_KEY_FILE_BYTES, "a service-account key file", VoximplantCredentialsError)


def read_bounded_file(path: str, option: str, limit: int, what: str, error: Type[VoximplantValidationError]) -> bytes:
    """The bytes of a regular file of at most `limit` bytes, or `error(option, problem)`; `what` names the file in messages."""
    try:
        # O_NONBLOCK: opening a FIFO for reading must not wait for a writer.
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise error(option, f"'{path}' does not exist") from None
    except OSError as exc:
        raise error(option, f"'{path}' cannot be read: {exc.strerror}") from None
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            kind = next((name for test, name in _FILE_TYPES if test(info.st_mode)), "not a regular file")
            raise error(option, f"'{path}' cannot be read: it is {kind}, not a regular file")
        if info.st_size > limit:
            raise error(
                option, f"'{path}' is {info.st_size} bytes: {what} is at most {limit} bytes"
            )
        chunks = []
        remaining = limit + 1  # the file may grow after fstat: never read past the bound
        while remaining > 0:
            chunk = os.read(descriptor, remaining)
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
    except OSError as exc:
        raise error(option, f"'{path}' cannot be read: {exc.strerror}") from None
    finally:
        os.close(descriptor)
    content = b"".join(chunks)
    if len(content) > limit:
        raise error(option, f"'{path}' grew past {limit} bytes while it was read")
    return content
