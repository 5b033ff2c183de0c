# -*- coding: utf-8 -*-
# Copyright (c) 2026, voximplant.management contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The per-run lookup cache: hits and misses, what the key covers, and what a planted file cannot do."""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import stat
import time

import pytest
from ansible import constants as C

from ansible_collections.voximplant.management.plugins.plugin_utils import _lookup_cache, _private_files
from ansible_collections.voximplant.management.plugins.module_utils._credentials import resolve_credentials
from ansible_collections.voximplant.management.plugins.plugin_utils._lookup_cache import CACHE_DIR_NAME, cached, key_material

RECORDS = [{"sip_registration_id": 1, "sip_username": "alice"}, {"sip_registration_id": 2, "sip_username": "bob"}]
PLANTED = "[]"
OTHER_UID = 65534  # nobody


class Api:
    """compute() stand-in: counts the listings it makes."""

    def __init__(self, records=None):
        self.records = RECORDS if records is None else records
        self.listings = 0

    def __call__(self):
        self.listings += 1
        return [dict(record) for record in self.records]


@pytest.fixture
def run_dir(ansible_run_dir):
    return ansible_run_dir


@pytest.fixture
def victim(tmp_path):
    """A file outside the run directory that a planted link points at: it must never change."""
    path = tmp_path / "victim"
    path.write_text("precious\n")
    return path


@pytest.fixture
def warnings():
    return []


def material(**options):
    return key_material(dict({"token": "t", "successful": None}, **options))


def entries(run_dir, suffix):
    cache_dir = run_dir / CACHE_DIR_NAME
    return sorted(cache_dir / name for name in os.listdir(cache_dir) if name.endswith(suffix))


def only_entry(run_dir, suffix=".json"):
    found = entries(run_dir, suffix)
    assert len(found) == 1, found
    return found[0]


def snapshot(tree):
    """Every path under `tree` with its kind and content, to prove nothing was written there."""
    result = {}
    for top, dirs, names in os.walk(tree):
        for name in dirs + names:
            path = os.path.join(top, name)
            info = os.lstat(path)
            result[path] = (stat.S_IFMT(info.st_mode), info.st_size, info.st_mtime_ns)
    return result


def require_root():
    if os.geteuid() != 0:
        pytest.skip("chown to another user needs root (CI runs as root)")


# --- hit, miss, key ------------------------------------------------------------------------------


def test_an_identical_lookup_is_one_listing(run_dir, warnings):
    api = Api()
    assert cached(material(), api, warnings.append) == RECORDS
    assert cached(material(), api, warnings.append) == RECORDS
    assert api.listings == 1
    assert warnings == []


def test_other_options_are_another_listing(run_dir, warnings):
    api = Api()
    cached(material(), api, warnings.append)
    cached(material(successful=False), api, warnings.append)
    cached(material(token="another"), api, warnings.append)
    assert api.listings == 3


def test_the_key_covers_the_key_files_content_not_its_path(run_dir, tmp_path, warnings):
    key_file = tmp_path / "credentials.json"
    key_file.write_text(json.dumps({"account_id": 1, "key_id": "k", "private_key": "parent"}))
    api = Api()
    cached(key_material({"credentials_file": str(key_file)}), api, warnings.append)
    cached(key_material({"credentials_file": str(key_file)}), api, warnings.append)
    assert api.listings == 1
    key_file.write_text(json.dumps({"account_id": 2, "key_id": "k", "private_key": "child"}))
    cached(key_material({"credentials_file": str(key_file)}), api, warnings.append)
    assert api.listings == 2
    # an environment-sourced key file (resolved into the options the lookup acts on) counts by content as well
    from_environment = resolve_credentials({}, {"VOXIMPLANT_CREDENTIALS": str(key_file)}).options
    key_file.write_text(json.dumps({"account_id": 3, "key_id": "k", "private_key": "third"}))
    cached(key_material(from_environment), api, warnings.append)
    key_file.write_text(json.dumps({"account_id": 4, "key_id": "k", "private_key": "fourth"}))
    cached(key_material(from_environment), api, warnings.append)
    assert api.listings == 4


def test_the_key_holds_a_digest_of_the_key_file_never_the_key(tmp_path):
    key_file = tmp_path / "credentials.json"
    key_file.write_text('{"private_key": "SECRET-PEM"}')
    found = key_material({"credentials_file": str(key_file)})
    assert "SECRET-PEM" not in json.dumps(found)
    assert set(found["options"]["credentials_file"]) == {"sha256"}


def test_an_unreadable_key_file_is_left_for_the_fetch_to_report(tmp_path):
    found = key_material({"credentials_file": str(tmp_path / "missing.json")})
    assert "does not exist" in found["options"]["credentials_file"]["unreadable"]


