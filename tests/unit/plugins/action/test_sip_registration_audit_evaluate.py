# -*- coding: utf-8 -*-
# Copyright (c) 2026, voximplant.management contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The audit action checks the role's connection and filters dicts against the core tables before running the module.

The action is built as ansible-core's own action tests build theirs (a task, a connection, loader and templar); the
module run (_execute_module) is replaced by a recorder, so "no request" means "the module never ran". Group
module_defaults reach an action as top-level task arguments (ansible-core merges them into the task's args before
run()), which is how these tests give them.
"""

from __future__ import annotations

from typing import Any, Dict, List
from unittest.mock import MagicMock

import pytest

from ansible_collections.voximplant.management.plugins.action.sip_registration_audit_evaluate import ActionModule
from ansible_collections.voximplant.management.plugins.module_utils._errors import VoximplantValidationError
from ansible_collections.voximplant.management.plugins.module_utils._option_dicts import listing_options, option_dict

PREFIX = "sip_registration_audit_"
API_URL = "https://api.example.com/platform_api"
RECORD = {"sip_registration_id": 1, "sip_username": "office", "proxy": "sip.example.com", "successful": True,
          "status_code": 200, "deactivated": False, "is_persistent": True, "application_id": 7, "subscription_price": "0.10"}


def run_action(args: Dict[str, Any]) -> Any:
    """The action's result and the module_args of every module run it made."""
    task = MagicMock(args=dict(args, option_prefix=PREFIX), async_val=0, check_mode=False)
    connection = MagicMock()
    connection._shell.tmpdir = "/nonexistent"  # no remote tmp dir is made
    action = ActionModule(task, connection, MagicMock(), MagicMock(), MagicMock(), MagicMock())
    calls: List[Dict[str, Any]] = []

    def execute_module(module_name: str, module_args: Dict[str, Any], task_vars: Any) -> Dict[str, Any]:
        calls.append(dict(module_args, _module=module_name))
        return {"sip_registrations": [RECORD], "changed": False}

    action._execute_module = execute_module
    return action.run(task_vars={}), calls


def test_the_role_connection_goes_over_module_defaults_option_by_option():
    result, calls = run_action({"api_url": API_URL, "timeout": 5, "token": "group-token",   # from module_defaults
                                "connection": {"timeout": 9, "retries": 1}, "filters": {"is_persistent": True}})
    assert not result.get("failed"), result
    assert calls == [{"_module": "voximplant.management.sip_registration_info", "api_url": API_URL, "token": "group-token",
                      "timeout": 9, "retries": 1, "is_persistent": True}]
    assert result["audit"]["filters"] == {"is_persistent": True} and result["audit"]["summary"]["total"] == 1


def test_module_defaults_alone_still_reach_the_module():
    result, calls = run_action({"api_url": API_URL, "token": "group-token", "connection": {}})
    assert not result.get("failed"), result
    assert calls[0]["api_url"] == API_URL and calls[0]["token"] == "group-token"


@pytest.mark.parametrize("args, option, message", [
    ({"connection": {"valdate_certs": False}}, PREFIX + "connection",
     "unknown option 'valdate_certs' (did you mean 'validate_certs'?)"),
    ({"filters": {"succesful": False}}, PREFIX + "filters", "unknown option 'succesful' (did you mean 'successful'?)"),
    ({"connection": {"zzz": 1}}, PREFIX + "connection", "unknown option 'zzz'"),
    ({"connection": {"timeout": "soon"}}, PREFIX + "connection.timeout", "expected a number, got 'soon'"),
    ({"connection": {"validate_certs": "maybe"}}, PREFIX + "connection.validate_certs", "expected a boolean"),
    ({"connection": {"account_id": "one"}}, PREFIX + "connection.account_id", "expected an integer"),
    ({"connection": {"token": {"not": "a string"}}}, PREFIX + "connection.token", "must be a non-empty string"),
    ({"connection": {"api_url": "http://api.example.com"}}, PREFIX + "connection.api_url", "clear text"),
    ({"filters": {"status_code": "2xx"}}, PREFIX + "filters.status_code", "is not a status code or range"),
    ({"filters": {"user_id": [1], "user_name": ["x"]}}, PREFIX + "filters.user_id", "mutually exclusive"),
    ({"connection": "token=abc"}, PREFIX + "connection", "expected a dict of options, got str"),
])
def test_bad_connection_or_filters_fail_before_any_request(args, option, message):
    result, calls = run_action(args)
    assert calls == []
    assert result["failed"] and result["option"] == option
    assert result["msg"].startswith(f"Invalid option '{option}': ") and message in result["msg"]


def test_a_bad_value_from_module_defaults_is_named_as_the_bare_option():
    result, calls = run_action({"timeout": "soon", "connection": {"retries": 1}})
    assert calls == [] and result["option"] == "timeout"


def test_the_connection_is_ignored_with_given_registrations():
    result, calls = run_action({"registrations": [RECORD], "connection": {"valdate_certs": False}})
    assert not result.get("failed"), result
    assert calls == [] and result["audit"]["source"] == PREFIX + "registrations"


def test_several_unknown_names_are_each_named_in_order():
    with pytest.raises(VoximplantValidationError) as error:
        option_dict("conn", {"timout": 1, "retrys": 2, "api_url": API_URL}, ("api_url", "timeout", "retries"))
    assert error.value.problem == "unknown option 'retrys' (did you mean 'retries'?), unknown option 'timout' (did you mean 'timeout'?)"


def test_listing_options_drop_unset_values_and_keep_other_task_arguments_out():
    connection, filters = listing_options("c", {"timeout": None, "retries": 2}, "f", {"successful": None, "deactivated": False},
                                          {"api_url": API_URL, "checks": {}, "timeout": 3})
    assert connection == {"api_url": API_URL, "timeout": 3, "retries": 2}
    assert filters == {"deactivated": False}


def test_a_secret_never_enters_the_message():
    result, calls = run_action({"connection": {"token": "s3cr3t-token", "api_url": "http://api.example.com"}})
    assert calls == [] and result["failed"]
    assert "s3cr3t-token" not in result["msg"]
