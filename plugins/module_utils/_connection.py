# -*- coding: utf-8 -*-
# Copyright (c) 2026, voximplant.management contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The table of connection options and the validated settings. PRIVATE: not a public API of the collection.

CONNECTION_OPTIONS drives the module's argument spec (types, defaults, no_log, env fallbacks) and
the validation both plugins share. The lookup's env:/ini:/vars: sources are in the PLUGINS doc fragment;
a unit test keeps the two in step. Options with no_log get no ini: entry (ansible.cfg is no place for a secret).
The env names of CREDENTIAL_OPTIONS are read by _credentials.resolve_credentials alone (no env fallback, no env:).
"""

from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass
from typing import Any, Dict, Mapping, Optional, Tuple
from urllib.parse import urlsplit

from ansible_collections.voximplant.management.plugins.module_utils._errors import VoximplantValidationError
from ansible_collections.voximplant.management.plugins.module_utils._proxy import ProxySettings, build_proxy
from ansible_collections.voximplant.management.plugins.module_utils._coerce import to_bool, to_float, to_int, to_text

DEFAULT_API_URL = "https://api.voximplant.com/platform_api"


@dataclass(frozen=True)
class OptionSpec:
    name: str
    ansible_type: str
    default: Any = None
    no_log: bool = False
    # Module env fallbacks, first found wins; the tool-native name comes last.
    env: Tuple[str, ...] = ()
    minimum: Optional[float] = None
    maximum: Optional[float] = None


CONNECTION_OPTIONS: Tuple[OptionSpec, ...] = (
    OptionSpec("api_url", "str", DEFAULT_API_URL, env=("ANSIBLE_VOXIMPLANT_API_URL",)),
    OptionSpec("credentials_file", "path", env=("ANSIBLE_VOXIMPLANT_CREDENTIALS_FILE", "VOXIMPLANT_CREDENTIALS")),
    OptionSpec("credentials", "raw", no_log=True),
    # raw, not str: Ansible would turn a mistaken dict (a whole key) into a string and echo it; the core rejects it.
    OptionSpec("token", "raw", no_log=True, env=("ANSIBLE_VOXIMPLANT_TOKEN", "VOXIMPLANT_TOKEN")),
    OptionSpec("account_id", "int", env=("ANSIBLE_VOXIMPLANT_ACCOUNT_ID",), minimum=1),
    OptionSpec("api_key", "raw", no_log=True, env=("ANSIBLE_VOXIMPLANT_API_KEY",)),
    OptionSpec("validate_certs", "bool", True, env=("ANSIBLE_VOXIMPLANT_VALIDATE_CERTS",)),
    OptionSpec("ca_path", "path", env=("ANSIBLE_VOXIMPLANT_CA_PATH",)),
    OptionSpec("allow_insecure_http", "bool", False),
    OptionSpec("timeout", "float", 30.0, env=("ANSIBLE_VOXIMPLANT_TIMEOUT",), minimum=0.1, maximum=3600),
    OptionSpec("retries", "int", 5, env=("ANSIBLE_VOXIMPLANT_RETRIES",), minimum=0, maximum=20),
    OptionSpec("page_size", "int", 1000, minimum=1, maximum=10000),
    OptionSpec("concurrency", "int", 4, minimum=1, maximum=16),
    # The most records one listing may hold: a server serving new records forever fails instead of filling memory.
    OptionSpec("max_records", "int", 100000, env=("ANSIBLE_VOXIMPLANT_MAX_RECORDS",), minimum=1),
    # Not no_log: only the password in a proxy URL is secret, and the faces mask it (see _proxy.py).
    OptionSpec("proxy_url", "str"),
    OptionSpec("use_proxy", "bool", True),
)

CONNECTION_OPTION_NAMES: Tuple[str, ...] = tuple(spec.name for spec in CONNECTION_OPTIONS)

# The ways to authenticate, by precedence. Values from the environment count only when none is set
# explicitly (_credentials.py), so an exported VOXIMPLANT_TOKEN never overrides the credentials a task names.
CREDENTIAL_OPTIONS: Tuple[str, ...] = ("token", "credentials", "api_key", "credentials_file")
_DEFAULTS = {spec.name: spec.default for spec in CONNECTION_OPTIONS}


@dataclass(frozen=True)
class ConnectionSettings:
    api_url: str
    verify: Any  # True, False, or a CA bundle path: what requests takes
    timeout: float
    retries: int
    page_size: int
    concurrency: int
    allow_insecure_http: bool
    max_records: int
    proxy: ProxySettings = ProxySettings()

    @property
    def is_cleartext_to_remote(self) -> bool:
        parts = urlsplit(self.api_url)
        return parts.scheme == "http" and not _is_loopback(parts.hostname or "")


def connection_argument_spec(env_fallback: Any) -> Dict[str, Dict[str, Any]]:
    """Module argument spec; env_fallback is AnsibleModule's, passed in to keep this file import-light."""
    spec: Dict[str, Dict[str, Any]] = {}
    for item in CONNECTION_OPTIONS:
        entry: Dict[str, Any] = {"type": item.ansible_type, "no_log": item.no_log}
        if item.default is not None:
            entry["default"] = item.default
        if item.env and item.name not in CREDENTIAL_OPTIONS:
            entry["fallback"] = (env_fallback, list(item.env))
        spec[item.name] = entry
    return spec


