# -*- coding: utf-8 -*-
# Copyright (c) 2026, voximplant.management contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""_summary.summarize against an independent computation of the output contract."""

from __future__ import annotations

import json

import pytest

from ansible_collections.voximplant.management.plugins.module_utils._summary import summarize

CONTRACT_KEYS = {"total", "successful", "unsuccessful", "in_progress", "deactivated", "persistent",
                 "bound_to_application", "by_status_code"}


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("n", [0, 1, 17, 250])
def test_summary_matches_an_independent_count(n, seed, records_factory, expected_summary):
    records = records_factory(n, seed=seed)
    summary = summarize(records)
    assert set(summary) == CONTRACT_KEYS
    assert summary == expected_summary(records)


def test_states_partition_the_total(records_factory):
    records = records_factory(300, seed=42)
    summary = summarize(records)
    assert summary["successful"] + summary["unsuccessful"] + summary["in_progress"] == summary["total"] == 300
    assert summary["in_progress"] > 0 and summary["unsuccessful"] > 0 and summary["successful"] > 0
    without_code = sum(1 for record in records if "status_code" not in record)
    assert without_code > 0
    assert sum(summary["by_status_code"].values()) == 300 - without_code


def test_hand_made_records():
    records = [
        {"sip_registration_id": 1, "successful": True, "status_code": 200, "deactivated": False, "is_persistent": True,
         "application_id": 5},
        {"sip_registration_id": 2, "successful": False, "status_code": 403, "deactivated": True, "is_persistent": False},
        {"sip_registration_id": 3, "deactivated": False, "is_persistent": True},  # in progress, no code
        {"sip_registration_id": 4, "status_code": 100, "deactivated": False, "is_persistent": False, "application_id": 6},
        {"sip_registration_id": 5, "successful": True, "status_code": 200, "deactivated": False, "is_persistent": True},
    ]
    assert summarize(records) == {
        "total": 5, "successful": 2, "unsuccessful": 1, "in_progress": 2, "deactivated": 1, "persistent": 3,
        "bound_to_application": 2, "by_status_code": {"200": 2, "403": 1, "100": 1},
    }


def test_status_code_keys_are_strings_and_json_safe(records_factory):
    summary = summarize(records_factory(60, seed=3))
    assert summary["by_status_code"]
    assert all(isinstance(key, str) and key.isdigit() for key in summary["by_status_code"])
    assert json.loads(json.dumps(summary)) == summary


def test_empty():
    assert summarize([]) == {"total": 0, "successful": 0, "unsuccessful": 0, "in_progress": 0, "deactivated": 0,
                             "persistent": 0, "bound_to_application": 0, "by_status_code": {}}
