# -*- coding: utf-8 -*-
# Copyright (c) 2026, voximplant.management contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""_listing.list_sip_registrations end to end against a fake in-memory GetSipRegistrations."""

from __future__ import annotations

import json

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from ansible_collections.voximplant.management.plugins.module_utils._listing import list_sip_registrations
from ansible_collections.voximplant.management.plugins.module_utils._errors import (
    VoximplantApiError,
    VoximplantCredentialsError,
    VoximplantIncompleteError,
    VoximplantTransportError,
    VoximplantValidationError,
)

TOKEN = "static.SECRET-token.value"
DEFAULT_URL = "https://api.voximplant.com/platform_api/GetSipRegistrations"


def _options(**overrides):
    options = {"token": TOKEN, "page_size": 7, "concurrency": 3}
    options.update(overrides)
    return options


def test_lists_everything_with_a_consistent_summary(fake_api, records_factory, expected_summary):
    records = records_factory(53)
    api = fake_api(records)
    result = list_sip_registrations(_options(), session=api)
    assert result.records == records
    assert result.summary == expected_summary(records)
    assert result.requests_made == len(api.calls)
    assert result.pages_fetched == len(api.calls)
    assert result.warnings == []
    assert api.closed
    for call in api.calls:
        assert call["url"] == DEFAULT_URL
        assert call["headers"]["Authorization"] == f"Bearer {TOKEN}"
        assert int(call["data"]["count"]) <= 7


def test_empty_account(fake_api, expected_summary):
    api = fake_api([])
    result = list_sip_registrations(_options(), session=api)
    assert result.records == []
    assert result.summary == expected_summary([])
    assert result.summary["total"] == 0 and result.summary["by_status_code"] == {}


def test_filters_reach_the_server(fake_api, records_factory, expected_summary):
    records = records_factory(80, seed=11)
    api = fake_api(records)
    result = list_sip_registrations(_options(successful=False, application_id=[10, 12], status_code="400:499;503"),
                                    session=api)
    expected = [r for r in records
                if r.get("successful") is False and r.get("application_id") in (10, 12)
                and (400 <= r.get("status_code", 0) <= 499 or r.get("status_code") == 503)]
    assert expected, "the sample data should match something"
    assert result.records == expected
    assert result.summary == expected_summary(expected)
    for call in api.calls:
        assert {k: v for k, v in call["data"].items() if k not in ("offset", "count")} == {
            "successful": "false", "application_id": "10;12", "status_code": "400:499;503"}


@pytest.mark.parametrize("offset,count", [(5, 12), (0, 3), (50, 100), (60, 5)])
def test_window(fake_api, records_factory, offset, count):
    records = records_factory(53)
    api = fake_api(records)
    result = list_sip_registrations(_options(offset=offset, count=count), session=api)
    assert result.records == records[offset:offset + count]


def test_server_cap_is_survived(fake_api, records_factory):
    records = records_factory(41)
    api = fake_api(records, cap=4)
    result = list_sip_registrations(_options(page_size=10), session=api)
    assert result.records == records


def test_service_account_jwt_end_to_end(fake_api, records_factory, credentials_file, service_account, rsa_key, jwt_decoder):
    seen = []

    def check_auth(headers, _form):
        scheme, _sep, token = headers.get("Authorization", "").partition(" ")
        header, claims = jwt_decoder(token, rsa_key.public_key())
        seen.append(token)
        if scheme != "Bearer" or header["kid"] != service_account["key_id"] or claims["iss"] != service_account["account_id"]:
            return {"code": 100, "msg": "Authorization failed"}
        return None

    records = records_factory(30)
    api = fake_api(records, check_auth=check_auth)
    result = list_sip_registrations({"credentials_file": credentials_file, "page_size": 7, "concurrency": 2}, session=api)
    assert result.records == records
    assert len(seen) == len(api.calls) > 1
    assert len(set(seen)) == 1  # one token for the whole listing


def test_legacy_api_key_end_to_end(fake_api, records_factory):
    api = fake_api(records_factory(9))
    list_sip_registrations({"api_key": "SECRET-key", "account_id": 31, "page_size": 4}, session=api)
    for call in api.calls:
        assert call["data"]["account_id"] == "31" and call["data"]["api_key"] == "SECRET-key"
        assert "Authorization" not in call["headers"]


