# -*- coding: utf-8 -*-
# Copyright (c) 2026, voximplant.management contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""_auth: JWT signing and reuse, precedence, legacy api_key, credential errors that leak nothing."""

from __future__ import annotations

import json

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from ansible_collections.voximplant.management.plugins.module_utils import _auth
from ansible_collections.voximplant.management.plugins.module_utils._auth import (
    LegacyApiKey,
    ServiceAccountSigner,
    StaticToken,
    build_authenticator,
)
from ansible_collections.voximplant.management.plugins.module_utils._errors import VoximplantCredentialsError, VoximplantValidationError


NOW = 1_790_000_000.0


class Clock:
    def __init__(self, now=NOW):
        self.now = now

    def __call__(self):
        return self.now


@pytest.fixture(params=["file", "dict", "json"])
def key_options(request, service_account, credentials_file):
    """The same service-account key given each supported way."""
    if request.param == "file":
        return {"credentials_file": credentials_file}
    if request.param == "dict":
        return {"credentials": dict(service_account)}
    return {"credentials": json.dumps(service_account)}


def _pem_fragments(pem):
    """Lines of the key body: none of them may appear in a message."""
    return [line for line in pem.splitlines() if line and not line.startswith("-----")][1:4]


# --- JWT ----------------------------------------------------------------------------------------


def test_jwt_claims(key_options, service_account, rsa_key, jwt_decoder):
    clock = Clock()
    auth = build_authenticator(key_options, clock=clock)
    headers, form = {}, {}
    auth.apply(headers, form)
    assert form == {}
    scheme, _sep, token = headers["Authorization"].partition(" ")
    assert scheme == "Bearer"
    header, claims = jwt_decoder(token, rsa_key.public_key())
    assert header["alg"] == "RS256"
    assert header["kid"] == service_account["key_id"]
    assert claims["iss"] == service_account["account_id"] and isinstance(claims["iss"], int) and not isinstance(claims["iss"], bool)
    assert claims["iat"] == NOW - 5
    assert claims["iat"] < claims["exp"]
    assert claims["exp"] - claims["iat"] <= 3600
    assert claims["exp"] > NOW


def test_jwt_iat_with_a_fractional_clock(credentials_file, rsa_key, jwt_decoder):
    clock = Clock(NOW + 0.75)
    _header, claims = jwt_decoder(build_authenticator({"credentials_file": credentials_file}, clock=clock).current_token(),
                                  rsa_key.public_key())
    assert NOW + 0.75 - 6 < claims["iat"] <= NOW + 0.75 - 5


def test_account_id_overrides_iss(key_options, rsa_key, jwt_decoder):
    auth = build_authenticator(dict(key_options, account_id="777"), clock=Clock())
    _header, claims = jwt_decoder(auth.current_token(), rsa_key.public_key())
    assert claims["iss"] == 777


def test_token_reused_while_valid_and_resigned_before_expiry(credentials_file, rsa_key, jwt_decoder):
    clock = Clock()
    auth = build_authenticator({"credentials_file": credentials_file}, clock=clock)
    first = auth.current_token()
    _header, claims = jwt_decoder(first, rsa_key.public_key())
    headers = {}
    auth.apply(headers, {})
    assert headers["Authorization"] == f"Bearer {first}"
    assert auth.current_token() == first
    assert auth.tokens_signed == 1

    refresh_at = claims["exp"] - _auth.TOKEN_REFRESH_MARGIN_SECONDS
    assert NOW < refresh_at < claims["exp"]  # re-signed before it expires, not at once
    clock.now = refresh_at - 1
    assert auth.current_token() == first
    assert auth.tokens_signed == 1

    clock.now = refresh_at
    second = auth.current_token()
    assert second != first
    assert auth.tokens_signed == 2
    _header, new_claims = jwt_decoder(second, rsa_key.public_key())
    assert new_claims["iat"] == refresh_at - 5
    assert auth.current_token() == second and auth.tokens_signed == 2


# --- precedence ---------------------------------------------------------------------------------


