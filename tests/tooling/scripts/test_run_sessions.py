"""scripts/lib/run_sessions.py: which session may start beside the running ones."""
from __future__ import annotations

import importlib.util
import os

SCRIPT = os.path.join(os.path.dirname(__file__), "..", "..", "..", "scripts", "lib", "run_sessions.py")
spec = importlib.util.spec_from_file_location("run_sessions", SCRIPT)
run_sessions = importlib.util.module_from_spec(spec)
spec.loader.exec_module(run_sessions)

INTEGRATION = ["ansible-test", "integration"]
SANITY = ["ansible-test", "sanity"]
UNITS = ["ansible-test", "units"]


def test_two_sanity_sessions_never_run_together():
    assert not run_sessions.may_start(SANITY, [SANITY])
    assert not run_sessions.may_start(SANITY, [INTEGRATION, SANITY])
    assert run_sessions.may_start(SANITY, [INTEGRATION, UNITS])


def test_at_most_two_integration_sessions_at_once():
    assert run_sessions.may_start(INTEGRATION, [INTEGRATION])
    assert not run_sessions.may_start(INTEGRATION, [INTEGRATION, INTEGRATION])
    assert run_sessions.may_start(UNITS, [INTEGRATION, INTEGRATION])


def test_the_longest_sessions_start_first():
    ranked = sorted([{"tags": ["checks"]}, {"tags": UNITS}, {"tags": INTEGRATION}, {"tags": SANITY}, {"tags": []}], key=run_sessions.rank)
    assert [entry["tags"] for entry in ranked] == [INTEGRATION, SANITY, ["checks"], UNITS, []]
