# -*- coding: utf-8 -*-
# Copyright (c) 2026, voximplant.management contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Filters dicts against records: the module's validation, the API filter's meaning (as the emulator implements it)."""

from __future__ import annotations

import pytest

from ansible_collections.voximplant.management.plugins.module_utils._errors import VoximplantValidationError
from ansible_collections.voximplant.management.plugins.module_utils._filters import FILTER_NAMES
from ansible_collections.voximplant.management.plugins.module_utils._matching import MATCHABLE_NAMES, compile_filters

OK = {"sip_registration_id": 1, "sip_username": "ok", "proxy": "p1", "successful": True, "status_code": 200,
      "deactivated": False, "is_persistent": True, "application_id": 10, "application_name": "pbx", "rule_id": 5,
      "rule_name": "r", "user_id": 7, "user_name": "u"}
FAILED = {"sip_registration_id": 2, "sip_username": "bad", "proxy": "p2", "successful": False, "status_code": 403,
          "deactivated": True, "is_persistent": False}
PROGRESS = {"sip_registration_id": 3, "sip_username": "wait", "proxy": "p1", "deactivated": False, "is_persistent": True}
RECORDS = [OK, FAILED, PROGRESS]


def ids(filters):
    return [r["sip_registration_id"] for r in compile_filters("f", filters).select(RECORDS)]


@pytest.mark.parametrize("filters, expected", [
    ({}, [1, 2, 3]),
    ({"successful": True}, [1]),
    ({"successful": False}, [2]),          # in progress matches neither value
    ({"in_progress": True}, [3]),
    ({"in_progress": False}, [1, 2]),
    ({"is_bound_to_application": True}, [1]),
    ({"is_bound_to_application": False}, [2, 3]),
    ({"deactivated": True}, [2]),
    ({"is_persistent": False}, [2]),
    ({"proxy": ["p1"]}, [1, 3]),
    ({"proxy": ["p1", "p2"]}, [1, 2, 3]),
    ({"application_name": ["pbx", "other"]}, [1]),
    ({"application_id": [10]}, [1]),
    ({"rule_id": [5]}, [1]),
    ({"user_name": ["u"]}, [1]),
    ({"sip_username": "bad"}, [2]),
    ({"sip_registration_id": 3}, [3]),
    ({"status_code": "400:499"}, [2]),
    ({"status_code": "200;403"}, [1, 2]),   # no status code (in progress) matches no set
    ({"status_code": "100:699"}, [1, 2]),
    ({"proxy": ["p1"], "in_progress": False}, [1]),   # keys AND
    ({"successful": "yes"}, [1]),  # coerced like the module's bools
])
def test_meaning(filters, expected):
    assert ids(filters) == expected


def test_vocabulary_is_the_module_filters_without_paging():
    assert set(MATCHABLE_NAMES) == set(FILTER_NAMES) - {"count", "offset"}


@pytest.mark.parametrize("filters, option, text", [
    ({"bogus": 1}, "f.bogus", "unknown filter"),
    ({"count": 1}, "f.count", "unknown filter"),
    ({"status_code": "99"}, "f.status_code", "not a SIP status code"),
    ({"status_code": "499:400"}, "f.status_code", "empty"),
    ({"status_code": "2xx"}, "f.status_code", "not a status code"),
    ({"application_id": [1], "application_name": ["a"]}, "f.application_id", "mutually exclusive"),
    ({"user_id": [1], "user_name": ["a"]}, "f.user_id", "mutually exclusive"),
    ({"proxy": []}, "f.proxy", "empty list"),
    ({"proxy": ["a;b"]}, "f.proxy", "list separator"),
    ({"successful": "maybe"}, "f.successful", "boolean"),
    ({"application_id": ["x"]}, "f.application_id", "integer"),
    ({"proxy": None}, "f.proxy", "no value"),
])
def test_validation_uses_the_module_rules(filters, option, text):
    with pytest.raises(VoximplantValidationError) as caught:
        compile_filters("f", filters)
    assert caught.value.option == option
    assert text in str(caught.value)


def test_not_a_dict():
    with pytest.raises(VoximplantValidationError, match="expected a dict"):
        compile_filters("f", ["proxy"])


def test_mismatches_explain_each_failing_key():
    matcher = compile_filters("f", {"proxy": ["p2", "p3"], "successful": True, "status_code": "200"})
    assert matcher.mismatches(OK) == ["proxy is p1, not one of p2, p3"]
    assert matcher.mismatches(PROGRESS) == ["successful is unknown (in progress), expected true",
                                            "proxy is p1, not one of p2, p3", "status code absent is not in 200"]
    assert matcher.mismatches(FAILED) == ["successful is false, expected true", "status code 403 is not in 200"]