@pytest.fixture
def all_sources(tmp_path, service_account):
    """Every way to authenticate at once; the inline key and the file key differ by key_id."""
    file_key = dict(service_account, key_id="from-file")
    path = tmp_path / "file.json"
    path.write_text(json.dumps(file_key), encoding="utf-8")
    return {
        "token": "static-token-value",
        "credentials": dict(service_account, key_id="from-inline"),
        "api_key": "legacy-api-key-value",
        "account_id": 99,
        "credentials_file": str(path),
    }


def test_precedence(all_sources):
    options = dict(all_sources)
    auth = build_authenticator(options)
    assert isinstance(auth, StaticToken)
    headers = {}
    auth.apply(headers, {})
    assert headers["Authorization"] == "Bearer static-token-value"

    del options["token"]
    auth = build_authenticator(options)
    assert isinstance(auth, ServiceAccountSigner) and auth.key_id == "from-inline"
    assert auth.issuer == 99  # account_id overrides the key's own account

    del options["credentials"]
    auth = build_authenticator(options)
    assert isinstance(auth, LegacyApiKey)

    del options["api_key"]
    auth = build_authenticator(options)
    assert isinstance(auth, ServiceAccountSigner) and auth.key_id == "from-file"


def test_none_values_are_unset(all_sources):
    options = dict(all_sources, token=None, credentials=None, api_key=None)
    auth = build_authenticator(options)
    assert isinstance(auth, ServiceAccountSigner) and auth.key_id == "from-file"


def test_static_token_is_stripped():
    headers = {}
    build_authenticator({"token": "  abc.def.ghi \n"}).apply(headers, {})
    assert headers == {"Authorization": "Bearer abc.def.ghi"}


@pytest.mark.parametrize("value", ["", "   ", 5])
def test_static_token_must_be_a_non_empty_string(value):
    with pytest.raises(VoximplantCredentialsError) as info:
        build_authenticator({"token": value})
    assert info.value.option == "token"


# --- legacy api_key -----------------------------------------------------------------------------


def test_legacy_api_key_goes_in_the_form():
    auth = build_authenticator({"api_key": "k-123", "account_id": "55"})
    headers, form = {"User-Agent": "x"}, {"offset": "0"}
    auth.apply(headers, form)
    assert form == {"offset": "0", "account_id": "55", "api_key": "k-123"}
    assert "Authorization" not in headers


def test_legacy_api_key_needs_account_id():
    with pytest.raises(VoximplantCredentialsError) as info:
        build_authenticator({"api_key": "k-123"})
    assert info.value.option == "account_id"
    assert "api_key" in info.value.problem


@pytest.mark.parametrize("value", [0, "abc", True])
def test_account_id_validated(value):
    with pytest.raises(VoximplantValidationError) as info:
        build_authenticator({"api_key": "k", "account_id": value})
    assert info.value.option == "account_id"


# --- credentials errors -------------------------------------------------------------------------


def _credentials_error(options):
    with pytest.raises(VoximplantCredentialsError) as info:
        build_authenticator(options)
    return info.value


def test_no_credentials_at_all():
    error = _credentials_error({"account_id": None, "token": None})
    assert error.option == "credentials_file"
    assert "credentials_file" in error.problem and "VOXIMPLANT_CREDENTIALS" in error.problem


def test_credentials_file_missing(tmp_path):
    missing = tmp_path / "absent.json"
    error = _credentials_error({"credentials_file": str(missing)})
    assert error.option == "credentials_file"
    assert str(missing) in error.problem and "does not exist" in error.problem


def test_credentials_file_is_a_directory(tmp_path):
    error = _credentials_error({"credentials_file": str(tmp_path)})
    assert error.option == "credentials_file" and "cannot be read" in error.problem


def _write(tmp_path, text):
    path = tmp_path / "credentials.json"
    path.write_text(text, encoding="utf-8")
    return str(path)


def _assert_leaks_nothing(error, *texts):
    message = str(error) + repr(error) + json.dumps(error.details())
    for text in texts:
        assert text not in message


