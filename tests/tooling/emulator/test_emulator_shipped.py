# -*- coding: utf-8 -*-
# Copyright (c) 2026, voximplant.management contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The emulator ships in the built collection (galaxy.yml build_ignore keeps it) and runs from the tarball."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
import requests

pytest.importorskip("ansible.cli.galaxy")

COLLECTION_ROOT = next(parent for parent in Path(__file__).resolve().parents if (parent / "galaxy.yml").is_file())
PACKAGE = Path("tests") / "emulator" / "voximplant_emulator"


def test_built_tarball_contains_a_working_emulator(tmp_path: Path) -> None:
    env = dict(os.environ, ANSIBLE_HOME=str(tmp_path / "ansible-home"))
    build = subprocess.run([sys.executable, "-m", "ansible.cli.galaxy", "collection", "build", "--output-path",
                            str(tmp_path / "dist"), str(COLLECTION_ROOT)], env=env, capture_output=True, text=True,
                           timeout=300, check=False)
    assert build.returncode == 0, build.stdout + build.stderr
    tarball = next((tmp_path / "dist").glob("voximplant-management-*.tar.gz"))
    with tarfile.open(tarball) as tar:
        names = set(tar.getnames())
        expected = {str(PACKAGE / path.name) for path in (COLLECTION_ROOT / PACKAGE).glob("*.py")}
        assert len(expected) > 10 and expected | {"tests/emulator/README.md"} <= names
        members = [m for m in tar.getmembers() if m.name.startswith("tests/emulator/") and m.isfile()]
        tar.extractall(tmp_path / "installed", members=members)  # noqa: S202  (our own tarball, regular files only)

    state = tmp_path / "state"
    env = dict(os.environ, PYTHONPATH=str(tmp_path / "installed" / "tests" / "emulator"))
    command = [sys.executable, "-m", "voximplant_emulator"]
    started = subprocess.run([*command, "--state-dir", str(state), "--background", "--quiet", "--records", "7"], env=env,
                             capture_output=True, text=True, timeout=90, check=False)
    assert started.returncode == 0, started.stderr
    info = json.loads(started.stdout)
    try:
        response = requests.post(f"{info['url']}/GetSipRegistrations", timeout=10,
                                 data={"account_id": info["account_id"], "api_key": info["api_key"], "count": 100})
        assert response.json()["count"] == 7
    finally:
        stopped = subprocess.run([*command, "--stop", str(state)], env=env, capture_output=True, text=True, timeout=60,
                                 check=False)
    assert stopped.returncode == 0, stopped.stderr
