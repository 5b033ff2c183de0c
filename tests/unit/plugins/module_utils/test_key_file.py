# -*- coding: utf-8 -*-
# Copyright (c) 2026, voximplant.management contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""_key_file: only small regular files are read, and nothing blocks or reads without a bound."""

from __future__ import annotations

import os
import socket

import pytest

from ansible_collections.voximplant.management.plugins.module_utils._errors import VoximplantCredentialsError
from ansible_collections.voximplant.management.plugins.module_utils._key_file import MAX_KEY_FILE_BYTES, read_key_file


def _refusal(path):
    with pytest.raises(VoximplantCredentialsError) as caught:
        read_key_file(str(path))
    assert caught.value.option == "credentials_file"
    return caught.value.problem


def test_reads_a_regular_file_and_follows_the_users_symlink(tmp_path):
    target = tmp_path / "credentials.json"
    target.write_bytes(b'{"account_id": 1}')
    link = tmp_path / "link.json"
    link.symlink_to(target)
    assert read_key_file(str(link)) == b'{"account_id": 1}'


def test_a_fifo_is_refused_at_once(tmp_path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    assert "named pipe (FIFO)" in _refusal(fifo)


def test_a_character_device_is_refused():
    assert "character device" in _refusal("/dev/zero")


def test_a_directory_is_refused(tmp_path):
    assert "directory" in _refusal(tmp_path)


def test_a_socket_is_refused(tmp_path):
    path = tmp_path / "sock"
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(path))
        problem = _refusal(path)
    finally:
        server.close()
    assert "socket" in problem or "cannot be read" in problem  # opening a socket file fails with ENXIO on Linux


def test_a_file_over_the_bound_is_refused_before_it_is_read(tmp_path):
    big = tmp_path / "big.json"
    with open(big, "wb") as handle:
        handle.truncate(1024**3)  # sparse: 1 GiB without writing it
    problem = _refusal(big)
    assert str(1024**3) in problem and str(MAX_KEY_FILE_BYTES) in problem


def test_a_file_at_the_bound_is_read(tmp_path):
    exact = tmp_path / "exact.json"
    exact.write_bytes(b" " * MAX_KEY_FILE_BYTES)
    assert len(read_key_file(str(exact))) == MAX_KEY_FILE_BYTES


def test_missing_file(tmp_path):
    assert "does not exist" in _refusal(tmp_path / "absent.json")
