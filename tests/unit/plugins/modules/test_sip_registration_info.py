# -*- coding: utf-8 -*-
# Copyright (c) 2026, voximplant.management contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The module face: main() with patched module args, exit/fail captured, a fake session behind the core."""

from __future__ import annotations

import contextlib
import json
import unittest.mock

import pytest
from ansible.module_utils import basic

try:
    from ansible.module_utils.testing import patch_module_args
except ImportError:  # ansible-core before 2.19: hand the module its arguments the classic way
    @contextlib.contextmanager
    def patch_module_args(args=None):
        with unittest.mock.patch.object(basic, "_ANSIBLE_ARGS", json.dumps({"ANSIBLE_MODULE_ARGS": args or {}}).encode()):
            yield

from ansible_collections.voximplant.management.plugins.module_utils import _transport
from ansible_collections.voximplant.management.plugins.modules import sip_registration_info

TOKEN = "module.SECRET-token"


class ExitJson(Exception):
    pass


class FailJson(Exception):
    pass


@pytest.fixture
def run_module(monkeypatch):
    warnings = []

    def exit_json(self, **kwargs):
        raise ExitJson(kwargs)

    def fail_json(self, msg, **kwargs):
        kwargs["msg"] = msg
        raise FailJson(kwargs)

    monkeypatch.setattr(basic.AnsibleModule, "exit_json", exit_json)
    monkeypatch.setattr(basic.AnsibleModule, "fail_json", fail_json)
    monkeypatch.setattr(basic.AnsibleModule, "warn", lambda self, warning: warnings.append(warning))

    def run(args, session):
        monkeypatch.setattr(_transport, "_new_session", lambda pool_size: session)
        with patch_module_args(args):
            with pytest.raises((ExitJson, FailJson)) as info:
                sip_registration_info.main()
        return type(info.value), info.value.args[0], warnings

    return run


def test_success(run_module, fake_api, records_factory, expected_summary):
    records = records_factory(23)
    api = fake_api(records)
    kind, result, warnings = run_module({"token": TOKEN, "page_size": 5}, api)
    assert kind is ExitJson
    assert result["changed"] is False
    assert result["sip_registrations"] == records
    assert result["summary"] == expected_summary(records)
    assert warnings == []
    assert len(api.calls) >= 5 and api.closed


def test_no_match_is_an_empty_list(run_module, fake_api, records_factory):
    kind, result, _warnings = run_module({"token": TOKEN, "sip_username": "nobody"}, fake_api(records_factory(5)))
    assert kind is ExitJson
    assert result["sip_registrations"] == [] and result["summary"]["total"] == 0


def test_filters_and_types_from_the_argument_spec(run_module, fake_api, records_factory):
    records = records_factory(40, seed=9)
    api = fake_api(records)
    # AnsibleModule converts these: "10,11" -> [10, 11], "no" -> False, "3" -> 3
    kind, result, _warnings = run_module({"token": TOKEN, "application_id": "10,11", "deactivated": "no", "count": "3"}, api)
    assert kind is ExitJson
    expected = [r for r in records if r.get("application_id") in (10, 11) and not r["deactivated"]][:3]
    assert result["sip_registrations"] == expected
    assert api.calls[0]["data"]["application_id"] == "10;11"
    assert api.calls[0]["data"]["deactivated"] == "false"


def test_check_mode_is_supported(run_module, fake_api, records_factory, expected_summary):
    records = records_factory(8)
    kind, result, _warnings = run_module({"token": TOKEN, "_ansible_check_mode": True}, fake_api(records))
    assert kind is ExitJson
    assert result["changed"] is False
    assert result["sip_registrations"] == records and result["summary"] == expected_summary(records)


def test_validation_failure_names_the_option(run_module, fake_api):
    api = fake_api([])
    kind, result, _warnings = run_module({"token": TOKEN, "status_code": "600:100"}, api)
    assert kind is FailJson
    assert result["option"] == "status_code"
    assert "status_code" in result["msg"]
    assert api.calls == []


def test_credentials_failure_names_the_option(run_module, fake_api, tmp_path):
    api = fake_api([])
    kind, result, _warnings = run_module({"credentials_file": str(tmp_path / "absent.json")}, api)
    assert kind is FailJson
    assert result["option"] == "credentials_file" and api.calls == []


def test_api_failure_has_the_api_code(run_module, fake_api):
    api = fake_api([], check_auth=lambda headers, form: {"code": 100, "msg": "Authorization failed"})
    kind, result, _warnings = run_module({"token": TOKEN}, api)
    assert kind is FailJson
    assert result["api_code"] == 100
    assert result["api_message"] == "Authorization failed"
    assert result["attempts"] == 1
    assert "Authorization failed" in result["msg"] and TOKEN not in result["msg"]


def test_transport_failure_has_the_http_status(run_module, scripted_session, fake_response):
    session = scripted_session([fake_response(404, text="<html/>")])
    kind, result, _warnings = run_module({"token": TOKEN}, session)
    assert kind is FailJson
    assert result["http_status"] == 404 and result["attempts"] == 1


