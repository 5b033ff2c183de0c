# -*- coding: utf-8 -*-
# Copyright (c) 2026, voximplant.management contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""_credentials.resolve_credentials: every source, every precedence pair, empty variables ignored, masking."""

from __future__ import annotations

import itertools
import json

import jwt
import pytest

from ansible_collections.voximplant.management.plugins.module_utils._auth import LegacyApiKey, ServiceAccountSigner, StaticToken, build_authenticator
from ansible_collections.voximplant.management.plugins.module_utils._connection import CONNECTION_OPTIONS, CREDENTIAL_OPTIONS
from ansible_collections.voximplant.management.plugins.module_utils._credentials import (
    CREDENTIAL_ENVIRONMENT,
    credentials_from_environment,
    resolve_credentials,
)

# Every environment source of a credential, in the table's order, with the option it sets.
ENV_SOURCES = (
    ("ANSIBLE_VOXIMPLANT_TOKEN", "token"),
    ("VOXIMPLANT_TOKEN", "token"),
    ("ANSIBLE_VOXIMPLANT_API_KEY", "api_key"),
    ("ANSIBLE_VOXIMPLANT_CREDENTIALS_FILE", "credentials_file"),
    ("VOXIMPLANT_CREDENTIALS", "credentials_file"),
)


def test_the_sources_are_the_tables():
    table = {spec.name: spec.env for spec in CONNECTION_OPTIONS if spec.name in CREDENTIAL_OPTIONS and spec.env}
    assert dict(CREDENTIAL_ENVIRONMENT) == table
    assert sorted(ENV_SOURCES) == sorted((variable, name) for name, variables in table.items() for variable in variables)


@pytest.mark.parametrize("variable, option", ENV_SOURCES)
def test_each_variable_alone_sets_its_option(variable, option):
    resolved = resolve_credentials({"api_url": "https://x.example"}, {variable: "v-1", "UNRELATED": "x"})
    assert resolved.options == {"api_url": "https://x.example", option: "v-1"}
    assert resolved.from_environment == {option}


@pytest.mark.parametrize("option", CREDENTIAL_OPTIONS)
def test_each_explicit_option_shuts_out_every_variable(option):
    every_variable = {variable: f"env-{variable}" for variable, _option in ENV_SOURCES}
    resolved = resolve_credentials({option: "explicit"}, every_variable)
    assert resolved.options == {option: "explicit"}
    assert resolved.from_environment == frozenset()
    assert resolved.environment_secrets == frozenset()


@pytest.mark.parametrize("first, second", [pair for pair in itertools.combinations(ENV_SOURCES, 2) if pair[0][1] == pair[1][1]])
def test_among_the_variables_of_one_option_the_first_listed_wins(first, second):
    resolved = resolve_credentials({}, {second[0]: "second", first[0]: "first"})
    assert resolved.options[first[1]] == "first"


@pytest.mark.parametrize("variable, option", ENV_SOURCES)
def test_empty_variables_are_ignored(variable, option):
    assert resolve_credentials({}, {variable: ""}).options == {}
    others = [other for other, other_option in ENV_SOURCES if other_option == option and other != variable]
    if others:
        assert resolve_credentials({}, {variable: "", others[0]: "next"}).options == {option: "next"}


def test_none_is_unset_not_explicit():
    resolved = resolve_credentials({name: None for name in CREDENTIAL_OPTIONS}, {"VOXIMPLANT_TOKEN": "env-token"})
    assert resolved.options["token"] == "env-token"
    assert resolved.from_environment == {"token"}


def test_first_found_variable_per_option_only():
    assert credentials_from_environment({
        "VOXIMPLANT_CREDENTIALS": "/official.json",
        "ANSIBLE_VOXIMPLANT_CREDENTIALS_FILE": "/ansible.json",
        "VOXIMPLANT_TOKEN": "tok",
        "UNRELATED": "x",
    }) == {"credentials_file": "/ansible.json", "token": "tok"}


def test_the_input_is_not_changed():
    options = {"api_url": "https://x.example"}
    resolve_credentials(options, {"VOXIMPLANT_TOKEN": "t"})
    assert options == {"api_url": "https://x.example"}


def test_environment_secrets_are_the_no_log_values_from_the_environment():
    resolved = resolve_credentials({}, {"VOXIMPLANT_TOKEN": "env-token", "ANSIBLE_VOXIMPLANT_API_KEY": "env-key",
                                        "VOXIMPLANT_CREDENTIALS": "/path/is/not/secret.json"})
    assert resolved.environment_secrets == {"env-token", "env-key"}
    assert resolved.from_environment == {"token", "api_key", "credentials_file"}


# --- with build_authenticator: explicit beats any environment credential, each group keeps its order ----------


def _which(options):
    """The way that authenticates: the key ids tell the inline key from the key file."""
    auth = build_authenticator(options)
    if isinstance(auth, ServiceAccountSigner):
        return {"inline-key": "credentials", "file-key": "credentials_file"}[jwt.get_unverified_header(auth.current_token())["kid"]]
    return {StaticToken: "token", LegacyApiKey: "api_key"}[type(auth)]


@pytest.fixture
def explicit_sources(service_account, tmp_path):
    key_file = tmp_path / "file-key.json"
    key_file.write_text(json.dumps(dict(service_account, key_id="file-key")), encoding="utf-8")
    return {
        "token": {"token": "explicit-token"},
        "credentials": {"credentials": dict(service_account, key_id="inline-key")},
        "api_key": {"api_key": "explicit-key", "account_id": 7},
        "credentials_file": {"credentials_file": str(key_file)},
    }


@pytest.fixture
def environments(explicit_sources):
    return {
        "token": {"VOXIMPLANT_TOKEN": "env-token"},
        "api_key": {"ANSIBLE_VOXIMPLANT_API_KEY": "env-key"},
        "credentials_file": {"VOXIMPLANT_CREDENTIALS": explicit_sources["credentials_file"]["credentials_file"]},
    }


@pytest.mark.parametrize("explicit", CREDENTIAL_OPTIONS)
@pytest.mark.parametrize("from_env", ("token", "api_key", "credentials_file"))
def test_every_explicit_source_beats_every_environment_source(explicit, from_env, explicit_sources, environments):
    options = dict(explicit_sources[explicit])
    resolved = resolve_credentials(options, environments[from_env])
    assert resolved.options == options
    assert _which(resolved.options) == explicit


@pytest.mark.parametrize("higher, lower", list(itertools.combinations(CREDENTIAL_OPTIONS, 2)))
def test_among_explicit_ones_token_credentials_api_key_credentials_file(higher, lower, explicit_sources):
    options = dict(explicit_sources[lower], **explicit_sources[higher])
    assert _which(resolve_credentials(options, {}).options) == higher


@pytest.mark.parametrize("higher, lower", list(itertools.combinations(("token", "api_key", "credentials_file"), 2)))
def test_among_environment_ones_the_same_order(higher, lower, environments):
    options = resolve_credentials({"account_id": 9}, dict(environments[lower], **environments[higher])).options
    assert _which(options) == higher