def test_api_error_propagates(fake_api, records_factory):
    api = fake_api(records_factory(9), check_auth=lambda headers, form: {"code": 100, "msg": "Authorization failed"})
    with pytest.raises(VoximplantApiError) as info:
        list_sip_registrations(_options(), session=api)
    assert info.value.code == 100 and len(api.calls) == 1
    assert TOKEN not in str(info.value)
    assert api.closed


@pytest.mark.parametrize("body", [{"count": 1}, {"result": "nope"}, {"result": [{"sip_username": "x"}]}, {"result": [1, 2]},
                                  {"result": None}, {"result": [{"sip_registration_id": "7"}]}])
def test_response_without_a_result_list(fake_api, body):
    api = fake_api([], body_override=body)
    with pytest.raises(VoximplantTransportError) as info:
        list_sip_registrations(_options(), session=api)
    assert "result" in str(info.value)
    assert "GetSipRegistrations" in str(info.value)


def test_validate_certs_false_warns(fake_api):
    result = list_sip_registrations(_options(validate_certs=False), session=fake_api([]))
    assert any("validate_certs" in warning for warning in result.warnings)


def test_lookup_style_strings(fake_api, records_factory):
    records = records_factory(40, seed=5)
    api = fake_api(records)
    result = list_sip_registrations({"token": TOKEN, "page_size": "6", "concurrency": "2", "timeout": "5",
                                     "application_id": "10,11", "deactivated": "false", "offset": "2", "count": "9"},
                                    session=api)
    expected = [r for r in records if r.get("application_id") in (10, 11) and not r["deactivated"]][2:11]
    assert result.records == expected
    assert all(call["timeout"] == 5.0 for call in api.calls)


# --- every bad input fails before any request ---------------------------------------------------


def _write(tmp_path, content):
    path = tmp_path / "bad.json"
    path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    return str(path)


def _bad_auth_options(case, tmp_path, sa, rsa_key):
    if case == "nothing":
        return {}, "credentials_file"
    if case == "api_key-without-account":
        return {"api_key": "k"}, "account_id"
    if case == "file-missing":
        return {"credentials_file": str(tmp_path / "absent.json")}, "credentials_file"
    if case == "file-not-json":
        return {"credentials_file": _write(tmp_path, "not json")}, "credentials_file"
    if case == "file-array":
        return {"credentials_file": _write(tmp_path, [sa])}, "credentials_file"
    if case.startswith("file-lacks-"):
        content = dict(sa)
        del content[case[len("file-lacks-"):]]
        return {"credentials_file": _write(tmp_path, content)}, "credentials_file"
    if case == "file-not-pem":
        return {"credentials_file": _write(tmp_path, dict(sa, private_key="abc"))}, "credentials_file"
    if case == "file-ec-key":
        pem = ec.generate_private_key(ec.SECP256R1()).private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()).decode()
        return {"credentials_file": _write(tmp_path, dict(sa, private_key=pem))}, "credentials_file"
    if case == "file-encrypted":
        pem = rsa_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                    serialization.BestAvailableEncryption(b"pw")).decode()
        return {"credentials_file": _write(tmp_path, dict(sa, private_key=pem))}, "credentials_file"
    if case == "inline-not-json":
        return {"credentials": "{nope"}, "credentials"
    if case == "token-empty":
        return {"token": "  "}, "token"
    raise AssertionError(case)


AUTH_CASES = ["nothing", "api_key-without-account", "file-missing", "file-not-json", "file-array", "file-lacks-private_key",
              "file-lacks-key_id", "file-lacks-account_id", "file-not-pem", "file-ec-key", "file-encrypted",
              "inline-not-json", "token-empty"]


@pytest.mark.parametrize("case", AUTH_CASES)
def test_credentials_errors_send_nothing(case, tmp_path, service_account, rsa_key, fake_api):
    options, option = _bad_auth_options(case, tmp_path, service_account, rsa_key)
    api = fake_api([])
    with pytest.raises(VoximplantCredentialsError) as info:
        list_sip_registrations(options, session=api)
    assert info.value.option == option
    assert api.calls == []


