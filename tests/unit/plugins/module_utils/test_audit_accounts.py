# -*- coding: utf-8 -*-
# Copyright (c) 2026, voximplant.management contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Many accounts: validation before any request, the per-account and overall evaluation, labels on offenders and drift."""

from __future__ import annotations

import datetime
import json

import pytest

from ansible_collections.voximplant.management.plugins.module_utils._audit import parse_audit_config
from ansible_collections.voximplant.management.plugins.module_utils._audit_accounts import evaluate_accounts, parse_accounts
from ansible_collections.voximplant.management.plugins.module_utils._audit_drift import parse_baseline
from ansible_collections.voximplant.management.plugins.module_utils._errors import VoximplantValidationError

TODAY = datetime.date(2026, 6, 15)
BASE = {"api_url": "https://api.example.com/platform_api", "token": "t0k3n"}


def rec(account, ident, **fields):
    base = {"account": account, "sip_registration_id": ident, "sip_username": f"u{ident}", "proxy": "sip.example.com",
            "successful": True, "status_code": 200, "deactivated": False, "is_persistent": True, "application_id": 1,
            "subscription_price": "0.10"}
    base.update(fields)
    return {key: value for key, value in base.items() if value is not None}


MAIN = [rec("main", 1), rec("main", 2, deactivated=True, subscription_price="0.20")]
CHILD = [rec("child", 1, sip_username="shared"), rec("child", 5, sip_username="shared", subscription_price="0.05")]


def test_parse_accounts_merges_connection_and_filters():
    given = [{"label": "main"}, {"label": "child", "connection": {"account_id": 42}, "filters": {"is_persistent": True}}]
    accounts = parse_accounts("accounts", given, BASE, {"deactivated": False})
    assert [a.label for a in accounts] == ["main", "child"]
    assert accounts[0].options == dict(BASE, deactivated=False)
    assert accounts[1].options == dict(BASE, account_id=42, is_persistent=True)   # own filters replace the audit's


@pytest.mark.parametrize("value, option, problem", [
    ([], "accounts", "non-empty list"),
    ([{"label": "a"}, {"label": "a"}], "accounts[1].label", "labels must be unique"),
    ([{"connection": {}}], "accounts[0].label", "must not be empty"),
    ([{"label": "a", "conection": {}}], "accounts[0].conection", "unknown key"),
    ([{"label": "a", "connection": {"acount_id": 1}}], "accounts[0].connection.acount_id", "unknown connection option"),
    ([{"label": "a", "connection": {"timeout": "soon"}}], "accounts[0].connection.timeout", "expected a number"),
    ([{"label": "a", "connection": {"api_url": "http://api.example.com"}}], "accounts[0].connection.api_url", "clear text"),
    ([{"label": "a", "filters": {"status_code": "2xx"}}], "accounts[0].filters.status_code", "SIP code"),
    ([{"label": "a", "filters": {"application_id": [1], "application_name": ["x"]}}], "accounts[0].filters.application_id", "exclusive"),
])
def test_parse_accounts_validation(value, option, problem):
    with pytest.raises(VoximplantValidationError) as error:
        parse_accounts("accounts", value, BASE, {})
    assert error.value.option == option and problem in error.value.problem
    assert "t0k3n" not in str(error.value)


def test_missing_credentials_are_found_before_any_request():
    with pytest.raises(VoximplantValidationError) as error:
        parse_accounts("accounts", [{"label": "a", "connection": {"api_url": BASE["api_url"]}}], {}, {})
    assert error.value.option.startswith("accounts[0].connection.")


def test_accounts_without_credentials_take_them_from_the_given_environment():
    given = [{"label": "env", "connection": {"api_url": BASE["api_url"]}}, {"label": "own", "connection": {"token": "own-token"}}]
    accounts = parse_accounts("accounts", given, {}, {}, {"VOXIMPLANT_TOKEN": "env-token"})
    assert accounts[0].options["token"] == "env-token"
    assert accounts[1].options["token"] == "own-token"   # explicit wins over the environment, per account


def test_per_account_and_overall_evaluation():
    config = parse_audit_config(checks={"monthly_cost": {"budget": "0.30"}})
    result = evaluate_accounts([("main", MAIN), ("child", CHILD)], config, TODAY)
    accounts = {a["label"]: a for a in result["accounts"]}
    # main fails not_deactivated; child fails unique_registrations; the total also exceeds the budget (0.45 > 0.30)
    assert accounts["main"]["failed_checks"] == ["not_deactivated"]
    assert accounts["child"]["failed_checks"] == ["unique_registrations"]
    assert result["failed_checks"] == ["not_deactivated", "unique_registrations", "monthly_cost"]
    assert result["passed"] is False
    assert (accounts["main"]["summary"]["monthly_cost"], accounts["child"]["summary"]["monthly_cost"], result["summary"]["monthly_cost"]) \
        == ("0.30", "0.15", "0.45")
    assert result["summary"]["total"] == 4
    overall = {c["name"]: c for c in result["checks"]}
    assert [(o["account"], o["sip_registration_id"]) for o in overall["unique_registrations"]["offenders"]] == [("child", 1), ("child", 5)]
    assert [(o["account"], o["sip_registration_id"]) for o in overall["not_deactivated"]["offenders"]] == [("main", 2)]
    # the same id in two accounts is two registrations in the snapshot
    assert [(e["account"], e["sip_registration_id"]) for e in result["snapshot"]] == [("main", 1), ("main", 2), ("child", 1), ("child", 5)]
    assert any(line.startswith("[child] FAIL unique_registrations") for line in result["lines"])


def test_a_passing_account_does_not_hide_a_failing_one_and_warnings_stay_apart():
    config = parse_audit_config(checks={"not_deactivated": {"severity": "warning"}})
    result = evaluate_accounts([("main", MAIN), ("child", CHILD[:1])], config, TODAY)
    assert result["passed"] is True and result["warnings"] == ["not_deactivated"]
    assert [a["passed"] for a in result["accounts"]] == [True, True]


def test_drift_is_matched_within_each_account():
    config = parse_audit_config()
    first = evaluate_accounts([("main", MAIN), ("child", CHILD)], config, TODAY)
    baseline = parse_baseline(json.loads(json.dumps(dict(first, generated="2026-06-14T00:00:00Z"))), "b.json", "baseline")
    later_child = [rec("child", 1, sip_username="shared", status_code=403, successful=False), rec("child", 9)]
    second = evaluate_accounts([("main", MAIN), ("child", later_child)], config, TODAY, baseline)
    assert second["changes"]["added"] == [{"account": "child", "sip_registration_id": 9, "sip_username": "u9"}]
    assert second["changes"]["removed"] == [{"account": "child", "sip_registration_id": 5, "sip_username": "shared"}]
    assert second["changes"]["changed"] == [{"account": "child", "sip_registration_id": 1, "sip_username": "shared",
                                             "fields": {"successful": [True, False], "status_code": [200, 403]}}]
    accounts = {a["label"]: a for a in second["accounts"]}
    assert accounts["main"]["changes"] == {"added": [], "removed": [], "changed": []}
    assert len(accounts["child"]["changes"]["changed"]) == 1
    check = next(c for c in second["checks"] if c["name"] == "baseline_unchanged")
    assert {o["account"] for o in check["offenders"]} == {"child"} and check["violations"] == 3
