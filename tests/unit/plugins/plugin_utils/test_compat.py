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
