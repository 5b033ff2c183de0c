# -*- coding: utf-8 -*-
# Copyright (c) 2026, voximplant.management contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""_connection: defaults, ranges, URL safety, CA bundle, warnings, doc fragment parity."""

from __future__ import annotations

import pytest
import yaml

from ansible_collections.voximplant.management.plugins.doc_fragments.connection import ModuleDocFragment
from ansible_collections.voximplant.management.plugins.module_utils._connection import (
    CONNECTION_OPTIONS,
    build_settings,
    connection_argument_spec,
)
from ansible_collections.voximplant.management.plugins.module_utils._errors import VoximplantValidationError

DOC = yaml.safe_load(ModuleDocFragment.DOCUMENTATION)["options"]
PLUGINS = yaml.safe_load(ModuleDocFragment.PLUGINS)["options"]
SPECS = {spec.name: spec for spec in CONNECTION_OPTIONS}
DOCUMENTED_API_URL = DOC["api_url"]["default"]


def _error(options):
    with pytest.raises(VoximplantValidationError) as info:
        build_settings(options)
    return info.value


# --- doc fragment parity ------------------------------------------------------------------------


def test_doc_fragment_documents_exactly_the_connection_options():
    assert set(DOC) == set(SPECS)


@pytest.mark.parametrize("name", sorted(SPECS))
def test_doc_fragment_type_and_default_match_the_table(name):
    assert DOC[name]["type"] == SPECS[name].ansible_type
    assert DOC[name].get("default") == SPECS[name].default


def test_plugins_fragment_env_entries_match_the_module_fallbacks():
    from ansible_collections.voximplant.management.plugins.module_utils._connection import CREDENTIAL_OPTIONS

    assert set(PLUGINS) <= set(SPECS)
    for name, spec in SPECS.items():
        plugin_env = [entry["name"] for entry in PLUGINS.get(name, {}).get("env", [])]
        if name in CREDENTIAL_OPTIONS:
            # Read by _credentials.resolve_credentials alone: no env: entry, but every variable documented.
            assert plugin_env == [], name
            description = " ".join(DOC[name]["description"])
            assert all(f"E({variable})" in description for variable in spec.env), name
            continue
        assert set(plugin_env) == set(spec.env), name
        # ansible config: the last env entry found wins; module env_fallback: the first found wins.
        assert tuple(reversed(plugin_env)) == spec.env, name


@pytest.mark.parametrize("name", sorted(SPECS))
def test_plugins_fragment_has_a_variable_for_every_option(name):
    assert [entry["name"] for entry in PLUGINS[name]["vars"]] == [f"ansible_voximplant_{name}"]


def test_module_argument_spec_from_the_table():
    from ansible_collections.voximplant.management.plugins.module_utils._connection import CREDENTIAL_OPTIONS

    marker = object()
    spec = connection_argument_spec(marker)
    assert set(spec) == set(SPECS)
    for name, option in SPECS.items():
        assert spec[name]["type"] == option.ansible_type
        assert spec[name]["no_log"] == option.no_log
        if option.env and name not in CREDENTIAL_OPTIONS:
            assert spec[name]["fallback"] == (marker, list(option.env))
        else:
            assert "fallback" not in spec[name]
    assert {name for name, option in spec.items() if option["no_log"]} == {"credentials", "token", "api_key"}


# --- defaults -----------------------------------------------------------------------------------


def test_defaults():
    settings, warnings = build_settings({})
    assert settings.api_url == DOCUMENTED_API_URL
    assert settings.verify is True
    assert settings.timeout == DOC["timeout"]["default"]
    assert settings.retries == DOC["retries"]["default"]
    assert settings.page_size == DOC["page_size"]["default"]
    assert settings.concurrency == DOC["concurrency"]["default"]
    assert settings.allow_insecure_http is False
    assert warnings == []


def test_none_values_take_defaults():
    assert build_settings({name: None for name in SPECS}) == build_settings({})


def test_trailing_slash_is_dropped():
    settings, _warnings = build_settings({"api_url": "https://api.example.test/platform_api/"})
    assert settings.api_url == "https://api.example.test/platform_api"


# --- ranges -------------------------------------------------------------------------------------

RANGES = {
    # name: (lowest valid, highest valid, just below, just above) - from the documentation
    "timeout": (0.1, 3600, 0.09, 3600.5),
    "retries": (0, 20, -1, 21),
    "page_size": (1, 10000, 0, 10001),
    "concurrency": (1, 16, 0, 17),
}


@pytest.mark.parametrize("name", sorted(RANGES))
def test_range_bounds_accepted(name):
    low, high, _below, _above = RANGES[name]
    assert getattr(build_settings({name: low})[0], name) == low
    assert getattr(build_settings({name: high})[0], name) == high


@pytest.mark.parametrize("name", sorted(RANGES))
def test_range_bounds_rejected(name):
    _low, _high, below, above = RANGES[name]
    error = _error({name: below})
    assert error.option == name and "at least" in error.problem
    error = _error({name: above})
    assert error.option == name and "at most" in error.problem


@pytest.mark.parametrize("name,value", [("timeout", "abc"), ("timeout", "nan"), ("retries", "x"), ("retries", 2.5),
                                        ("page_size", True), ("concurrency", "two")])
def test_non_numbers_rejected(name, value):
    assert _error({name: value}).option == name


@pytest.mark.parametrize("name,value,expected", [("timeout", "2.5", 2.5), ("retries", "3", 3), ("page_size", "50", 50),
                                                 ("concurrency", "2", 2), ("validate_certs", "no", False),
                                                 ("allow_insecure_http", "yes", True)])
