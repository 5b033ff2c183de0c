# -*- coding: utf-8 -*-
# Copyright (c) 2026, voximplant.management contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The built-in SIP checks: duplicates, allowed proxies (patterns, ports), renewals of broken registrations, exact cost."""

from __future__ import annotations

import datetime
import decimal

import pytest

from ansible_collections.voximplant.management.plugins.module_utils._audit import evaluate, parse_audit_config
from ansible_collections.voximplant.management.plugins.module_utils._audit_checks import AuditConfigError
from ansible_collections.voximplant.management.plugins.module_utils._audit_cost import add_exactly, monthly_cost, parse_price
from ansible_collections.voximplant.management.plugins.module_utils._audit_sip import ALL_REGISTRATIONS, proxy_allowed, split_proxy

TODAY = datetime.date(2026, 6, 15)


def rec(ident, name=None, **fields):
    base = {"sip_registration_id": ident, "sip_username": name or f"u{ident}", "proxy": "sip.example.com",
            "deactivated": False, "successful": True, "status_code": 200, "subscription_price": "1.00"}
    base.update(fields)
    return {key: value for key, value in base.items() if value is not None}


def check(records, name, today=TODAY, **settings):
    result = evaluate(records, parse_audit_config(checks={name: settings}), today)
    return next(c for c in result["checks"] if c["name"] == name), result


def ids(entry):
    return [o["sip_registration_id"] for o in entry["offenders"]]


# unique_registrations --------------------------------------------------------------------------------------------
def test_unique_registrations_flags_every_member_of_a_duplicate_set():
    records = [rec(1, "alice"), rec(2, "alice", proxy="SIP.example.com"), rec(3, "alice", proxy="other.example.com"),
               rec(4, "bob"), rec(5, "bob", proxy="sip.example.com:5060"), rec(6, "carol"), rec(7, "carol")]
    entry, result = check(records, "unique_registrations")
    # proxies compare lower-cased; another proxy or another port is another registration
    assert ids(entry) == [1, 2, 6, 7]
    assert entry["status"] == "failed" and "unique_registrations" in result["failed_checks"]
    assert entry["offenders"][0]["detail"] == "same sip_username and proxy sip.example.com as registration(s) 2"
    assert "(2 duplicate set(s))" in entry["message"]


def test_unique_registrations_is_on_by_default_and_takes_exclusions():
    records = [rec(1, "alice"), rec(2, "alice")]
    entry, _result = check(records, "unique_registrations", exclude_sip_usernames=["alice"])
    assert entry["passed"] and entry["excluded"] == 2
    default = evaluate(records, parse_audit_config(), TODAY)
    assert "unique_registrations" in default["failed_checks"]


# allowed_proxies -------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("proxy, patterns, allowed", [
    ("sip.example.com", ["sip.example.com"], True),
    ("SIP.Example.COM", ["sip.example.com"], True),                 # lower-cased on both sides
    ("sip.example.com:5080", ["sip.example.com"], True),            # an entry without a port allows any port
    ("sip.example.com:5080", ["sip.example.com:5060"], False),      # an entry with a port pins it
    ("sip.example.com", ["sip.example.com:5060"], False),           # ... and needs the proxy to name it
    ("a.pbx.example.com", ["*.pbx.example.com"], True),
    ("a.b.pbx.example.com:5061", ["*.pbx.example.com"], True),      # fnmatch's * crosses dots, the port is not in the host
    ("pbx.example.com", ["*.pbx.example.com"], False),
    ("evil.com", ["*.pbx.example.com"], False),
    ("pbx.example.com.evil.com", ["pbx.example.com"], False),
    ("a.pbx.example.com:5080", ["*.pbx.example.com:50*"], True),
    ("a.pbx.example.com:6080", ["*.pbx.example.com:50*"], False),
    ("[2001:db8::1]:5060", ["[2001:db8::1]"], True),
    ("[2001:db8::1]:5060", ["[2001:db8::1]:5061"], False),
    ("192.0.2.10", ["192.0.2.*"], True),
])
def test_proxy_patterns(proxy, patterns, allowed):
    assert (proxy_allowed(proxy, patterns) is not None) is allowed


def test_split_proxy():
    assert split_proxy(" Sip.Example.com:5060 ") == ("sip.example.com", "5060")
    assert split_proxy("2001:db8::1") == ("2001:db8::1", None)
    assert split_proxy("[::1]:5060") == ("[::1]", "5060")


def test_allowed_proxies_skipped_without_a_list_and_reports_offenders():
    records = [rec(1, proxy="sip.pbx.example.com"), rec(2, proxy="toll.fraud.example"), rec(3, proxy=None)]
    skipped, _result = check(records, "allowed_proxies")
    assert skipped["skipped"] and skipped["skip_reason"] == "no allowed proxies configured"
    entry, _result = check(records, "allowed_proxies", allowed=["*.PBX.example.com"])
    assert ids(entry) == [2, 3]
    assert [o["detail"] for o in entry["offenders"]] == ["proxy toll.fraud.example is not allowed", "no proxy"]
    assert entry["checked"] == 3


@pytest.mark.parametrize("bad", [["sip.example.com:port"], ["sip example.com"], [""], [":5060"], "no-list-but-text,"])
def test_allowed_proxies_validation(bad):
    with pytest.raises(AuditConfigError) as error:
        parse_audit_config(checks={"allowed_proxies": {"allowed": bad}})
    assert error.value.check == "allowed_proxies"
    assert error.value.option.startswith("checks.allowed_proxies.allowed")


