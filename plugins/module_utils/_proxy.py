# -*- coding: utf-8 -*-
# Copyright (c) 2026, voximplant.management contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Which HTTP proxy the API requests go through. PRIVATE: not a public API of the collection.

requests reads HTTP_PROXY, HTTPS_PROXY, ALL_PROXY and NO_PROXY itself (Session.trust_env), and it
does not exempt loopback hosts unless NO_PROXY names them. An explicit proxy_url is passed with each
request: requests lets the environment override a session-level proxy, never a per-request one.
use_proxy=false passes None for every scheme, which stops only the environment's proxies; turning
trust_env off would also drop REQUESTS_CA_BUNDLE and ~/.netrc, which users do not expect from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, Optional, Tuple
from urllib.parse import unquote, urlsplit

from ansible_collections.voximplant.management.plugins.module_utils._errors import VoximplantValidationError
from ansible_collections.voximplant.management.plugins.module_utils._coerce import to_text

PROXY_SCHEMES = ("http", "https")
# The keys requests consults for a proxy of an http(s) URL, besides host-specific ones it never gets from us.
_REQUESTS_PROXY_KEYS = ("http", "https", "all")


@dataclass(frozen=True)
class ProxySettings:
    url: Optional[str] = None
    use_environment: bool = True

    def request_proxies(self) -> Optional[Dict[str, Optional[str]]]:
        """The `proxies` argument of each request; None leaves the choice to the environment."""
        if self.url:
            return {"http": self.url, "https": self.url}
        if not self.use_environment:
            return dict.fromkeys(_REQUESTS_PROXY_KEYS)
        return None

    def secrets(self) -> Tuple[str, ...]:
        """The proxy password in every form it may appear in (for masking)."""
        return proxy_url_secrets(self.url)


def proxy_url_secrets(url: Optional[str]) -> Tuple[str, ...]:
    if not url:
        return ()
    try:
        password = urlsplit(url).password
    except ValueError:
        return ()
    if not password:
        return ()
    return tuple(dict.fromkeys((password, unquote(password))))


def build_proxy(proxy_url: Any, use_proxy: bool) -> ProxySettings:
    url = _check_proxy_url(to_text("proxy_url", proxy_url)) if proxy_url is not None else None
    return ProxySettings(url=url, use_environment=use_proxy)


def _check_proxy_url(url: str) -> str:
    # No message echoes the URL: it may carry the proxy's password.
    example = "http://proxy.example.net:3128"
    try:
        parts = urlsplit(url)
        hostname, _port = parts.hostname, parts.port  # both raise ValueError on a malformed authority
    except ValueError:
        raise VoximplantValidationError("proxy_url", f"is not a valid URL; expected one such as {example}") from None
    if parts.scheme not in PROXY_SCHEMES or not hostname:
        raise VoximplantValidationError("proxy_url", f"is not an http:// or https:// URL with a host name; expected one such as {example}")
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        raise VoximplantValidationError("proxy_url", "must not have a path, a query or a fragment: only scheme, optional user:password@, host and port")
    if any(char.isspace() for char in url):
        raise VoximplantValidationError("proxy_url", "must not contain white space")
    return url.rstrip("/")