def test_lookup_strings_are_coerced(name, value, expected):
    settings, _warnings = build_settings({name: value})
    attribute = "verify" if name == "validate_certs" else name
    assert getattr(settings, attribute) == expected


# --- api_url ------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["ftp://x", "api.voximplant.com", "http://", "https://", "file:///etc/passwd", "//api.example.test"])
def test_api_url_must_be_http_or_https(url):
    error = _error({"api_url": url})
    assert error.option == "api_url"
    assert "http(s) URL" in error.problem


@pytest.mark.parametrize("url", [
    "https://admin:Sup3rSecretPw@api.example.test/platform_api",
    "http://admin:Sup3rSecretPw@127.0.0.1:8080/platform_api",
    "https://:Sup3rSecretPw@api.example.test",
])
def test_api_url_with_userinfo_is_refused_and_never_echoed(url):
    error = _error({"api_url": url})
    assert error.option == "api_url"
    assert "credentials" in error.problem
    assert "Sup3rSecretPw" not in str(error)


@pytest.mark.parametrize("url", [
    "https:/admin:Sup3rSecretPw@api.example.test",
    "https//admin:Sup3rSecretPw@api.example.test",
    "admin:Sup3rSecretPw@api.example.test",
])
def test_mistyped_api_url_with_userinfo_is_never_echoed(url):
    error = _error({"api_url": url})
    assert error.option == "api_url"
    assert "Sup3rSecretPw" not in str(error)


@pytest.mark.parametrize("url", ["http://[::1", "https://admin:Sup3rSecretPw@[::1/platform_api"])
def test_unparsable_api_url_is_a_validation_error(url):
    error = _error({"api_url": url})
    assert error.option == "api_url"
    assert "Sup3rSecretPw" not in str(error)


@pytest.mark.parametrize("url", ["https://api.example.test/x?token=1", "https://api.example.test/x#frag"])
def test_api_url_with_query_or_fragment_refused(url):
    assert _error({"api_url": url}).option == "api_url"


@pytest.mark.parametrize("url", ["http://api.example.test/platform_api", "http://10.0.0.5:8080", "http://localhost.example.test"])
def test_cleartext_to_a_remote_host_is_refused(url):
    error = _error({"api_url": url})
    assert error.option == "api_url"
    assert "allow_insecure_http" in error.problem


@pytest.mark.parametrize("url", ["http://api.example.test/platform_api", "http://10.0.0.5:8080"])
def test_cleartext_to_a_remote_host_allowed_when_asked(url):
    settings, _warnings = build_settings({"api_url": url, "allow_insecure_http": True})
    assert settings.api_url == url and settings.is_cleartext_to_remote


@pytest.mark.parametrize("url", ["http://127.0.0.1:8080/platform_api", "http://localhost:9000", "http://[::1]:8443/x",
                                 "http://127.0.0.2"])
def test_cleartext_to_loopback_is_allowed(url):
    settings, warnings = build_settings({"api_url": url})
    assert settings.api_url == url
    assert not settings.is_cleartext_to_remote
    assert warnings == []


# --- TLS ----------------------------------------------------------------------------------------


def test_ca_path_missing(tmp_path):
    missing = tmp_path / "nope.pem"
    error = _error({"ca_path": str(missing)})
    assert error.option == "ca_path"
    assert str(missing) in error.problem


def test_ca_path_directory_refused(tmp_path):
    assert _error({"ca_path": str(tmp_path)}).option == "ca_path"


def test_ca_path_becomes_verify(tmp_path):
    bundle = tmp_path / "ca.pem"
    bundle.write_text("-----BEGIN CERTIFICATE-----\n", encoding="ascii")
    settings, warnings = build_settings({"ca_path": str(bundle)})
    assert settings.verify == str(bundle)
    assert warnings == []


def test_validate_certs_false_warns(tmp_path):
    settings, warnings = build_settings({"validate_certs": False})
    assert settings.verify is False
    assert len(warnings) == 1 and "validate_certs" in warnings[0]
    bundle = tmp_path / "ca.pem"
    bundle.write_text("x", encoding="ascii")
    settings, warnings = build_settings({"validate_certs": False, "ca_path": str(bundle)})
    assert settings.verify is False and len(warnings) == 1


def test_validate_certs_false_on_loopback_http_does_not_warn():
    _settings, warnings = build_settings({"validate_certs": False, "api_url": "http://127.0.0.1:1"})
    assert warnings == []


def test_credential_options_have_no_argument_spec_fallback():
    # Environment credentials are applied by the core, below explicit ones, not by AnsibleModule.
    from ansible_collections.voximplant.management.plugins.module_utils._connection import CREDENTIAL_OPTIONS, connection_argument_spec

    spec = connection_argument_spec(object())
    assert all("fallback" not in spec[name] for name in CREDENTIAL_OPTIONS)
    assert "fallback" in spec["api_url"]


# --- max_records ----------------------------------------------------------------------------------


def test_max_records_default_is_the_documented_one():
    settings, _warnings = build_settings({})
    assert settings.max_records == DOC["max_records"]["default"] >= 100000


@pytest.mark.parametrize("value,expected", [(1, 1), ("250000", 250000), (10**9, 10**9)])
def test_max_records_accepts_positive_integers(value, expected):
    assert build_settings({"max_records": value})[0].max_records == expected


@pytest.mark.parametrize("value", [0, -5, "many", True, 2.5])
def test_max_records_refuses_what_is_not_a_positive_integer(value):
    with pytest.raises(VoximplantValidationError) as info:
        build_settings({"max_records": value})
    assert info.value.option == "max_records"