def test_no_entry_of_another_run_is_served(run_dir, tmp_path, warnings):
    api = Api()
    cached(material(), api, warnings.append)
    saved = tmp_path / "saved"
    shutil.copytree(run_dir / CACHE_DIR_NAME, saved)
    # The next run: a new directory at the very same path (a reused pid and name, even the same inode).
    shutil.rmtree(run_dir)
    run_dir.mkdir(mode=0o700)
    cached(material(successful=True), api, warnings.append)
    # Entries of the first run, planted in this run's cache with the right owner and mode: never served.
    for entry in saved.iterdir():
        if entry.name.endswith(".json"):
            shutil.copy2(entry, run_dir / CACHE_DIR_NAME / entry.name)
    listings = api.listings
    assert cached(material(), api, warnings.append) == RECORDS
    assert api.listings == listings + 1
    assert warnings == []


def test_a_cache_directory_without_its_token_is_not_used(run_dir, warnings):
    cached(material(), Api(), warnings.append)
    (run_dir / CACHE_DIR_NAME / "run-token").unlink()
    api = Api()
    assert cached(material(), api, warnings.append) == RECORDS and api.listings == 1
    assert "has no valid run-token" in warnings[0]


def test_failures_are_not_cached(run_dir, warnings):
    def failing():
        raise RuntimeError("API down")

    with pytest.raises(RuntimeError, match="API down"):
        cached(material(), failing, warnings.append)
    api = Api()
    assert cached(material(), api, warnings.append) == RECORDS and api.listings == 1


def test_an_old_entry_is_listed_again(run_dir, warnings):
    api = Api()
    cached(material(), api, warnings.append)
    old = time.time() - _lookup_cache.MAX_AGE_SECONDS - 10
    os.utime(only_entry(run_dir), (old, old))
    cached(material(), api, warnings.append)
    assert api.listings == 2


def test_files_are_private(run_dir, warnings):
    cached(material(), Api(), warnings.append)
    cache_dir = run_dir / CACHE_DIR_NAME
    assert stat.S_IMODE(os.lstat(cache_dir).st_mode) == 0o700
    for path in entries(run_dir, ""):
        assert stat.S_IMODE(os.lstat(path).st_mode) == 0o600
    assert not entries(run_dir, ".tmp")


def test_files_are_private_whatever_the_umask(run_dir, warnings):
    previous = os.umask(0o277)
    try:
        cached(material(), Api(), warnings.append)
    finally:
        os.umask(previous)
    assert warnings == []
    assert stat.S_IMODE(os.lstat(only_entry(run_dir)).st_mode) == 0o600


# --- a run directory that cannot be trusted: warn and fetch ------------------------------------------


def test_a_run_directory_open_to_others_is_not_used(run_dir, warnings):
    os.chmod(run_dir, 0o755)
    api = Api()
    assert cached(material(), api, warnings.append) == RECORDS
    assert cached(material(), api, warnings.append) == RECORDS
    assert api.listings == 2
    assert len(warnings) == 2 and "mode 0755, not 0700" in warnings[0]
    assert not (run_dir / CACHE_DIR_NAME).exists()


def test_a_run_directory_of_another_user_is_not_used(run_dir, warnings):
    require_root()
    os.chown(run_dir, OTHER_UID, -1)
    api = Api()
    assert cached(material(), api, warnings.append) == RECORDS
    assert f"belongs to uid {OTHER_UID}" in warnings[0]
    assert not (run_dir / CACHE_DIR_NAME).exists()


def test_a_run_directory_that_is_a_link_is_not_followed(run_dir, tmp_path, monkeypatch, warnings):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o700)
    link = tmp_path / "link"
    link.symlink_to(elsewhere)
    monkeypatch.setattr(C, "DEFAULT_LOCAL_TMP", str(link))
    assert cached(material(), Api(), warnings.append) == RECORDS
    assert "is not a directory" in warnings[0]
    assert os.listdir(elsewhere) == []


def test_a_missing_run_directory_is_warned_about(run_dir, warnings):
    shutil.rmtree(run_dir)
    assert cached(material(), Api(), warnings.append) == RECORDS
    assert "does not exist" in warnings[0]


def test_a_planted_link_at_the_cache_directory_is_not_followed(run_dir, tmp_path, warnings):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o700)
    (run_dir / CACHE_DIR_NAME).symlink_to(elsewhere)
    assert cached(material(), Api(), warnings.append) == RECORDS
    assert "lookup cache not used" in warnings[0]
    assert os.listdir(elsewhere) == []


def test_a_cache_directory_open_to_others_is_not_used(run_dir, warnings):
    (run_dir / CACHE_DIR_NAME).mkdir(mode=0o755)
    os.chmod(run_dir / CACHE_DIR_NAME, 0o755)
    api = Api()
    cached(material(), api, warnings.append)
    assert "mode 0755, not 0700" in warnings[0]
    assert os.listdir(run_dir / CACHE_DIR_NAME) == []


# --- planted or poisoned entries: ignored with a warning, never followed -------------------------------