def build_settings(options: Mapping[str, Any]) -> Tuple[ConnectionSettings, list]:
    """Validate the transport options; returns the settings and warnings for the user."""
    value = {name: options.get(name) if options.get(name) is not None else _DEFAULTS[name] for name in CONNECTION_OPTION_NAMES}
    warnings = []
    api_url = _check_url(to_text("api_url", value["api_url"]))
    validate_certs = to_bool("validate_certs", value["validate_certs"])
    verify: Any = validate_certs
    if value["ca_path"] is not None:
        ca_path = os.path.expanduser(to_text("ca_path", value["ca_path"]))
        if not os.path.isfile(ca_path):
            raise VoximplantValidationError("ca_path", f"CA bundle '{ca_path}' does not exist or is not a file")
        verify = ca_path if validate_certs else False
    if not validate_certs and api_url.startswith("https:"):
        warnings.append("validate_certs is false: the TLS certificate of the Voximplant API is not verified")
    limits = {spec.name: spec for spec in CONNECTION_OPTIONS}
    settings = ConnectionSettings(
        api_url=api_url,
        verify=verify,
        timeout=to_float("timeout", value["timeout"], limits["timeout"].minimum, limits["timeout"].maximum),
        retries=to_int("retries", value["retries"], limits["retries"].minimum, limits["retries"].maximum),
        page_size=to_int("page_size", value["page_size"], limits["page_size"].minimum, limits["page_size"].maximum),
        concurrency=to_int("concurrency", value["concurrency"], limits["concurrency"].minimum, limits["concurrency"].maximum),
        allow_insecure_http=to_bool("allow_insecure_http", value["allow_insecure_http"]),
        max_records=to_int("max_records", value["max_records"], limits["max_records"].minimum, limits["max_records"].maximum),
        proxy=build_proxy(value["proxy_url"], to_bool("use_proxy", value["use_proxy"])),
    )
    if settings.is_cleartext_to_remote and not settings.allow_insecure_http:
        raise VoximplantValidationError(
            "api_url",
            f"refusing to send credentials in clear text to the host '{urlsplit(api_url).hostname}' over http://; "
            "use https://, or set allow_insecure_http=true if you really mean it",
        )
    return settings, warnings


def _check_url(url: str) -> str:
    # No message here echoes the URL: a mistyped one may hold a password where userinfo is not recognised.
    try:
        parts = urlsplit(url)
        hostname, _port = parts.hostname, parts.port  # both raise ValueError on a malformed authority
    except ValueError:
        raise VoximplantValidationError("api_url", f"is not a valid URL; expected one such as {DEFAULT_API_URL}") from None
    if parts.username or parts.password or parts.query or parts.fragment:
        raise VoximplantValidationError("api_url", "must not carry credentials, a query or a fragment")
    if parts.scheme not in ("http", "https") or not hostname:
        raise VoximplantValidationError("api_url", f"is not an http(s) URL with a host name; expected one such as {DEFAULT_API_URL}")
    return url.rstrip("/")


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