def test_credentials_file_not_json(tmp_path, rsa_pem):
    content = "private_key = " + rsa_pem
    error = _credentials_error({"credentials_file": _write(tmp_path, content)})
    assert error.option == "credentials_file" and "not a JSON" in error.problem
    _assert_leaks_nothing(error, *_pem_fragments(rsa_pem))


def test_credentials_file_not_utf8(tmp_path):
    path = tmp_path / "credentials.json"
    path.write_bytes(b"\xff\xfe{}")
    error = _credentials_error({"credentials_file": str(path)})
    assert error.option == "credentials_file" and "not a JSON" in error.problem


def test_credentials_file_json_array(tmp_path, service_account):
    content = json.dumps([service_account])
    error = _credentials_error({"credentials_file": _write(tmp_path, content)})
    assert error.option == "credentials_file" and "not a JSON object" in error.problem
    _assert_leaks_nothing(error, *_pem_fragments(service_account["private_key"]), service_account["key_id"])


@pytest.mark.parametrize("field", ["private_key", "key_id", "account_id"])
@pytest.mark.parametrize("how", ["absent", "empty"])
def test_credentials_file_lacks_a_field(tmp_path, service_account, field, how):
    content = dict(service_account)
    if how == "absent":
        del content[field]
    else:
        content[field] = ""
    error = _credentials_error({"credentials_file": _write(tmp_path, json.dumps(content))})
    assert error.option == "credentials_file"
    assert repr(field) in error.problem
    _assert_leaks_nothing(error, *_pem_fragments(service_account["private_key"]))


@pytest.mark.parametrize("private_key", [
    "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC-not-a-pem",
    "-----BEGIN PRIVATE KEY-----\nQUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo=\n-----END PRIVATE KEY-----\n",
    12345,
])
def test_credentials_file_key_not_pem(tmp_path, service_account, private_key):
    content = dict(service_account, private_key=private_key)
    error = _credentials_error({"credentials_file": _write(tmp_path, json.dumps(content))})
    assert error.option == "credentials_file"
    assert "private_key" in error.problem and "PEM" in error.problem
    _assert_leaks_nothing(error, "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSj", "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo")


def test_credentials_file_ec_key(tmp_path, service_account):
    ec_pem = ec.generate_private_key(ec.SECP256R1()).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()).decode("ascii")
    content = dict(service_account, private_key=ec_pem)
    error = _credentials_error({"credentials_file": _write(tmp_path, json.dumps(content))})
    assert error.option == "credentials_file" and "RSA" in error.problem
    _assert_leaks_nothing(error, *_pem_fragments(ec_pem))


def test_credentials_file_encrypted_key(tmp_path, service_account, rsa_key):
    encrypted = rsa_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                      serialization.BestAvailableEncryption(b"passphrase")).decode("ascii")
    content = dict(service_account, private_key=encrypted)
    error = _credentials_error({"credentials_file": _write(tmp_path, json.dumps(content))})
    assert error.option == "credentials_file" and "encrypted" in error.problem
    _assert_leaks_nothing(error, *_pem_fragments(encrypted))


@pytest.mark.parametrize("field,value,problem", [
    ("account_id", "abc", "account_id"),
    ("account_id", 0, "account_id"),
    ("key_id", 17, "key_id"),
])
def test_credentials_file_bad_field_types(tmp_path, service_account, field, value, problem):
    content = dict(service_account, **{field: value})
    error = _credentials_error({"credentials_file": _write(tmp_path, json.dumps(content))})
    assert error.option == "credentials_file" and problem in error.problem
    _assert_leaks_nothing(error, *_pem_fragments(service_account["private_key"]))


def test_inline_credentials_errors_name_credentials(service_account):
    pem = service_account["private_key"]
    not_json = "{'private_key': '%s'" % pem
    for value, problem in [(not_json, "not valid JSON"), (json.dumps([1, 2]), "not a JSON object"), (42, "dict or a JSON string"),
                           (dict(service_account, private_key=""), "'private_key'")]:
        error = _credentials_error({"credentials": value})
        assert error.option == "credentials"
        assert problem in error.problem
        _assert_leaks_nothing(error, *_pem_fragments(pem))