def test_a_link_planted_at_the_entry_is_not_followed(run_dir, victim, tmp_path, warnings):
    api = Api()
    cached(material(), api, warnings.append)
    entry = only_entry(run_dir)
    entry.unlink()
    entry.symlink_to(victim)
    before = snapshot(tmp_path / "victim")
    assert cached(material(), api, warnings.append) == RECORDS
    assert api.listings == 2
    assert "lookup cache entry ignored" in warnings[0]
    assert victim.read_text() == "precious\n" and snapshot(tmp_path / "victim") == before
    # the link itself was replaced by a private regular file: the next lookup is a hit
    assert stat.S_ISREG(os.lstat(entry).st_mode)
    assert cached(material(), api, warnings.append) == RECORDS and api.listings == 2


def test_a_link_planted_at_the_lock_is_not_followed(run_dir, victim, warnings):
    api = Api()
    cached(material(), api, warnings.append)
    lock = only_entry(run_dir, ".lock")
    lock.unlink()
    lock.symlink_to(victim)
    assert cached(material(), api, warnings.append) == RECORDS
    assert "lookup cache not used" in warnings[0] and "lock" in warnings[0]
    assert victim.read_text() == "precious\n"


def test_a_link_planted_at_the_temporary_name_is_not_followed(run_dir, victim, monkeypatch, warnings):
    api = Api()
    cached(material(successful=True), api, warnings.append)  # creates the cache directory
    # The temporary name is random; make it predictable to plant a link at it first.
    monkeypatch.setattr(_private_files.secrets, "token_hex", lambda size: "predictable")
    (only_entry(run_dir)).unlink()
    name = only_entry(run_dir, ".lock").name[:-len(".lock")]
    (run_dir / CACHE_DIR_NAME / f"{name}.json.predictable.tmp").symlink_to(victim)
    assert cached(material(successful=True), api, warnings.append) == RECORDS
    assert "lookup result not cached" in warnings[0]
    assert victim.read_text() == "precious\n"
    assert os.path.islink(run_dir / CACHE_DIR_NAME / f"{name}.json.predictable.tmp")  # not removed either: not ours


@pytest.mark.parametrize("mode", [0o644, 0o606, 0o400])
def test_an_entry_with_another_mode_is_ignored(run_dir, warnings, mode):
    api = Api()
    cached(material(), api, warnings.append)
    entry = only_entry(run_dir)
    entry.write_text(PLANTED)
    os.chmod(entry, mode)
    assert cached(material(), api, warnings.append) == RECORDS
    assert f"has mode {mode:04o}, not 0600" in warnings[0]


def test_an_entry_of_another_user_is_ignored(run_dir, warnings):
    require_root()
    api = Api()
    cached(material(), api, warnings.append)
    entry = only_entry(run_dir)
    entry.write_text(PLANTED)
    os.chown(entry, OTHER_UID, -1)
    assert cached(material(), api, warnings.append) == RECORDS
    assert f"belongs to uid {OTHER_UID}" in warnings[0]
    # replaced by the fresh result, ours again
    assert os.lstat(entry).st_uid == os.geteuid() and json.loads(entry.read_text()) == RECORDS


@pytest.mark.parametrize("content", ["[{\"sip_registration_id\": 1", "{\"result\": []}", "\xff\xfe"])
def test_an_entry_that_does_not_parse_is_ignored(run_dir, warnings, content):
    api = Api()
    cached(material(), api, warnings.append)
    only_entry(run_dir).write_bytes(content.encode("latin-1"))
    assert cached(material(), api, warnings.append) == RECORDS
    assert "lookup cache entry ignored" in warnings[0]


def test_a_fifo_at_the_entry_does_not_block(run_dir, warnings):
    api = Api()
    cached(material(), api, warnings.append)
    entry = only_entry(run_dir)
    entry.unlink()
    os.mkfifo(entry, 0o600)
    assert cached(material(), api, warnings.append) == RECORDS
    assert "is not a regular file" in warnings[0]


def test_an_oversized_entry_is_not_read(run_dir, monkeypatch, warnings):
    api = Api()
    cached(material(), api, warnings.append)
    monkeypatch.setattr(_lookup_cache, "MAX_ENTRY_BYTES", 10)
    assert cached(material(), api, warnings.append) == RECORDS
    assert "more than 10" in warnings[0]


# --- concurrent workers ----------------------------------------------------------------------------------


def _worker(run_dir, log, results):
    def compute():
        with open(log, "a", encoding="utf-8") as handle:
            handle.write("listing\n")
        time.sleep(0.5)  # long enough for the other workers to reach the lock
        return RECORDS

    records = cached(material(), compute, lambda message: None, directory=run_dir)
    with open(results, "a", encoding="utf-8") as handle:
        handle.write(json.dumps(records) + "\n")


def test_concurrent_workers_wait_for_the_first_listing(run_dir, tmp_path):
    log, results = tmp_path / "log", tmp_path / "results"
    context = multiprocessing.get_context("fork")
    workers = [context.Process(target=_worker, args=(str(run_dir), str(log), str(results))) for _number in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
        assert worker.exitcode == 0
    assert log.read_text() == "listing\n"
    assert [json.loads(line) for line in results.read_text().splitlines()] == [RECORDS] * 4