BAD_INPUTS = [
    ({"status_code": "abc"}, "status_code"), ({"status_code": "200:"}, "status_code"), ({"status_code": ":300"}, "status_code"),
    ({"status_code": "600:100"}, "status_code"), ({"status_code": "99"}, "status_code"), ({"status_code": "700"}, "status_code"),
    ({"status_code": "2000"}, "status_code"), ({"count": 0}, "count"), ({"offset": -1}, "offset"),
    ({"application_id": [0]}, "application_id"), ({"rule_id": ["x"]}, "rule_id"), ({"user_id": [True]}, "user_id"),
    ({"proxy": []}, "proxy"), ({"application_name": ["a;b"]}, "application_name"), ({"successful": "maybe"}, "successful"),
    ({"sip_registration_id": 0}, "sip_registration_id"),
    ({"application_id": [1], "application_name": ["a"]}, "application_id"),
    ({"rule_id": [1], "rule_name": ["a"]}, "rule_id"),
    ({"user_id": [1], "user_name": ["a"]}, "user_id"),
    ({"timeout": 0.05}, "timeout"), ({"timeout": 3601}, "timeout"), ({"retries": -1}, "retries"), ({"retries": 21}, "retries"),
    ({"page_size": 0}, "page_size"), ({"page_size": 10001}, "page_size"), ({"concurrency": 0}, "concurrency"),
    ({"concurrency": 17}, "concurrency"), ({"api_url": "ftp://x"}, "api_url"), ({"api_url": "api.voximplant.com"}, "api_url"),
    ({"api_url": "http://"}, "api_url"), ({"api_url": "https://u:pw@api.example.test"}, "api_url"),
    ({"api_url": "http://api.example.test"}, "api_url"), ({"ca_path": "/nonexistent/ca.pem"}, "ca_path"),
    ({"account_id": 0}, "account_id"),
]


@pytest.mark.parametrize("bad,option", BAD_INPUTS, ids=[f"{option}-{index}" for index, (_bad, option) in enumerate(BAD_INPUTS)])
def test_validation_errors_send_nothing(bad, option, fake_api):
    api = fake_api([])
    with pytest.raises(VoximplantValidationError) as info:
        list_sip_registrations(_options(**bad), session=api)
    if info.value.option != option:
        # an exclusive pair may be reported under either of its members
        assert set(bad) == {info.value.option, option}
    assert api.calls == []


def test_malformed_page_reports_its_own_attempts(scripted_session, fake_response, records_factory):
    first_page = records_factory(7)
    session = scripted_session([fake_response(200, {"result": first_page, "count": 7}), fake_response(200, {"count": 0})])
    with pytest.raises(VoximplantTransportError) as info:
        list_sip_registrations(_options(page_size=7, concurrency=1), session=session)
    assert len(session.calls) == 2
    assert info.value.attempts == 1 and "(after 1 attempt)" in str(info.value)


def test_api_calls_tell_what_the_listing_cost(fake_api, records_factory):
    records = records_factory(20)
    api = fake_api(records)
    result = list_sip_registrations(_options(page_size=7), session=api)
    assert set(result.api_calls) == {"requests", "pages", "retries", "seconds"}
    assert result.api_calls["requests"] == len(api.calls) == result.requests_made
    assert result.api_calls["pages"] == result.pages_fetched == len(api.calls)  # no retries: one page per request
    assert result.api_calls["retries"] == 0
    assert 0 <= result.api_calls["seconds"] < 60


def test_a_page_longer_than_asked_for_is_refused(scripted_session, fake_response, records_factory):
    session = scripted_session([fake_response(200, {"result": records_factory(9), "count": 9})])
    with pytest.raises(VoximplantTransportError) as info:
        list_sip_registrations(_options(page_size=5, concurrency=1), session=session)
    assert "a page of 9 SIP registrations when at most 5 were asked for" in str(info.value)
    assert len(session.calls) == 1


def test_max_records_reaches_the_pager(fake_api, records_factory):
    api = fake_api(records_factory(30))
    assert len(list_sip_registrations(_options(page_size=10, max_records=30), session=api).records) == 30
    with pytest.raises(VoximplantIncompleteError, match="max_records=29"):
        list_sip_registrations(_options(page_size=10, max_records=29), session=api)
