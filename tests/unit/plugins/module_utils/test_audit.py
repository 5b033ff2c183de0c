# -*- coding: utf-8 -*-
# Copyright (c) 2026, voximplant.management contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The audit engine on small record sets: every built-in check, custom checks, severities, waivers, validation."""

from __future__ import annotations

import datetime

import pytest

from ansible_collections.voximplant.management.plugins.module_utils._audit import evaluate, parse_audit_config, stale_waiver_warnings
from ansible_collections.voximplant.management.plugins.module_utils._audit_breakdown import status_breakdown
from ansible_collections.voximplant.management.plugins.module_utils._audit_checks import AuditConfigError
from ansible_collections.voximplant.management.plugins.module_utils._audit_registry import BUILTIN_CHECKS
from ansible_collections.voximplant.management.plugins.module_utils._summary import summarize


def rec(ident, name=None, **fields):
    base = {"sip_registration_id": ident, "sip_username": name or f"u{ident}", "proxy": "p1", "deactivated": False, "is_persistent": True}
    base.update(fields)
    return {key: value for key, value in base.items() if value is not None}


RECORDS = [
    rec(1, successful=True, status_code=200, application_id=10),
    rec(2, successful=False, status_code=403, error_message="Forbidden"),
    rec(3, status_code=100),                                              # in progress
    rec(4, successful=True, status_code=200, deactivated=True, application_id=10, is_persistent=False),
    rec(5, successful=False, status_code=503, is_persistent=False, proxy="p2", application_id=11),
]
TODAY = datetime.date(2026, 6, 15)


def run(records=None, today=TODAY, **config):
    result = evaluate(RECORDS if records is None else records, parse_audit_config(**config), today)
    return result, {c["name"]: c for c in result["checks"]}


def offender_ids(check):
    return [o["sip_registration_id"] for o in check["offenders"]]


def test_builtin_checks_with_defaults():
    result, checks = run()
    assert list(checks) == list(BUILTIN_CHECKS)
    assert offender_ids(checks["persistent_successful"]) == [2]           # 3 is in progress: tolerated by default
    assert checks["persistent_successful"]["checked"] == 3
    assert offender_ids(checks["not_deactivated"]) == [4]
    assert offender_ids(checks["bound_to_application"]) == [2, 3]
    assert offender_ids(checks["allowed_status_codes"]) == [2, 3, 5]    # 100 is a code outside 200
    assert checks["required_sip_usernames"]["skipped"]
    assert checks["required_sip_usernames"]["skip_reason"] == "no sip_usernames configured"
    assert result["failed_checks"] == ["persistent_successful", "not_deactivated", "bound_to_application", "allowed_status_codes"]
    assert result["passed"] is False and result["warnings"] == []
    # the module's summary plus the cost (none of these records has a price: all unpriced, none silently 0)
    assert result["summary"] == dict(summarize(RECORDS), monthly_cost="0", monthly_cost_unpriced=5)
    assert checks["persistent_successful"]["offenders"][0]["detail"] == "failed (403 Forbidden)"


def test_builtin_settings():
    _result, checks = run(checks={
        "persistent_successful": {"allow_in_progress": False},
        "not_deactivated": {"exclude_sip_usernames": ["u4"]},
        "bound_to_application": {"only_persistent": True},
        "allowed_status_codes": {"allowed": ["200", "400:499"], "allow_missing": False},
        "required_sip_usernames": {"sip_usernames": ["u1", "u2", "ghost"], "must_be_successful": True},
    })
    assert offender_ids(checks["persistent_successful"]) == [2, 3]
    assert checks["not_deactivated"]["passed"] and checks["not_deactivated"]["excluded"] == 1
    assert "1 excluded by exclude_sip_usernames." in checks["not_deactivated"]["message"]
    assert offender_ids(checks["bound_to_application"]) == [2, 3]
    assert checks["bound_to_application"]["checked"] == 3
    assert offender_ids(checks["allowed_status_codes"]) == [3, 5]
    required = checks["required_sip_usernames"]
    assert [(o["sip_username"], o["sip_registration_id"]) for o in required["offenders"]] == [("u2", 2), ("ghost", None)]
    assert required["offenders"][1]["detail"] == "no registration with this SIP username"


def test_allowed_missing_code_passes_by_default():
    _result, checks = run([rec(1), rec(2, successful=True, status_code=200)])
    assert checks["allowed_status_codes"]["passed"] and checks["allowed_status_codes"]["checked"] == 1


def test_disabled_check_is_skipped_and_never_fails():
    result, checks = run(checks={"not_deactivated": {"enabled": False}})
    assert checks["not_deactivated"]["skipped"] and checks["not_deactivated"]["status"] == "skipped"
    assert "not_deactivated" not in result["failed_checks"]


