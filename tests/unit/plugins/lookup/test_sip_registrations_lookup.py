# -*- coding: utf-8 -*-
# Copyright (c) 2026, voximplant.management contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The lookup face through the plugin loader: options from keywords/vars/env, errors, the per-run cache."""

from __future__ import annotations

import json
import os
import stat

import pytest
import yaml
from ansible import constants as C
from ansible.errors import AnsibleLookupError
from ansible.parsing.dataloader import DataLoader
from ansible.plugins.loader import lookup_loader
from ansible.template import Templar

try:
    from ansible.template import trust_as_template
except ImportError:  # ansible-core before 2.19 trusts every template in variables
    def trust_as_template(value):
        return value

from ansible_collections.voximplant.management.plugins.doc_fragments.connection import ModuleDocFragment
from ansible_collections.voximplant.management.plugins.module_utils import _transport
from ansible_collections.voximplant.management.plugins.plugin_utils import _lookup
from ansible_collections.voximplant.management.plugins.module_utils._connection import CONNECTION_OPTIONS
from ansible_collections.voximplant.management.plugins.plugin_utils._lookup import INI_SECTION

TOKEN = "lookup.SECRET-token"


@pytest.fixture
def cache_root(ansible_run_dir):
    """The lookup cache lives in ansible-core's private run directory: one inside the test's."""
    return ansible_run_dir


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


def test_environment_credentials_come_through_the_core_resolver(lookup, serve, fake_api, token_only_the_resolver_finds):
    # A lookup whose config layer (env: entries) or own code read VOXIMPLANT_TOKEN would send that value.
    api = serve(fake_api([]))
    lookup.run([], variables={}, cache=False)
    assert api.calls[0]["headers"]["Authorization"] == f"Bearer {token_only_the_resolver_finds}"


def test_a_variable_beats_an_environment_credential(lookup, serve, fake_api, monkeypatch, credentials_file):
    monkeypatch.setenv("VOXIMPLANT_TOKEN", "from-env")
    api = serve(fake_api([]))
    lookup.run([], variables={"ansible_voximplant_credentials_file": credentials_file}, cache=False)
    assert api.calls[0]["headers"]["Authorization"].startswith("Bearer ey")


def _with_ansible_cfg(lookup, monkeypatch, option, value):
    """The lookup as if ansible.cfg set `option` (get_option_and_origin reports the file as origin, as ansible-core does)."""
    original = type(lookup).get_option_and_origin

    def get_option_and_origin(self, name, hostvars=None):
        if name == option:
            return value, "/etc/ansible/ansible.cfg"
        return original(self, name, hostvars)

    monkeypatch.setattr(type(lookup), "get_option_and_origin", get_option_and_origin)


def test_a_key_file_from_ansible_cfg_beats_every_environment_credential(lookup, serve, fake_api, monkeypatch, credentials_file):
    # Documented in the connection fragment's notes: ansible.cfg's credentials_file is set explicitly; credential
    # variables count only when none is (ANSIBLE_VOXIMPLANT_CREDENTIALS_FILE included).
    _with_ansible_cfg(lookup, monkeypatch, "credentials_file", credentials_file)
    monkeypatch.setenv("ANSIBLE_VOXIMPLANT_CREDENTIALS_FILE", "/nonexistent/from-env.json")
    monkeypatch.setenv("VOXIMPLANT_TOKEN", "from-env")
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


# --- option names ---------------------------------------------------------------------------------


def test_a_misspelt_option_is_refused_before_any_request(lookup, serve, fake_api, records_factory):
    api = serve(fake_api(records_factory(5)))
    with pytest.raises(AnsibleLookupError) as info:
        lookup.run([], variables={}, token=TOKEN, succesful=False, app_name="pbx")
    message = str(info.value)
    assert message.startswith(
        "Unsupported parameters for (voximplant.management.sip_registrations) lookup: "
        "unknown option 'app_name' (did you mean 'application_name'?), unknown option 'succesful' (did you mean 'successful'?). "
        "Supported parameters include: "
    )
    assert TOKEN not in message
    assert api.calls == []


def test_the_accepted_names_are_the_documented_ones(lookup):
    # What the check accepts is what the lookup documents and reads: nothing else, nothing less.
    documented = set(C.config.get_configuration_definitions(plugin_type="lookup", name=lookup._load_name))  # pylint: disable=protected-access
    accepted = set(_lookup.CONNECTION_OPTION_NAMES + _lookup.FILTER_NAMES + _lookup.LOOKUP_ONLY_OPTIONS)
    assert documented and accepted == documented


