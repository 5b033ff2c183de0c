"""The command line: state files, TLS with the generated CA, signals; and the 50k-record scale."""
from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import time

import pytest
import requests

EMULATOR_DIR = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "emulator"))
sys.path.insert(0, EMULATOR_DIR)

from voximplant_emulator.config import RuntimeConfig  # noqa: E402  pylint: disable=wrong-import-position
from voximplant_emulator.data import generate_account  # noqa: E402  pylint: disable=wrong-import-position
from voximplant_emulator.filters import parse_query, run_query  # noqa: E402  pylint: disable=wrong-import-position
from voximplant_emulator.tokens import sign_token  # noqa: E402  pylint: disable=wrong-import-position


def start(state_dir, *args):
    env = dict(os.environ, PYTHONPATH=EMULATOR_DIR)
    proc = subprocess.Popen([sys.executable, "-m", "voximplant_emulator", "--state-dir", str(state_dir), "--quiet", *args],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    info_path = state_dir / "emulator.json"
    deadline = time.monotonic() + 20
    while not info_path.exists():
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            raise AssertionError(proc.communicate()[1].decode())
        time.sleep(0.05)
    return proc, json.loads(info_path.read_text(encoding="utf-8"))


def stop(proc, sig=signal.SIGTERM):
    proc.send_signal(sig)
    try:
        return proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        raise


def token(creds, iss=None):
    return sign_token(creds, issuer=iss, lifetime=30)


def test_cli_tls_state_files_and_signals(tmp_path):
    proc, info = start(tmp_path, "--tls", "--records", "60", "--seed", "3", "--count-means", "total")
    try:
        assert set(info) >= {"url", "admin_url", "account_id", "child_account_ids", "api_key", "ca_path", "pid", "records"}
        assert info["url"].startswith("https://127.0.0.1:") and info["url"].endswith("/platform_api")
        assert info["admin_url"].endswith("/__emulator") and info["pid"] == proc.pid and info["records"] == 60
        assert info["child_account_ids"] == [info["account_id"] + 1, info["account_id"] + 2]
        creds_path = tmp_path / "credentials.json"
        assert stat.S_IMODE(creds_path.stat().st_mode) == 0o600
        creds = json.loads(creds_path.read_text(encoding="utf-8"))
        assert set(creds) == {"account_email", "account_id", "key_id", "private_key"}
        assert creds["private_key"].startswith("-----BEGIN PRIVATE KEY-----\n") and creds["account_id"] == info["account_id"]
        assert info["ca_path"] == str(tmp_path / "ca.pem")
        with requests.Session() as http:
            response = http.post(f"{info['url']}/GetSipRegistrations", data={"count": 5},
                                 headers={"Authorization": f"Bearer {token(creds)}"}, verify=info["ca_path"], timeout=10)
            assert response.status_code == 200
            assert len(response.json()["result"]) == 5 and response.json()["count"] == 60
            localhost = info["url"].replace("127.0.0.1", "localhost")
            response = http.post(localhost, data={"cmd": "GetSipRegistrations", "account_id": info["account_id"],
                                                  "api_key": info["api_key"]}, verify=info["ca_path"], timeout=10)
            assert response.json()["count"] == 60
            records = http.get(f"{info['admin_url']}/records", verify=info["ca_path"], timeout=10).json()
            assert len(records) == 60
        with pytest.raises(requests.exceptions.SSLError):
            requests.get(f"{info['admin_url']}/stats", timeout=10)
    finally:
        assert stop(proc) == 0
    assert not (tmp_path / "emulator.json").exists()

    proc, info2 = start(tmp_path, "--records", "60", "--seed", "3")
    try:
        assert json.loads((tmp_path / "credentials.json").read_text(encoding="utf-8")) == creds
        assert info2["url"].startswith("http://") and info2["ca_path"] is None
        assert requests.get(f"{info2['admin_url']}/records", timeout=10).json() == records
    finally:
        assert stop(proc, signal.SIGINT) == 0


def test_fifty_thousand_records_scale():
    started = time.monotonic()
    data = generate_account(1, 1_001_000, 50_000)
    generated = time.monotonic() - started
    config = RuntimeConfig(page_cap=1000)
    started = time.monotonic()
    page, total = run_query(data.records, parse_query({"count": "5000", "offset": "30000", "is_persistent": "true"}, config))
    full, _total = run_query(data.records, parse_query({"count": "1000", "offset": "49000"}, config))
    queried = time.monotonic() - started
    assert len(page) == 1000 and total == sum(r["is_persistent"] for r in data.records) and len(full) == 1000
    assert generated < 20 and queried < 2    # generous: a loaded 2-core CI box; catches O(n^2) regressions