def test_warning_severity_reports_without_failing():
    records = [rec(1, successful=True, status_code=200, application_id=1), rec(2, successful=True, status_code=200, application_id=1, deactivated=True)]
    result, checks = run(records, checks={"not_deactivated": {"severity": "warning"}})
    assert checks["not_deactivated"]["status"] == "warning" and not checks["not_deactivated"]["passed"]
    assert checks["not_deactivated"]["severity"] == "warning"
    assert result["passed"] is True
    assert result["failed_checks"] == [] and result["warnings"] == ["not_deactivated"]
    assert result["lines"][1].startswith("WARN not_deactivated: 1 of 2")


def test_error_severity_is_the_default_and_fails():
    result, checks = run([rec(1, successful=True, application_id=1, deactivated=True)])
    assert checks["not_deactivated"]["severity"] == "error" and result["failed_checks"] == ["not_deactivated"]


PBX = {"name": "pbx_on_pbx_proxies", "title": "PBX on PBX proxies", "select": {"application_id": [10, 11]}, "require": {"proxy": ["p1"]}}


def test_custom_check_offenders_are_selected_records_failing_require():
    result, checks = run(custom_checks=[PBX])
    check = checks["pbx_on_pbx_proxies"]
    assert list(checks)[-1] == "pbx_on_pbx_proxies"
    expected = [r["sip_registration_id"] for r in RECORDS if r.get("application_id") in (10, 11) and r["proxy"] != "p1"]
    assert offender_ids(check) == expected == [5]
    assert check["checked"] == 3
    assert check["offenders"][0]["detail"] == "proxy is p2, not one of p1"
    assert "pbx_on_pbx_proxies" in result["failed_checks"]
    assert check["description"] == "Registrations with application_id one of 10, 11 must have proxy p1."


def test_custom_check_without_select_covers_all_and_can_be_a_warning():
    result, checks = run(custom_checks=[{"name": "all_ok", "title": "t", "severity": "warning", "require": {"status_code": "200"}}])
    assert offender_ids(checks["all_ok"]) == [2, 3, 5] and checks["all_ok"]["checked"] == 5
    assert "all_ok" in result["warnings"] and "all_ok" not in result["failed_checks"]


def test_custom_check_disabled():
    _result, checks = run(custom_checks=[dict(PBX, enabled=False)])
    assert checks["pbx_on_pbx_proxies"]["skipped"]


def waiver(check="not_deactivated", expires="2026-12-31", **who):
    return dict({"check": check, "reason": "known", "expires": expires}, **(who or {"sip_username": "u4"}))


def test_waiver_by_username_in_force():
    result, checks = run(waivers=[waiver()])
    check = checks["not_deactivated"]
    assert check["violations"] == 0 and check["passed"] and check["offenders"] == []
    assert check["waived"] == [{"sip_registration_id": 4, "sip_username": "u4", "reason": "known", "expires": "2026-12-31"}]
    assert "not_deactivated" not in result["failed_checks"]
    assert "1 waived." in check["message"]


def test_waiver_by_id_and_custom_check():
    _result, checks = run(custom_checks=[PBX], waivers=[waiver("pbx_on_pbx_proxies", sip_registration_id=5)])
    assert checks["pbx_on_pbx_proxies"]["violations"] == 0
    assert checks["pbx_on_pbx_proxies"]["waived"][0]["sip_registration_id"] == 5


def test_waiver_holds_through_its_last_day_utc():
    _result, checks = run(today=datetime.date(2026, 12, 31), waivers=[waiver()])
    assert checks["not_deactivated"]["violations"] == 0
    _result, checks = run(today=datetime.date(2027, 1, 1), waivers=[waiver()])
    assert checks["not_deactivated"]["violations"] == 1


def test_expired_waiver_does_not_apply_and_is_reported():
    result, checks = run(waivers=[waiver(expires="2026-06-14")])
    check = checks["not_deactivated"]
    assert check["violations"] == 1 and offender_ids(check) == [4] and check["waived"] == []
    assert check["expired_waivers"] == [{"sip_registration_id": None, "sip_username": "u4", "reason": "known", "expires": "2026-06-14"}]
    assert "not_deactivated" in result["failed_checks"]
    assert stale_waiver_warnings(result) == ["Waiver of check not_deactivated for u4 (known) expired on 2026-06-14 and no longer applies."]


def test_unused_waiver_is_reported():
    result, checks = run(waivers=[waiver(sip_username="u1"), waiver(sip_registration_id=99)])
    check = checks["not_deactivated"]
    assert check["violations"] == 1
    assert [w["sip_username"] for w in check["unused_waivers"]] == ["u1", None]
    assert [w["sip_registration_id"] for w in check["unused_waivers"]] == [None, 99]
    assert len(stale_waiver_warnings(result)) == 2


def test_expires_as_a_yaml_date():
    _result, checks = run(waivers=[waiver(expires=datetime.date(2026, 12, 31))])
    assert checks["not_deactivated"]["waived"][0]["expires"] == "2026-12-31"


