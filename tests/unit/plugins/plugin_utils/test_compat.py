# -*- coding: utf-8 -*-
# Copyright (c) 2026, voximplant.management contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""plugin_utils/_compat: get_option_and_origin() reports what set_options() chose, on every ansible-core line."""

from __future__ import annotations

import pytest
from ansible.parsing.dataloader import DataLoader
from ansible.plugins.loader import lookup_loader
from ansible.plugins.lookup import LookupBase as CoreLookupBase
from ansible.template import Templar

from ansible_collections.voximplant.management.plugins.plugin_utils import _compat

NAME = "voximplant.management.sip_registrations"


@pytest.fixture(autouse=True)
def no_token_in_environment(monkeypatch):
    for name in ("VOXIMPLANT_TOKEN", "ANSIBLE_VOXIMPLANT_TOKEN", "ANSIBLE_VOXIMPLANT_API_URL"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(params=["collection", "recording"])
def lookup(request):
    """The collection's lookup as loaded (whatever base this line gets), and one forced onto the 2.16 base."""
    plugin = lookup_loader.get(NAME, loader=DataLoader(), templar=Templar(loader=DataLoader()))
    if request.param == "collection":
        return plugin

    class LookupModule(_compat.OriginRecordingLookupBase):  # the class name gives plugin_type "lookup"
        def run(self, terms, variables=None, **kwargs):
            return []

    recording = LookupModule(loader=DataLoader(), templar=Templar(loader=DataLoader()))
    recording._load_name = plugin._load_name  # pylint: disable=protected-access
    return recording


def test_keyword_wins_and_is_reported_direct(lookup, monkeypatch):
    monkeypatch.setenv("VOXIMPLANT_TOKEN", "from-env")
    lookup.set_options(var_options={"ansible_voximplant_token": "from-var"}, direct={"token": "from-keyword"})
    assert lookup.get_option_and_origin("token") == ("from-keyword", "Direct")


def test_variable_is_reported_with_its_name(lookup, monkeypatch):
    monkeypatch.setenv("VOXIMPLANT_TOKEN", "from-env")
    lookup.set_options(var_options={"ansible_voximplant_token": "from-var"}, direct={})
    assert lookup.get_option_and_origin("token") == ("from-var", "var: ansible_voximplant_token")


def test_environment_is_reported_as_environment(lookup, monkeypatch):
    # api_url: credentials have no env: entry (the core's _credentials reads their variables).
    monkeypatch.setenv("ANSIBLE_VOXIMPLANT_API_URL", "https://from-env.example")
    lookup.set_options(var_options={}, direct={})
    value, origin = lookup.get_option_and_origin("api_url")
    assert (value, origin) == ("https://from-env.example", "env: ANSIBLE_VOXIMPLANT_API_URL")


def test_unset_option_is_the_default(lookup):
    lookup.set_options(var_options={}, direct={})
    assert lookup.get_option_and_origin("token") == (None, "default")


def test_the_shim_is_used_only_where_core_lacks_origins():
    class Probe(CoreLookupBase):
        def run(self, terms, variables=None, **kwargs):
            return []

    assert _compat.core_records_origins() == hasattr(Probe(), "_origins")
    expected = CoreLookupBase if _compat.core_records_origins() else _compat.OriginRecordingLookupBase
    assert _compat.LookupBase is expected


def test_read_text_file_through_the_loader_of_this_line(tmp_path):
    path = tmp_path / "report.md.j2"
    path.write_text("# Audit \u2013 {{ name }}\n", encoding="utf-8")
    assert _compat.read_text_file(DataLoader(), str(path)) == "# Audit \u2013 {{ name }}\n"


def test_read_text_file_before_2_19_uses_the_private_reader(tmp_path):
    class OldLoader:  # the DataLoader of ansible-core 2.16-2.18: no get_text_file_contents
        def _get_file_contents(self, path):
            with open(path, "rb") as handle:
                return handle.read(), True

    path = tmp_path / "report.md.j2"
    path.write_bytes("caf\u00e9 {{ x }}".encode("utf-8"))
    assert _compat.read_text_file(OldLoader(), str(path)) == "caf\u00e9 {{ x }}"