def test_mutually_exclusive_filters_fail_before_any_request(run_module, fake_api):
    api = fake_api([])
    kind, result, _warnings = run_module({"token": TOKEN, "rule_id": [1], "rule_name": ["r"]}, api)
    assert kind is FailJson
    assert "rule_id" in result["msg"] and "rule_name" in result["msg"]
    assert api.calls == []


def test_validate_certs_false_warns(run_module, fake_api):
    kind, _result, warnings = run_module({"token": TOKEN, "validate_certs": False}, fake_api([]))
    assert kind is ExitJson
    assert any("validate_certs" in warning for warning in warnings)


def test_env_fallback_first_listed_wins(run_module, fake_api, monkeypatch):
    # The module takes the first env var found; the lookup's config takes the last listed (see the PLUGINS fragment).
    monkeypatch.setenv("ANSIBLE_VOXIMPLANT_TOKEN", "from-ansible-name")
    monkeypatch.setenv("VOXIMPLANT_TOKEN", "from-tool-name")
    api = fake_api([])
    kind, _result, _warnings = run_module({}, api)
    assert kind is ExitJson
    assert api.calls[0]["headers"]["Authorization"] == "Bearer from-ansible-name"


def test_tool_env_name_alone_is_used(run_module, fake_api, monkeypatch):
    monkeypatch.setenv("VOXIMPLANT_TOKEN", "from-tool-name")
    api = fake_api([])
    kind, _result, _warnings = run_module({}, api)
    assert kind is ExitJson
    assert api.calls[0]["headers"]["Authorization"] == "Bearer from-tool-name"


def test_secrets_are_no_log(run_module, fake_api):
    # AnsibleModule collects no_log values for masking in results and logs.
    captured = {}
    original = basic.AnsibleModule.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        captured["no_log_values"] = set(self.no_log_values)

    with unittest.mock.patch.object(basic.AnsibleModule, "__init__", init):
        run_module({"token": TOKEN, "api_key": "SECRET-api-key", "account_id": 5}, fake_api([]))
    assert {TOKEN, "SECRET-api-key"} <= captured["no_log_values"]


def test_api_calls_are_returned(run_module, fake_api, records_factory):
    api = fake_api(records_factory(12))
    kind, result, _warnings = run_module({"token": TOKEN, "page_size": 5}, api)
    assert kind is ExitJson
    assert result["api_calls"]["requests"] == len(api.calls)
    assert result["api_calls"]["pages"] == len(api.calls)
    assert result["api_calls"]["retries"] == 0
    assert isinstance(result["api_calls"]["seconds"], float)


def test_proxy_password_is_masked_not_the_proxy_host(run_module, fake_api):
    captured = {}
    original = basic.AnsibleModule.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        captured["module"] = self

    api = fake_api([])
    with unittest.mock.patch.object(basic.AnsibleModule, "__init__", init):
        kind, _result, _warnings = run_module({"token": TOKEN, "proxy_url": "http://alice:S3cr%2Ft@proxy.example.test:3128"}, api)
    assert kind is ExitJson
    assert {"S3cr%2Ft", "S3cr/t"} <= captured["module"].no_log_values
    assert not any("proxy.example.test" in value for value in captured["module"].no_log_values)
    assert api.calls[0]["kwargs"]["proxies"]["https"] == "http://alice:S3cr%2Ft@proxy.example.test:3128"


@contextlib.contextmanager
def no_log_values_at_exit():
    """The set the module masks in its result, as it stands when exit_json is called."""
    captured = set()
    original = basic.AnsibleModule.exit_json

    def exit_json(self, **kwargs):
        captured.update(self.no_log_values)
        original(self, **kwargs)

    with unittest.mock.patch.object(basic.AnsibleModule, "exit_json", exit_json):
        yield captured


def test_only_key_identifiers_are_unmasked_of_inline_credentials(run_module, fake_api, service_account):
    credentials = dict(service_account, client_secret="SECRET-extra-field", type="service_account_v2")
    with no_log_values_at_exit() as masked:
        kind, _result, _warnings = run_module({"credentials": credentials}, fake_api([]))
    assert kind is ExitJson
    assert {"SECRET-extra-field", "service_account_v2"} <= masked
    assert any(service_account["private_key"].strip() in value or value in service_account["private_key"] for value in masked)
    for public in ("account_id", "key_id", "account_email"):
        assert str(service_account[public]) not in masked, public


def test_environment_credentials_come_through_the_core_resolver(run_module, fake_api, token_only_the_resolver_finds):
    api = fake_api([])
    kind, _result, _warnings = run_module({}, api)
    assert kind is ExitJson
    assert api.calls[0]["headers"]["Authorization"] == f"Bearer {token_only_the_resolver_finds}"


def test_a_token_from_the_environment_is_masked(run_module, fake_api, monkeypatch):
    monkeypatch.setenv("VOXIMPLANT_TOKEN", "env.SECRET-token")
    monkeypatch.setenv("VOXIMPLANT_CREDENTIALS", "/not/a/secret/credentials.json")
    with no_log_values_at_exit() as masked:
        kind, _result, _warnings = run_module({}, fake_api([]))
    assert kind is ExitJson
    assert "env.SECRET-token" in masked
    assert "/not/a/secret/credentials.json" not in masked
