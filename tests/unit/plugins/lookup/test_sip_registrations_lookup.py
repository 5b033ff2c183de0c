# -*- coding: utf-8 -*-
# Copyright (c) 2026, voximplant.management contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The lookup face through the plugin loader: options from keywords/vars/env, errors, the per-run cache."""

from __future__ import annotations

import os
import stat
import tempfile

import pytest
from ansible.errors import AnsibleLookupError
from ansible.parsing.dataloader import DataLoader
from ansible.plugins.loader import lookup_loader
from ansible.template import Templar

try:
    from ansible.template import trust_as_template
except ImportError:  # ansible-core before 2.19 trusts every template in variables
    def trust_as_template(value):
        return value

from ansible_collections.voximplant.management.plugins.module_utils import _transport

TOKEN = "lookup.SECRET-token"


@pytest.fixture
def cache_root(tmp_path, monkeypatch):
    """The lookup cache lives under the temporary directory: keep it inside the test's."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    return tmp_path


@pytest.fixture
def lookup(cache_root):  # pylint: disable=unused-argument
    plugin = lookup_loader.get("voximplant.management.sip_registrations", loader=DataLoader(), templar=Templar(loader=DataLoader()))
    assert plugin is not None, "the collection is not on the collections path"
    return plugin


@pytest.fixture
def serve(monkeypatch):
    def install(session):
        monkeypatch.setattr(_transport, "_new_session", lambda pool_size: session)
        return session
    return install


def test_loaded_by_its_fully_qualified_name(lookup):
    assert type(lookup).__module__.startswith("ansible_collections.voximplant.management.plugins.lookup")


def test_returns_the_records(lookup, serve, fake_api, records_factory):
    records = records_factory(17)
    api = serve(fake_api(records))
    assert lookup.run([], variables={}, token=TOKEN, page_size=4, cache=False) == records
    assert len(api.calls) >= 5


def test_keyword_filters_as_strings(lookup, serve, fake_api, records_factory):
    records = records_factory(40, seed=2)
    api = serve(fake_api(records))
    result = lookup.run([], variables={}, token=TOKEN, application_id="10,12", successful="true", cache=False)
    assert result == [r for r in records if r.get("application_id") in (10, 12) and r.get("successful") is True]
    assert api.calls[0]["data"]["application_id"] == "10;12" and api.calls[0]["data"]["successful"] == "true"


def test_positional_terms_rejected(lookup, serve, fake_api):
    api = serve(fake_api([]))
    with pytest.raises(AnsibleLookupError) as info:
        lookup.run(["something"], variables={}, token=TOKEN)
    assert "positional" in str(info.value)
    assert api.calls == []


def test_core_errors_become_lookup_errors(lookup, serve, fake_api):
    api = serve(fake_api([]))
    with pytest.raises(AnsibleLookupError) as info:
        lookup.run([], variables={}, token=TOKEN, status_code="700", cache=False)
    assert "Invalid option 'status_code'" in str(info.value)
    assert "700" in str(info.value)
    assert api.calls == []


def test_api_errors_become_lookup_errors(lookup, serve, fake_api):
    serve(fake_api([], check_auth=lambda headers, form: {"code": 100, "msg": "Authorization failed"}))
    with pytest.raises(AnsibleLookupError) as info:
        lookup.run([], variables={}, token=TOKEN, cache=False)
    assert "API error 100" in str(info.value) and "Authorization failed" in str(info.value)
    assert TOKEN not in str(info.value)


def test_options_from_variables(lookup, serve, fake_api):
    api = serve(fake_api([]))
    lookup.run([], variables={"ansible_voximplant_token": "from-vars", "ansible_voximplant_page_size": 3}, cache=False)
    assert api.calls[0]["headers"]["Authorization"] == "Bearer from-vars"
    assert api.calls[0]["data"]["count"] == "3"


def test_keyword_beats_variable(lookup, serve, fake_api):
    api = serve(fake_api([]))
    lookup.run([], variables={"ansible_voximplant_token": "from-vars"}, token="from-keyword", cache=False)
    assert api.calls[0]["headers"]["Authorization"] == "Bearer from-keyword"


def test_env_last_listed_wins(lookup, serve, fake_api, monkeypatch):
    # Same winner as the module's env_fallback (first listed there): the ANSIBLE_ name.
    monkeypatch.setenv("ANSIBLE_VOXIMPLANT_TOKEN", "from-ansible-name")
    monkeypatch.setenv("VOXIMPLANT_TOKEN", "from-tool-name")
    api = serve(fake_api([]))
    lookup.run([], variables={}, cache=False)
    assert api.calls[0]["headers"]["Authorization"] == "Bearer from-ansible-name"


def test_tool_env_name_alone_is_used(lookup, serve, fake_api, monkeypatch, credentials_file):
    monkeypatch.setenv("VOXIMPLANT_CREDENTIALS", credentials_file)
    api = serve(fake_api([]))
    lookup.run([], variables={}, cache=False)
    assert api.calls[0]["headers"]["Authorization"].startswith("Bearer ey")


# --- cache --------------------------------------------------------------------------------------


def test_cache_reuses_an_identical_lookup(lookup, serve, fake_api, records_factory):
    records = records_factory(12)
    api = serve(fake_api(records))
    first = lookup.run([], variables={}, token=TOKEN, page_size=5)
    calls = len(api.calls)
    assert calls > 0
    assert lookup.run([], variables={}, token=TOKEN, page_size=5) == first == records
    assert len(api.calls) == calls
    # another filter is another query
    lookup.run([], variables={}, token=TOKEN, page_size=5, successful=True)
    assert len(api.calls) > calls


def test_cache_false_always_asks(lookup, serve, fake_api, records_factory):
    api = serve(fake_api(records_factory(3)))
    lookup.run([], variables={}, token=TOKEN, cache=False)
    one_listing = len(api.calls)
    lookup.run([], variables={}, token=TOKEN, cache=False)
    assert one_listing > 0 and len(api.calls) == 2 * one_listing


def test_cache_files_are_private_and_hold_no_secret(lookup, serve, fake_api, records_factory, cache_root):
    serve(fake_api(records_factory(3)))
    lookup.run([], variables={}, token=TOKEN)
    files = [os.path.join(top, name) for top, _dirs, names in os.walk(cache_root) for name in names]
    assert files
    for path in files:
        assert stat.S_IMODE(os.stat(path).st_mode) & 0o077 == 0
        with open(path, "rb") as handle:
            assert TOKEN.encode() not in handle.read()
    for top, dirs, _names in os.walk(cache_root):
        for name in dirs:
            if name.startswith("voximplant-management"):
                assert stat.S_IMODE(os.stat(os.path.join(top, name)).st_mode) & 0o077 == 0


def test_failures_are_not_cached(lookup, serve, fake_api, records_factory):
    failing = fake_api([], check_auth=lambda headers, form: {"code": 100, "msg": "Authorization failed"})
    serve(failing)
    with pytest.raises(AnsibleLookupError):
        lookup.run([], variables={}, token=TOKEN)
    records = records_factory(2)
    serve(fake_api(records))
    assert lookup.run([], variables={}, token=TOKEN) == records


def test_variables_are_templated(lookup, serve, fake_api, records_factory):
    records = records_factory(3)
    serve(fake_api(records))
    # As a playbook gives them: templates are trusted, and the templar knows the task's variables.
    variables = {
        "the_token": TOKEN,
        "ansible_voximplant_token": trust_as_template("{{ the_token }}"),
        "ansible_voximplant_page_size": trust_as_template("{{ 1 + 1 }}"),
    }
    lookup._templar.available_variables = variables  # pylint: disable=protected-access
    assert lookup.run([], variables=variables, cache=False) == records


@pytest.mark.parametrize("value", ["ture", "maybe", "2"])
def test_a_misspelt_boolean_is_refused_not_read_as_false(lookup, serve, fake_api, records_factory, value):
    api = serve(fake_api(records_factory(3)))
    with pytest.raises(AnsibleLookupError, match="successful"):
        lookup.run([], variables={}, token=TOKEN, successful=value, cache=False)
    with pytest.raises(AnsibleLookupError, match="validate_certs"):
        lookup.run([], variables={"ansible_voximplant_validate_certs": value}, token=TOKEN, cache=False)
    assert not api.calls
