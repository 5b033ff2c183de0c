# -*- coding: utf-8 -*-
# Copyright (c) 2026, voximplant.management contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The plugins for playbook authors: sip_registration_summary, sip_registrations_matching, status_code_in."""

from __future__ import annotations

import pytest
from ansible.errors import AnsibleFilterError
from jinja2 import Undefined

from ansible_collections.voximplant.management.plugins.filter.sip_registration_summary import FilterModule as SummaryFilters
from ansible_collections.voximplant.management.plugins.filter.sip_registrations_matching import FilterModule as MatchingFilters
from ansible_collections.voximplant.management.plugins.test.status_code_in import TestModule as StatusTests

summary = SummaryFilters().filters()["sip_registration_summary"]
matching = MatchingFilters().filters()["sip_registrations_matching"]
status_code_in = StatusTests().tests()["status_code_in"]


def test_summary_is_the_module_summary(records_factory, expected_summary):
    records = records_factory(60)
    assert summary(records) == expected_summary(records)
    assert summary({"sip_registrations": records, "summary": {}}) == expected_summary(records)  # a registered result
    assert summary([]) == expected_summary([])


@pytest.mark.parametrize("value", ["text", 3, [1, 2], None])
def test_summary_refuses_what_is_not_records(value):
    with pytest.raises(AnsibleFilterError, match="sip_registration_summary"):
        summary(value)


def test_matching_has_the_api_meaning(records_factory):
    records = records_factory(80)
    selected = matching(records, {"status_code": "400:499", "is_persistent": True, "application_id": [10, 11]})
    expected = [r for r in records if 400 <= r.get("status_code", 0) <= 499 and r["is_persistent"] and r.get("application_id") in (10, 11)]
    assert selected == expected and selected
    assert matching(records, {"successful": False}) == [r for r in records if r.get("successful") is False]
    assert matching(records, {"in_progress": True}) == [r for r in records if "successful" not in r]
    assert matching(records, {}) == records


@pytest.mark.parametrize("filters, text", [
    ({"count": 1}, "filters.count"),
    ({"user_id": [7], "user_name": ["u7"]}, "mutually exclusive"),
    ({"status_code": "600:700"}, "not a SIP status code"),
    ("proxy=a", "expected a dict"),
])
def test_matching_validates_with_the_module_rules(records_factory, filters, text):
    with pytest.raises(AnsibleFilterError, match=text):
        matching(records_factory(3), filters)


@pytest.mark.parametrize("value, codes, expected", [
    (200, "200", True),
    (404, "400:499", True),
    ("404", "200;400:499", True),
    (500, "200;400:499", False),
    (399, "400:499", False),
    (None, "100:699", False),
    (Undefined(), "100:699", False),   # selectattr on a record in progress
    (True, "100:699", False),
])
def test_status_code_in(value, codes, expected):
    assert status_code_in(value, codes) is expected


def test_status_code_in_agrees_with_the_matching_filter(records_factory):
    records = records_factory(80)
    for grammar in ("200", "400:499", "100:199;503"):
        assert [r for r in records if status_code_in(r.get("status_code"), grammar)] == matching(records, {"status_code": grammar})


@pytest.mark.parametrize("codes", ["99", "2xx", "499:400", ""])
def test_status_code_in_refuses_a_bad_grammar(codes):
    with pytest.raises(AnsibleFilterError, match="status_code_in: Invalid option 'codes'"):
        status_code_in(200, codes)