def test_credentials_file_path_is_expanded(tmp_path, monkeypatch, service_account):
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / "key.json").write_text(json.dumps(service_account), encoding="utf-8")
    auth = build_authenticator({"credentials_file": "~/key.json"})
    assert isinstance(auth, ServiceAccountSigner) and auth.issuer == service_account["account_id"]


# --- reprs --------------------------------------------------------------------------------------


def test_reprs_contain_no_secret(service_account):
    signer = build_authenticator({"credentials": service_account}, clock=Clock())
    token = signer.current_token()
    authenticators = [
        (build_authenticator({"token": "tok-SECRET-123"}), ["tok-SECRET-123"]),
        (build_authenticator({"api_key": "key-SECRET-456", "account_id": 1}), ["key-SECRET-456"]),
        (signer, [token] + _pem_fragments(service_account["private_key"])),
    ]
    for auth, secrets in authenticators:
        text = repr(auth) + str(auth)
        for secret in secrets:
            assert secret not in text


# --- credentials from the environment rank below every explicit one ------------------------------


def _resolved(options, environ):
    # The faces' path: the environment is applied by _credentials.resolve_credentials, never by build_authenticator.
    from ansible_collections.voximplant.management.plugins.module_utils._credentials import resolve_credentials

    return resolve_credentials(options, environ).options


def test_environment_token_does_not_override_an_explicit_key_file(credentials_file):
    auth = build_authenticator(_resolved({"credentials_file": credentials_file}, {"VOXIMPLANT_TOKEN": "env-token"}))
    assert isinstance(auth, ServiceAccountSigner)


def test_environment_key_file_does_not_override_an_explicit_api_key(credentials_file):
    auth = build_authenticator(_resolved({"api_key": "k-1", "account_id": 5}, {"VOXIMPLANT_CREDENTIALS": credentials_file}))
    assert isinstance(auth, LegacyApiKey)


def test_environment_credentials_apply_when_none_is_explicit(credentials_file):
    assert isinstance(build_authenticator(_resolved({}, {"VOXIMPLANT_TOKEN": "env-token"})), StaticToken)
    assert isinstance(build_authenticator(_resolved({}, {"VOXIMPLANT_CREDENTIALS": credentials_file})), ServiceAccountSigner)


def test_environment_credentials_keep_their_own_precedence(credentials_file):
    auth = build_authenticator(_resolved({}, {"VOXIMPLANT_TOKEN": "env-token", "VOXIMPLANT_CREDENTIALS": credentials_file}))
    headers = {}
    auth.apply(headers, {})
    assert headers["Authorization"] == "Bearer env-token"


# --- key size -------------------------------------------------------------------------------------


@pytest.mark.parametrize("bits", [1024, 2047])
@pytest.mark.parametrize("form", ["file", "dict"])
def test_rsa_keys_under_2048_bits_are_refused(bits, form, service_account, tmp_path):
    from cryptography.hazmat.primitives.asymmetric import rsa

    weak = rsa.generate_private_key(public_exponent=65537, key_size=bits).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()).decode("ascii")
    content = dict(service_account, private_key=weak)
    if form == "file":
        path = tmp_path / "weak.json"
        path.write_text(json.dumps(content), encoding="utf-8")
        options, option = {"credentials_file": str(path)}, "credentials_file"
    else:
        options, option = {"credentials": content}, "credentials"
    with pytest.raises(VoximplantCredentialsError) as info:
        build_authenticator(options)
    assert info.value.option == option
    assert f"is a {bits}-bit RSA key; at least 2048 bits are required" in str(info.value)
    assert weak not in str(info.value)


def test_a_2048_bit_key_is_accepted(service_account):
    assert build_authenticator({"credentials": service_account}).current_token().count(".") == 2
