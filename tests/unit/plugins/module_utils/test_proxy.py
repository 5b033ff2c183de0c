# -*- coding: utf-8 -*-
# Copyright (c) 2026, voximplant.management contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""_proxy: proxy_url validation, the proxy requests really picks (environment included), secrets."""

from __future__ import annotations

import pytest
import requests

from ansible_collections.voximplant.management.plugins.module_utils._connection import build_settings
from ansible_collections.voximplant.management.plugins.module_utils._errors import VoximplantValidationError

API = "https://api.example.test/platform_api/GetSipRegistrations"
LOOPBACK_API = "http://127.0.0.1:8080/platform_api/GetSipRegistrations"
ENV_PROXY = "http://env-proxy.example.test:3128"
PROXY_ENV_NAMES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY", "http_proxy", "https_proxy", "all_proxy", "no_proxy")


@pytest.fixture(autouse=True)
def _no_proxy_env(monkeypatch):
    for name in PROXY_ENV_NAMES:
        monkeypatch.delenv(name, raising=False)


def _proxy_requests_picks(url, **options):
    """The proxy a real requests.Session would use for `url`, given the settings' per-request proxies.

    The same steps as Session.request/send: merge the environment into the request's proxies, then select.
    """
    settings, _warnings = build_settings(dict(api_url=url.rsplit("/", 1)[0], **options))
    session = requests.Session()
    merged = session.merge_environment_settings(url, settings.proxy.request_proxies() or {}, None, None, None)
    return requests.utils.select_proxy(url, merged["proxies"])


# --- which proxy ----------------------------------------------------------------------------------


def test_no_proxy_anywhere_is_direct():
    assert _proxy_requests_picks(API) is None


@pytest.mark.parametrize("name", ["HTTPS_PROXY", "https_proxy", "ALL_PROXY"])
def test_environment_proxy_is_used_by_default(monkeypatch, name):
    monkeypatch.setenv(name, ENV_PROXY)
    assert _proxy_requests_picks(API) == ENV_PROXY


def test_loopback_is_not_exempt_unless_no_proxy_says_so(monkeypatch):
    monkeypatch.setenv("HTTP_PROXY", ENV_PROXY)
    assert _proxy_requests_picks(LOOPBACK_API) == ENV_PROXY
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    assert _proxy_requests_picks(LOOPBACK_API) is None


def test_no_proxy_exempts_the_api_host(monkeypatch):
    monkeypatch.setenv("HTTPS_PROXY", ENV_PROXY)
    monkeypatch.setenv("NO_PROXY", "other.example,.example.test")
    assert _proxy_requests_picks(API) is None


@pytest.mark.parametrize("name", ["HTTPS_PROXY", "ALL_PROXY", "all_proxy"])
def test_use_proxy_false_ignores_the_environment(monkeypatch, name):
    monkeypatch.setenv(name, ENV_PROXY)
    assert _proxy_requests_picks(API, use_proxy=False) is None
    assert _proxy_requests_picks(API, use_proxy="false") is None


@pytest.mark.parametrize("use_proxy", [True, False])
def test_proxy_url_wins_over_the_environment_and_no_proxy(monkeypatch, use_proxy):
    monkeypatch.setenv("HTTPS_PROXY", ENV_PROXY)
    monkeypatch.setenv("NO_PROXY", "*")
    chosen = "http://explicit.example.test:8080"
    assert _proxy_requests_picks(API, proxy_url=chosen, use_proxy=use_proxy) == chosen
    assert _proxy_requests_picks(LOOPBACK_API, proxy_url=chosen + "/", use_proxy=use_proxy) == chosen


def test_use_proxy_false_keeps_the_other_environment_settings(monkeypatch, tmp_path):
    bundle = tmp_path / "ca.pem"
    bundle.write_text("not read here", encoding="utf-8")
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(bundle))
    settings, _warnings = build_settings({"use_proxy": False})
    merged = requests.Session().merge_environment_settings(API, settings.proxy.request_proxies(), None, settings.verify, None)
    assert merged["verify"] == str(bundle)


# --- validation -----------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["http://proxy.example:3128", "https://proxy.example", "http://u:p%40ss@10.0.0.1:8080/", "http://[::1]:3128"])
def test_valid_proxy_urls(url):
    settings, _warnings = build_settings({"proxy_url": url})
    assert settings.proxy.url == url.rstrip("/")


@pytest.mark.parametrize("url, problem", [
    ("socks5://proxy.example:1080", "http:// or https://"),
    ("proxy.example:3128", "http:// or https://"),
    ("http://", "host name"),
    ("http://proxy.example:3128/path", "path"),
    ("http://proxy.example:3128/?x=1", "query"),
    ("http://proxy.example:3128#frag", "fragment"),
    ("http://proxy.example:99999", "not a valid URL"),
    ("http://pro xy.example:3128", "white space"),
    ("", "must not be empty"),
])
def test_invalid_proxy_urls_are_refused_before_any_request(url, problem):
    with pytest.raises(VoximplantValidationError) as info:
        build_settings({"proxy_url": url})
    assert info.value.option == "proxy_url"
    assert problem in str(info.value)


@pytest.mark.parametrize("url", ["socks5://user:S3cr3t-Pw@proxy.example", "http://user:S3cr3t-Pw@proxy.example/junk",
                                 "http://user:S3cr3t-Pw@proxy.example:notaport"])
def test_refusals_never_echo_the_proxy_password(url):
    with pytest.raises(VoximplantValidationError) as info:
        build_settings({"proxy_url": url})
    assert "S3cr3t-Pw" not in str(info.value)


def test_misspelt_use_proxy_is_refused():
    with pytest.raises(VoximplantValidationError) as info:
        build_settings({"use_proxy": "ture"})
    assert info.value.option == "use_proxy"


def test_secrets_are_the_password_in_both_encodings():
    settings, _warnings = build_settings({"proxy_url": "http://alice:p%40ss%2Fw0rd@proxy.example:3128"})
    assert set(settings.proxy.secrets()) == {"p%40ss%2Fw0rd", "p@ss/w0rd"}
    settings, _warnings = build_settings({"proxy_url": "http://proxy.example:3128"})
    assert settings.proxy.secrets() == ()