# --- cache: what the key covers, and a cache that cannot be used ------------------------------------


def test_a_replaced_key_file_is_a_new_listing(lookup, serve, fake_api, records_factory, tmp_path, service_account):
    api = serve(fake_api(records_factory(3)))
    key_file = tmp_path / "key.json"
    key_file.write_text(json.dumps(service_account))
    lookup.run([], variables={}, credentials_file=str(key_file))
    one_listing = len(api.calls)
    lookup.run([], variables={}, credentials_file=str(key_file))
    assert one_listing > 0 and len(api.calls) == one_listing
    # Same path, another account's key (here the child account of the same key): not the cached records.
    key_file.write_text(json.dumps(dict(service_account, account_id=4243)))
    lookup.run([], variables={}, credentials_file=str(key_file))
    assert len(api.calls) == 2 * one_listing


def test_an_unsafe_run_directory_warns_and_lists(lookup, serve, fake_api, records_factory, cache_root, monkeypatch):
    shown = []
    monkeypatch.setattr(_lookup.display, "warning", shown.append)
    os.chmod(cache_root, 0o755)
    records = records_factory(4)
    api = serve(fake_api(records))
    assert lookup.run([], variables={}, token=TOKEN) == records
    one_listing = len(api.calls)
    assert lookup.run([], variables={}, token=TOKEN) == records
    assert len(api.calls) == 2 * one_listing
    assert shown and all("lookup cache not used" in text and "mode 0755, not 0700" in text for text in shown)


def test_api_calls_are_shown_at_verbosity_one(lookup, serve, fake_api, records_factory, monkeypatch):
    from ansible_collections.voximplant.management.plugins.plugin_utils import _lookup

    shown = []
    monkeypatch.setattr(_lookup.display, "v", shown.append)
    api = serve(fake_api(records_factory(9)))
    lookup.run([], variables={}, token=TOKEN, page_size=4, cache=False)
    (line,) = shown
    assert f"'requests': {len(api.calls)}," in line and f"'pages': {len(api.calls)}," in line and "'retries': 0," in line
    assert TOKEN not in line


def test_proxy_options_from_variables(lookup, serve, fake_api):
    api = serve(fake_api([]))
    lookup.run([], variables={"ansible_voximplant_proxy_url": "http://proxy.example.test:3128"}, token=TOKEN, cache=False)
    assert api.calls[0]["kwargs"]["proxies"] == {"http": "http://proxy.example.test:3128", "https": "http://proxy.example.test:3128"}
    lookup.run([], variables={"ansible_voximplant_use_proxy": False}, token=TOKEN, cache=False)
    assert api.calls[1]["kwargs"]["proxies"] == {"http": None, "https": None, "all": None}


def test_a_boolean_from_ansible_cfg_is_checked_as_written(tmp_path):
    from ansible_collections.voximplant.management.plugins.plugin_utils import _lookup

    config = tmp_path / "ansible.cfg"
    config.write_text("[voximplant_management]\nvalidate_certs = ture ; a comment\nuse_proxy = false\n", encoding="utf-8")
    # ansible-core's lenient bool turned 'ture' into False; the core must see the text to refuse it.
    assert _lookup._as_given("validate_certs", False, str(config), {}, {}) == "ture"  # pylint: disable=protected-access
    assert _lookup._as_given("use_proxy", False, str(config), {}, {}) == "false"  # pylint: disable=protected-access
    # Not from ansible.cfg, or not a boolean: the value as ansible-core resolved it.
    assert _lookup._as_given("timeout", 15.0, str(config), {}, {}) == 15.0  # pylint: disable=protected-access
    assert _lookup._as_given("validate_certs", True, "default", {}, {}) is True  # pylint: disable=protected-access


# The ini: entries live in the PLUGINS doc fragment, the section name in the lookup face: a controller-side test
# (tests/unit/plugins/module_utils/ runs with the modules' libraries only under ansible-test units).
@pytest.mark.parametrize("spec", CONNECTION_OPTIONS, ids=lambda spec: spec.name)
def test_plugins_fragment_has_an_ansible_cfg_entry_for_every_option_but_secrets(spec):
    plugins = yaml.safe_load(ModuleDocFragment.PLUGINS)["options"]
    entries = [(entry["section"], entry["key"]) for entry in plugins[spec.name].get("ini", [])]
    # ansible.cfg is printed by ansible-config dump and usually committed: never a place for a secret.
    assert entries == ([] if spec.no_log else [(INI_SECTION, spec.name)])