# renewal_of_broken -----------------------------------------------------------------------------------------------
def test_renewal_of_broken_window_today_included():
    records = [
        rec(1, successful=False, status_code=403, next_subscription_renewal="2026-06-15"),   # today: in
        rec(2, deactivated=True, next_subscription_renewal="2026-06-22"),                    # today + 7: in
        rec(3, successful=False, status_code=403, next_subscription_renewal="2026-06-23"),   # today + 8: out
        rec(4, successful=False, status_code=403, next_subscription_renewal="2026-06-14"),   # past: out
        rec(5, next_subscription_renewal="2026-06-16"),                                      # healthy: not checked
        rec(6, successful=None, status_code=None, next_subscription_renewal="2026-06-16"),   # in progress: not broken
        rec(7, deactivated=True, next_subscription_renewal="soon"),                          # unparsable: a finding
        rec(8, deactivated=True),                                                            # nothing to renew
    ]
    entry, _result = check(records, "renewal_of_broken")
    assert ids(entry) == [1, 2, 7]
    assert entry["checked"] == 6      # the broken ones: 1, 2, 3, 4, 7, 8
    assert entry["offenders"][0]["detail"] == "renews on 2026-06-15 while failed (403)"
    assert "'soon' is not a date" in entry["offenders"][2]["detail"]
    narrow, _result = check(records, "renewal_of_broken", within_days=0)
    assert ids(narrow) == [1, 7]
    # the injected day moves the window
    later, _result = check(records, "renewal_of_broken", today=datetime.date(2026, 6, 20))
    assert ids(later) == [2, 3, 7]


def test_renewal_of_broken_validation():
    with pytest.raises(AuditConfigError) as error:
        parse_audit_config(checks={"renewal_of_broken": {"within_days": -1}})
    assert error.value.option == "checks.renewal_of_broken.within_days"


# monthly_cost ----------------------------------------------------------------------------------------------------
def test_prices_are_summed_exactly():
    # 0.1 + 0.2 is not 0.3 in floats; a thousand 0.01 are exactly 10.00
    assert add_exactly([decimal.Decimal("0.1"), decimal.Decimal("0.2")]) == decimal.Decimal("0.3")
    total, unpriced = monthly_cost([{"subscription_price": "0.01"}] * 1000)
    assert str(total) == "10.00" and unpriced == []
    # more digits than a float (or the default decimal context of 28 digits) keeps
    big = "123456789012345678901234567890.01"
    total, _result = monthly_cost([{"subscription_price": big}, {"subscription_price": "0.01"}])
    assert str(total) == "123456789012345678901234567890.02"


@pytest.mark.parametrize("value", ["NaN", "Infinity", "1e3", "-1.00", "", "1,50", None, True, 1.5, "0x10"])
def test_unparsable_prices(value):
    assert parse_price(value) is None


def test_monthly_cost_total_always_in_the_summary():
    records = [rec(1, subscription_price="0.10"), rec(2, subscription_price="0.20"), rec(3, subscription_price="n/a")]
    result = evaluate(records, parse_audit_config(), TODAY)
    assert result["summary"]["monthly_cost"] == "0.30"
    assert result["summary"]["monthly_cost_unpriced"] == 1
    entry = next(c for c in result["checks"] if c["name"] == "monthly_cost")
    assert entry["skipped"] and entry["skip_reason"] == "no budget configured"


def test_monthly_cost_budget_and_unparsable_price_are_findings():
    records = [rec(1, subscription_price="250.00"), rec(2, subscription_price="250.01"), rec(3, subscription_price="free")]
    entry, result = check(records, "monthly_cost", budget="500.00")
    assert [(o["sip_registration_id"], o["sip_username"]) for o in entry["offenders"]] == [(3, "u3"), (None, ALL_REGISTRATIONS)]
    assert entry["offenders"][1]["detail"] == "monthly cost 500.01 exceeds the budget 500.00"
    assert "'free' is not a decimal number" in entry["offenders"][0]["detail"]
    assert entry["status"] == "failed" and "monthly_cost" in result["failed_checks"]
    within, _result = check(records[:2], "monthly_cost", budget="500.01")
    assert within["passed"] and "500.01, is within the budget 500.01" in within["message"]
    # a YAML float budget is taken by the number written; exclusions leave the check's total
    excluded, _result = check(records, "monthly_cost", budget=250.0, exclude_sip_usernames=["u2", "u3"])
    assert excluded["passed"] and excluded["excluded"] == 2


def test_monthly_cost_over_budget_can_be_waived():
    config = parse_audit_config(checks={"monthly_cost": {"budget": "1"}},
                                waivers=[{"check": "monthly_cost", "sip_username": ALL_REGISTRATIONS, "reason": "Q3 growth",
                                          "expires": "2026-07-01"}])
    entry = next(c for c in evaluate([rec(1, subscription_price="2")], config, TODAY)["checks"] if c["name"] == "monthly_cost")
    assert entry["passed"] and entry["waived"][0]["sip_username"] == ALL_REGISTRATIONS


@pytest.mark.parametrize("budget", ["-5", "lots", "1e9", True])
def test_monthly_cost_budget_validation(budget):
    with pytest.raises(AuditConfigError) as error:
        parse_audit_config(checks={"monthly_cost": {"budget": budget}})
    assert error.value.option == "checks.monthly_cost.budget" and error.value.check == "monthly_cost"
