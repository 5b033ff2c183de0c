# -*- coding: utf-8 -*-
# Copyright (c) 2026, voximplant.management contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Credentials and request signing. PRIVATE: not a public API of the collection.

Secrets live only in these objects; their reprs and every message raised here leave them out.
"""

from __future__ import annotations

import json
import os
import threading
import time
from typing import Any, Callable, Dict, Mapping, Optional

from ansible_collections.voximplant.management.plugins.module_utils import _deps
from ansible_collections.voximplant.management.plugins.module_utils._errors import VoximplantCredentialsError, VoximplantValidationError
from ansible_collections.voximplant.management.plugins.module_utils._key_file import read_key_file
from ansible_collections.voximplant.management.plugins.module_utils._coerce import to_int, to_text

# The API refuses tokens living longer than an hour (error 454); a short life limits a leaked token.
TOKEN_LIFETIME_SECONDS = 300
# Re-sign this long before expiry, so a token never expires between signing and the server's check.
TOKEN_REFRESH_MARGIN_SECONDS = 60
# Back-date iat like the official clients, so a server clock slightly behind ours accepts it (error 455).
CLOCK_SKEW_ALLOWANCE_SECONDS = 5
# Shorter RSA keys can be factored with public means (NIST SP 800-131A disallows them for signatures).
MIN_RSA_KEY_BITS = 2048


class Authenticator:
    """Adds credentials to one request: headers and/or form fields."""

    kind = "none"

    def apply(self, headers: Dict[str, str], form: Dict[str, str]) -> None:
        raise NotImplementedError

    def secrets(self) -> tuple:
        """Every secret string this authenticator may put on the wire (for redaction)."""
        return ()

    def __repr__(self) -> str:
        return f"<{type(self).__name__}>"


class StaticToken(Authenticator):
    kind = "token"

    def __init__(self, token: str) -> None:
        self._token = token

    def apply(self, headers: Dict[str, str], form: Dict[str, str]) -> None:
        headers["Authorization"] = f"Bearer {self._token}"

    def secrets(self) -> tuple:
        return (self._token,)


class LegacyApiKey(Authenticator):
    kind = "api_key"

    def __init__(self, account_id: int, api_key: str) -> None:
        self._account_id = account_id
        self._api_key = api_key

    def apply(self, headers: Dict[str, str], form: Dict[str, str]) -> None:
        form["account_id"] = str(self._account_id)
        form["api_key"] = self._api_key

    def secrets(self) -> tuple:
        return (self._api_key,)


class ServiceAccountSigner(Authenticator):
    """Signs RS256 JWTs with a service-account key and reuses each token while it stays valid."""

    kind = "service_account"

    def __init__(self, private_key: Any, key_id: str, issuer: int, clock: Callable[[], float] = time.time) -> None:
        self._private_key = private_key
        self.key_id = key_id
        self.issuer = issuer
        self._clock = clock
        self._lock = threading.Lock()
        self._token: Optional[str] = None
        self._expires = 0.0
        self.tokens_signed = 0

    def current_token(self) -> str:
        with self._lock:
            now = self._clock()
            if self._token is None or now >= self._expires - TOKEN_REFRESH_MARGIN_SECONDS:
                issued = int(now) - CLOCK_SKEW_ALLOWANCE_SECONDS
                expires = issued + TOKEN_LIFETIME_SECONDS
                claims = {"iss": self.issuer, "iat": issued, "exp": expires}
                # Signed as raw JWS: jwt.encode() insists on a string `iss`, the API's is the numeric account id.
                payload = json.dumps(claims, separators=(",", ":")).encode("utf-8")
                self._token = _deps.jwt.api_jws.encode(payload, self._private_key, algorithm="RS256", headers={"kid": self.key_id, "typ": "JWT"})
                self._expires = float(expires)
                self.tokens_signed += 1
            return self._token

    def apply(self, headers: Dict[str, str], form: Dict[str, str]) -> None:
        headers["Authorization"] = f"Bearer {self.current_token()}"

    def secrets(self) -> tuple:
        return (self._token,) if self._token else ()


def build_authenticator(options: Mapping[str, Any], clock: Callable[[], float] = time.time) -> Authenticator:
    """Pick the credentials by precedence: token > credentials > api_key > credentials_file.

    `options` are resolved (_credentials.resolve_credentials): environment credentials are already in them or not.
    """
    account_id = to_int("account_id", options["account_id"], minimum=1) if options.get("account_id") is not None else None
    if options.get("token") is not None:
        return StaticToken(_secret_text("token", options["token"]))
    if options.get("credentials") is not None:
        return _signer_from(_parse_inline(options["credentials"]), "credentials", account_id, clock)
    if options.get("api_key") is not None:
        if account_id is None:
            raise VoximplantCredentialsError("account_id", "is required with api_key (legacy authentication)")
        return LegacyApiKey(account_id, _secret_text("api_key", options["api_key"]))
    if options.get("credentials_file") is not None:
        return _signer_from(_read_file(options["credentials_file"]), "credentials_file", account_id, clock)
    raise VoximplantCredentialsError(
        "credentials_file",
        "no credentials given: set credentials_file (or the VOXIMPLANT_CREDENTIALS environment variable), "
        "credentials, token, or account_id with api_key",
    )


def _secret_text(option: str, value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise VoximplantCredentialsError(option, "must be a non-empty string")
    return value.strip()


def _read_file(path_value: Any) -> Dict[str, Any]:
    path = os.path.expanduser(to_text("credentials_file", path_value))
    raw = read_key_file(path)
    try:
        content = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        # json's messages name a position, never the content.
        position = f" ({exc.msg} at line {exc.lineno} column {exc.colno})" if isinstance(exc, json.JSONDecodeError) else ""
        raise VoximplantCredentialsError("credentials_file", f"'{path}' is not a JSON service-account key{position}") from None
    return _require_object("credentials_file", content, f"'{path}'")


def _parse_inline(value: Any) -> Dict[str, Any]:
    if isinstance(value, Mapping):
        return dict(value)
    if isinstance(value, str):
        try:
            content = json.loads(value)
        except ValueError:
            raise VoximplantCredentialsError("credentials", "is not valid JSON: give the content of credentials.json as a dict or a JSON string") from None
        return _require_object("credentials", content, "the value")
    raise VoximplantCredentialsError("credentials", "expected a dict or a JSON string with the content of credentials.json")


def _require_object(option: str, content: Any, what: str) -> Dict[str, Any]:
    if not isinstance(content, dict):
        raise VoximplantCredentialsError(option, f"{what} is not a JSON object with account_id, key_id and private_key")
    return content


def _signer_from(content: Dict[str, Any], option: str, account_override: Optional[int], clock: Callable[[], float]) -> ServiceAccountSigner:
    missing = [field for field in ("account_id", "key_id", "private_key") if content.get(field) in (None, "")]
    if missing:
        raise VoximplantCredentialsError(option, f"the service-account key lacks {', '.join(repr(field) for field in missing)}")
    try:
        key_account = to_int(option, content["account_id"], minimum=1)
    except VoximplantValidationError:
        raise VoximplantCredentialsError(option, "'account_id' in the service-account key is not a positive integer") from None
    key_id = content["key_id"]
    if not isinstance(key_id, str):
        raise VoximplantCredentialsError(option, "'key_id' in the service-account key is not a string")
    private_key = _load_rsa_key(option, content["private_key"])
    return ServiceAccountSigner(private_key, key_id, account_override or key_account, clock)


def _load_rsa_key(option: str, pem: Any) -> Any:
    if not isinstance(pem, str) or "-----BEGIN" not in pem:
        raise VoximplantCredentialsError(option, "'private_key' is not a PEM-encoded private key")
    try:
        key = _deps.serialization.load_pem_private_key(pem.encode("utf-8"), password=None)
    except TypeError:
        raise VoximplantCredentialsError(option, "'private_key' is encrypted; the service-account key must be unencrypted") from None
    except Exception:  # cryptography raises several types for malformed keys; none of their texts is needed
        raise VoximplantCredentialsError(option, "'private_key' is not a valid PEM private key") from None
    if not isinstance(key, _deps.rsa.RSAPrivateKey):
        raise VoximplantCredentialsError(option, "'private_key' is not an RSA key (RS256 needs RSA)")
    if key.key_size < MIN_RSA_KEY_BITS:
        raise VoximplantCredentialsError(option, f"'private_key' is a {key.key_size}-bit RSA key; at least {MIN_RSA_KEY_BITS} bits are required")
    return key
