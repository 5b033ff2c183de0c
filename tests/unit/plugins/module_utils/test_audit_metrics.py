# -*- coding: utf-8 -*-
# Copyright (c) 2026, voximplant.management contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The Prometheus report, parsed with prometheus_client's text parser and compared with the evaluation; atomic writes."""

from __future__ import annotations

import datetime
import json
import os
import stat

from prometheus_client.parser import text_string_to_metric_families

from ansible_collections.voximplant.management.plugins.module_utils._audit import parse_audit_config
from ansible_collections.voximplant.management.plugins.module_utils._audit_accounts import evaluate_accounts
from ansible_collections.voximplant.management.plugins.module_utils._audit_drift import parse_baseline
from ansible_collections.voximplant.management.plugins.module_utils._audit_metrics import prometheus_text
from ansible_collections.voximplant.management.plugins.plugin_utils._audit_reports import write_report

TODAY = datetime.date(2026, 6, 15)


def rec(account, ident, **fields):
    base = {"account": account, "sip_registration_id": ident, "sip_username": f"u{ident}", "proxy": "sip.example.com",
            "successful": True, "status_code": 200, "deactivated": False, "is_persistent": True, "subscription_price": "0.10"}
    base.update(fields)
    return {key: value for key, value in base.items() if value is not None}


def parsed(text):
    samples = {}
    for family in text_string_to_metric_families(text):
        assert family.type == "gauge"
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return samples


def test_metrics_match_the_json_report_for_every_account_and_the_total():
    main = [rec('ma"in\\', 1), rec('ma"in\\', 2, successful=False, status_code=403, subscription_price="2.99")]
    child = [rec("child", 1, deactivated=True), rec("child", 3, subscription_price="n/a")]
    labelled = [('ma"in\\', main), ("child", child)]   # a label with a quote and a backslash must survive escaping
    config = parse_audit_config(checks={"monthly_cost": {"budget": "5"}})
    first = evaluate_accounts(labelled, config, TODAY)
    baseline = parse_baseline(json.loads(json.dumps(dict(first, generated="2026-06-14T00:00:00Z"))), "b.json", "baseline")
    audit = json.loads(json.dumps(evaluate_accounts([labelled[0], ("child", child[:1])], config, TODAY, baseline)))
    samples = parsed(prometheus_text(audit, 1_781_000_000.5))
    scopes = [("total", audit)] + [(a["label"], a) for a in audit["accounts"]]
    assert {labels[0][1] for (_name, labels) in samples if labels and labels[0][0] == "account"} == {"total", 'ma"in\\', "child"}
    for account, scope in scopes:
        summary = scope["summary"]
        assert samples[("voximplant_sip_audit_passed", (("account", account),))] == (1.0 if scope["passed"] else 0.0)
        for state in ("total", "successful", "unsuccessful", "in_progress", "deactivated", "persistent", "bound_to_application"):
            assert samples[("voximplant_sip_audit_registrations", (("account", account), ("state", state)))] == summary[state]
        for code, count in summary["by_status_code"].items():
            assert samples[("voximplant_sip_audit_registrations_by_status_code", (("account", account), ("status_code", code)))] == count
        assert samples[("voximplant_sip_audit_monthly_cost", (("account", account),))] == float(summary["monthly_cost"])
        assert samples[("voximplant_sip_audit_monthly_cost_unpriced", (("account", account),))] == summary["monthly_cost_unpriced"]
        for check in scope["checks"]:
            labels = (("account", account), ("check", check["name"]), ("severity", check["severity"]))
            assert samples[("voximplant_sip_audit_check_violations", labels)] == check["violations"]
            assert samples[("voximplant_sip_audit_check_passed", labels)] == (1.0 if check["passed"] else 0.0)
            assert samples[("voximplant_sip_audit_check_skipped", labels)] == (1.0 if check["skipped"] else 0.0)
        for kind in ("added", "removed", "changed"):
            assert samples[("voximplant_sip_audit_changes", (("account", account), ("kind", kind)))] == len(scope["changes"][kind])
    assert samples[("voximplant_sip_audit_last_run_timestamp_seconds", ())] == 1_781_000_000
    # the values the checks found are really there: 1 removed in child, a failing 403 in main, the exact cost
    assert samples[("voximplant_sip_audit_changes", (("account", "child"), ("kind", "removed")))] == 1
    assert samples[("voximplant_sip_audit_monthly_cost", (("account", "total"),))] == 3.19
    assert "voximplant_sip_audit_monthly_cost{account=\"total\"} 3.19\n" in prometheus_text(audit, 0)


def test_single_account_metrics_have_only_the_total_and_no_changes_without_baseline():
    from ansible_collections.voximplant.management.plugins.module_utils._audit import evaluate
    audit = evaluate([rec(None, 1)], parse_audit_config(), TODAY)
    samples = parsed(prometheus_text(audit, 0))
    assert {dict(labels).get("account") for (_name, labels) in samples} == {"total", None}
    assert not any(name == "voximplant_sip_audit_changes" for name, _labels in samples)


def test_reports_are_written_atomically_with_the_mode(tmp_path):
    path = tmp_path / "collector" / "voximplant.prom"
    assert write_report(str(path), "a 1\n", 0o640) is True
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o640 and path.read_text() == "a 1\n"
    inode = os.stat(path).st_ino
    assert write_report(str(path), "a 2\n", 0o640) is True
    assert os.stat(path).st_ino != inode             # replaced by a new file (rename), not rewritten in place
    assert write_report(str(path), "a 2\n", 0o640) is False
    assert [p.name for p in path.parent.iterdir()] == ["voximplant.prom"]   # no temporary file left behind