def test_max_offenders_caps_the_list_not_the_count():
    result, checks = run(max_offenders=1)
    check = checks["allowed_status_codes"]
    assert check["violations"] == 3 and len(check["offenders"]) == 1 and check["offenders_truncated"]
    assert not checks["not_deactivated"]["offenders_truncated"]
    assert result["summary"]["total"] == 5


def test_breakdown_counts_each_registration_once():
    bars = status_breakdown(RECORDS)
    assert sum(b["count"] for b in bars) == len(RECORDS)
    by_label = {b["label"]: b["count"] for b in bars}
    assert by_label == {"successful": 1, "failed 403": 1, "failed 503": 1, "in progress": 1, "deactivated": 1}


@pytest.mark.parametrize("config, option, check", [
    ({"checks": {"not_deactivate": {}}}, "p_checks.not_deactivate", None),
    ({"checks": {"not_deactivated": {"severity": "fatal"}}}, "p_checks.not_deactivated.severity", "not_deactivated"),
    ({"checks": {"not_deactivated": {"bogus": 1}}}, "p_checks.not_deactivated.bogus", "not_deactivated"),
    ({"checks": {"allowed_status_codes": {"allowed": ["200", "700"]}}}, "p_checks.allowed_status_codes.allowed[1]", "allowed_status_codes"),
    ({"checks": {"persistent_successful": {"allow_in_progress": "perhaps"}}}, "p_checks.persistent_successful.allow_in_progress", "persistent_successful"),
    ({"custom_checks": [dict(PBX, require={"bogus": 1})]}, "p_custom_checks[0].require.bogus", "pbx_on_pbx_proxies"),
    ({"custom_checks": [dict(PBX, select={"status_code": "2xx"})]}, "p_custom_checks[0].select.status_code", "pbx_on_pbx_proxies"),
    ({"custom_checks": [dict(PBX, select={"rule_id": [1], "rule_name": ["r"]})]}, "p_custom_checks[0].select.rule_id", "pbx_on_pbx_proxies"),
    ({"custom_checks": [dict(PBX, severity="info")]}, "p_custom_checks[0].severity", "pbx_on_pbx_proxies"),
    ({"custom_checks": [PBX, PBX]}, "p_custom_checks[1].name", "pbx_on_pbx_proxies"),
    ({"custom_checks": [dict(PBX, name="not_deactivated")]}, "p_custom_checks[0].name", "not_deactivated"),
    ({"custom_checks": [dict(PBX, name="has space")]}, "p_custom_checks[0].name", None),
    ({"custom_checks": [dict(PBX, extra=1)]}, "p_custom_checks[0].extra", "pbx_on_pbx_proxies"),
    ({"custom_checks": [dict(PBX, require={})]}, "p_custom_checks[0].require", "pbx_on_pbx_proxies"),
    ({"custom_checks": [{"name": "x", "require": {"proxy": ["a"]}}]}, "p_custom_checks[0].title", "x"),
    ({"waivers": [waiver(expires="2026-02-30")]}, "p_waivers[0].expires", "not_deactivated"),
    ({"waivers": [waiver(expires="31.12.2026")]}, "p_waivers[0].expires", "not_deactivated"),
    ({"waivers": [waiver(check="nope")]}, "p_waivers[0].check", None),
    ({"waivers": [waiver(sip_username="a", sip_registration_id=1)]}, "p_waivers[0].sip_username", "not_deactivated"),
    ({"waivers": [{"check": "not_deactivated", "sip_username": "a", "expires": "2026-01-01"}]}, "p_waivers[0].reason", "not_deactivated"),
    ({"max_offenders": -1}, "p_max_offenders", None),
])
def test_validation_names_the_option_and_the_check(config, option, check):
    with pytest.raises(AuditConfigError) as caught:
        parse_audit_config(prefix="p_", **config)
    assert caught.value.option == option
    assert caught.value.check == check
    assert option in str(caught.value)
    if check:
        assert f"(check '{check}')" in str(caught.value)


def test_registry_checks_are_unique_and_documented_in_the_role(request):
    import os
    import yaml
    root = str(request.config.rootpath) if os.path.isfile(os.path.join(str(request.config.rootpath), "galaxy.yml")) else None
    path = os.path.join(root or os.getcwd(), "roles", "sip_registration_audit", "meta", "argument_specs.yml")
    with open(path, encoding="utf-8") as handle:
        spec = yaml.safe_load(handle)["argument_specs"]["main"]["options"]["sip_registration_audit_checks"]["options"]
    assert list(spec) == list(BUILTIN_CHECKS)
    for name, definition in BUILTIN_CHECKS.items():
        assert set(spec[name]["options"]) == set(definition.settings) | {"enabled", "severity"}, name
