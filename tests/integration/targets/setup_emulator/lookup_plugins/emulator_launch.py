# -*- coding: utf-8 -*-
# Copyright (c) 2026, voximplant.management contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Test helper of the integration targets (the setup_emulator role): start the Voximplant API emulator.

A lookup, so that the emulator is started by the process that runs ansible-playbook's tasks on the controller
and its --watch-pid can name ansible-playbook itself: the emulator stops when the playbook ends, however it ends.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from ansible.errors import AnsibleLookupError
from ansible.plugins.lookup import LookupBase

DOCUMENTATION = r"""
name: emulator_launch
short_description: Start the Voximplant API emulator in the background (integration tests only)
description:
  - Runs C(python -m voximplant_emulator --background) with the interpreter that runs Ansible, on loopback and a free
    port, and returns its C(emulator.json) document plus C(state_dir) and C(pythonpath) (the directory holding the
    C(voximplant_emulator) package). The emulator stops by itself when ansible-playbook ends (C(--watch-pid)) and after
    an hour in any case (C(--lifetime)).
options:
  _terms:
    description: Emulator command line options, such as C(--records) C(300).
  base_dir:
    description: Where to make the emulator's private directory (default the system temporary directory).
    type: path
  replace:
    description: The C(state_dir) of an emulator this lookup started before, stopped first.
    type: path
"""

LIFETIME_SECONDS = 3600
START_TIMEOUT_SECONDS = 60


def package_dir() -> str:
    """The directory holding voximplant_emulator: tests/emulator of the collection this target belongs to.

    ansible-test runs targets from a copy of the collection's tests (under tests/output/.tmp), so walking up from
    here finds tests/emulator both there and in a checkout; ANSIBLE_COLLECTIONS_PATH is the fallback.
    """
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / "tests" / "emulator" / "voximplant_emulator" / "__main__.py").is_file():
            return str(parent / "tests" / "emulator")
    for root in filter(None, os.environ.get("ANSIBLE_COLLECTIONS_PATH", "").split(os.pathsep)):
        candidate = Path(root, "ansible_collections", "voximplant", "management", "tests", "emulator")
        if (candidate / "voximplant_emulator" / "__main__.py").is_file():
            return str(candidate)
    raise AnsibleLookupError("emulator_launch: cannot find tests/emulator/voximplant_emulator")


def run_cli(pythonpath: str, arguments: list) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, (pythonpath, os.environ.get("PYTHONPATH")))))
    return subprocess.run([sys.executable, "-m", "voximplant_emulator", *arguments], env=env, capture_output=True, text=True,
                          timeout=START_TIMEOUT_SECONDS + 30, check=False)


class LookupModule(LookupBase):
    def run(self, terms, variables=None, **kwargs):
        arguments = [str(term) for term in terms]
        pythonpath = package_dir()
        if kwargs.get("replace"):
            stopped = run_cli(pythonpath, ["--stop", str(kwargs["replace"])])
            if stopped.returncode != 0:
                raise AnsibleLookupError(f"emulator_launch: stopping the previous emulator failed: {stopped.stderr[-2000:]}")
        top = tempfile.mkdtemp(prefix="voximplant-emulator.", dir=kwargs.get("base_dir") or None)  # mode 0700
        state_dir = os.path.join(top, "state")
        # The worker that templates this lookup is a child of ansible-playbook: watching the parent stops the
        # emulator when the playbook ends, while the worker itself ends with the task.
        started = run_cli(pythonpath, ["--state-dir", state_dir, "--port", "0", "--quiet", "--lifetime", str(LIFETIME_SECONDS),
                                       "--watch-pid", str(os.getppid()), *arguments, "--background",
                                       "--start-timeout", str(START_TIMEOUT_SECONDS), "--log-file", os.path.join(top, "emulator.log")])
        if started.returncode != 0:
            raise AnsibleLookupError(f"emulator_launch: the emulator did not start (options: {' '.join(arguments)}):\n{started.stderr[-4000:]}")
        try:
            info = json.loads(started.stdout)
        except ValueError:
            raise AnsibleLookupError(f"emulator_launch: unexpected output of --background: {started.stdout[-2000:]}") from None
        return [dict(info, state_dir=state_dir, pythonpath=pythonpath)]
