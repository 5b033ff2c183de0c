# -*- coding: utf-8 -*-
# Copyright (c) 2026, voximplant.management contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Drift: the snapshot, reading and validating a baseline report, the diff and the check baseline_unchanged."""

from __future__ import annotations

import datetime
import json
import os

import pytest

from ansible_collections.voximplant.management.plugins.module_utils._audit import evaluate, parse_audit_config
from ansible_collections.voximplant.management.plugins.module_utils._audit_checks import AuditConfigError
from ansible_collections.voximplant.management.plugins.module_utils._audit_drift import (
    BaselineUnreadable,
    changes,
    parse_baseline,
    read_baseline,
    snapshot,
)
from ansible_collections.voximplant.management.plugins.module_utils._errors import VoximplantValidationError

TODAY = datetime.date(2026, 6, 15)


def rec(ident, **fields):
    base = {"sip_registration_id": ident, "sip_username": f"u{ident}", "proxy": "sip.example.com", "successful": True,
            "status_code": 200, "deactivated": False, "is_persistent": True, "application_id": 7, "subscription_price": "1.00",
            "last_updated": 1}
    base.update(fields)
    return {key: value for key, value in base.items() if value is not None}


BEFORE = [rec(1), rec(2), rec(3, user_id=40)]
AFTER = [rec(1, last_updated=99),                                 # an unwatched field: no change
         rec(3, successful=False, status_code=403, user_id=None),  # three watched fields
         rec(4)]                                                   # 2 removed, 4 added


def report(records, generated="2026-06-01T10:00:00Z"):
    result = evaluate(records, parse_audit_config(), TODAY)
    return json.loads(json.dumps(dict(result, generated=generated)))  # as the JSON report carries it


def test_snapshot_is_compact_with_nulls_for_absent_fields():
    entry = snapshot([rec(3, user_id=40)])[0]
    assert entry == {"sip_registration_id": 3, "sip_username": "u3", "successful": True, "status_code": 200, "deactivated": False,
                     "is_persistent": True, "proxy": "sip.example.com", "application_id": 7, "rule_id": None, "user_id": 40}


def test_changes_added_removed_changed():
    baseline = parse_baseline(report(BEFORE), "b.json", "baseline")
    found = changes(baseline, snapshot(AFTER))
    assert found["added"] == [{"sip_registration_id": 4, "sip_username": "u4"}]
    assert found["removed"] == [{"sip_registration_id": 2, "sip_username": "u2"}]
    assert found["changed"] == [{"sip_registration_id": 3, "sip_username": "u3",
                                 "fields": {"successful": [True, False], "status_code": [200, 403], "user_id": [40, None]}}]
    assert changes(baseline, snapshot(BEFORE)) == {"added": [], "removed": [], "changed": []}


def test_baseline_unchanged_check_counts_the_configured_kinds_and_fields(tmp_path):
    baseline = parse_baseline(report(BEFORE), "b.json", "baseline")
    result = evaluate(AFTER, parse_audit_config(), TODAY, baseline)
    entry = next(c for c in result["checks"] if c["name"] == "baseline_unchanged")
    assert [(o["sip_registration_id"], o["detail"]) for o in entry["offenders"]] == [
        (4, "added since 2026-06-01T10:00:00Z"), (2, "removed since 2026-06-01T10:00:00Z"),
        (3, "changed: successful true -> false, status_code 200 -> 403, user_id 40 -> absent")]
    assert "baseline_unchanged" in result["failed_checks"]
    assert result["changes"]["added"] == [{"sip_registration_id": 4, "sip_username": "u4"}]
    assert result["baseline"] == {"path": "b.json", "generated": "2026-06-01T10:00:00Z", "skip_reason": ""}
    only_user = parse_audit_config(checks={"baseline_unchanged": {"count_kinds": ["changed"], "count_fields": ["user_id"],
                                                                  "severity": "warning"}})
    entry = next(c for c in evaluate(AFTER, only_user, TODAY, baseline)["checks"] if c["name"] == "baseline_unchanged")
    assert entry["status"] == "warning" and [o["detail"] for o in entry["offenders"]] == ["changed: user_id 40 -> absent"]
    nothing = parse_audit_config(checks={"baseline_unchanged": {"count_fields": ["proxy"], "count_kinds": ["changed"]}})
    assert next(c for c in evaluate(AFTER, nothing, TODAY, baseline)["checks"] if c["name"] == "baseline_unchanged")["passed"]


def test_without_a_baseline_the_check_is_skipped_with_the_reason():
    result = evaluate(AFTER, parse_audit_config(), TODAY)
    entry = next(c for c in result["checks"] if c["name"] == "baseline_unchanged")
    assert entry["skipped"] and entry["skip_reason"] == "no baseline given" and result["changes"] is None
    allowed = evaluate(AFTER, parse_audit_config(), TODAY, None, "no baseline: 'x' does not exist")
    assert next(c for c in allowed["checks"] if c["name"] == "baseline_unchanged")["skip_reason"] == "no baseline: 'x' does not exist"


@pytest.mark.parametrize("setting, value", [("count_kinds", ["moved"]), ("count_fields", ["last_updated"])])
def test_baseline_unchanged_settings_are_validated(setting, value):
    with pytest.raises(AuditConfigError) as error:
        parse_audit_config(checks={"baseline_unchanged": {setting: value}})
    assert error.value.option == f"checks.baseline_unchanged.{setting}[0]"


def test_read_baseline_round_trip_and_errors(tmp_path):
    good = tmp_path / "good.json"
    good.write_text(json.dumps(report(BEFORE)), encoding="utf-8")
    assert sorted(read_baseline(str(good), "baseline").registrations) == [(None, 1), (None, 2), (None, 3)]
    with pytest.raises(BaselineUnreadable, match="does not exist"):
        read_baseline(str(tmp_path / "missing.json"), "sip_registration_audit_baseline")
    with pytest.raises(BaselineUnreadable, match="directory"):
        read_baseline(str(tmp_path), "baseline")
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    with pytest.raises(BaselineUnreadable, match="named pipe"):
        read_baseline(str(fifo), "baseline")  # returns at once: opened non-blocking


@pytest.mark.parametrize("document, problem", [
    ([], "not an object"),
    ({"generated": "x"}, "no 'snapshot' list"),
    ({"snapshot": []}, "no 'generated' date"),
    ({"generated": "x", "snapshot": [1]}, r"snapshot\[0\] is not an object"),
    ({"generated": "x", "snapshot": [{"sip_registration_id": "1"}]}, "not an integer"),
    ({"generated": "x", "snapshot": [{"sip_registration_id": True}]}, "not an integer"),
    ({"generated": "x", "snapshot": [{"sip_registration_id": 1, "proxy": {"a": 1}}]}, r"snapshot\[0\].proxy is not a JSON scalar"),
    ({"generated": "x", "snapshot": [{"sip_registration_id": 1}, {"sip_registration_id": 1}]}, "repeats registration 1"),
])
def test_baseline_shape_is_validated(document, problem, tmp_path):
    path = tmp_path / "b.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(VoximplantValidationError, match=problem) as error:
        read_baseline(str(path), "sip_registration_audit_baseline")
    assert not isinstance(error.value, BaselineUnreadable)  # a wrong file is never "missing ok"
    assert error.value.option == "sip_registration_audit_baseline"


def test_baseline_that_is_not_json(tmp_path):
    path = tmp_path / "b.json"
    path.write_bytes(b"\xff\xfe not json")
    with pytest.raises(VoximplantValidationError, match="is not JSON"):
        read_baseline(str(path), "baseline")
