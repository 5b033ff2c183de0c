# -*- coding: utf-8 -*-
# Copyright (c) 2026, voximplant.management contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""_transport with a fake session: request shape, what is retried, backoff, Retry-After, deadline, safe messages."""

from __future__ import annotations

import email.utils
import random
import time

import pytest
import requests
import urllib3

from ansible_collections.voximplant.management.plugins.module_utils._auth import build_authenticator
from ansible_collections.voximplant.management.plugins.module_utils._connection import build_settings
from ansible_collections.voximplant.management.plugins.module_utils._errors import (
    VoximplantApiError,
    VoximplantCredentialsError,
    VoximplantTransportError,
    VoximplantValidationError,
)
from ansible_collections.voximplant.management.plugins.module_utils._transport import ApiTransport

API_URL = "https://api.example.test/platform_api"
METHOD = "GetSipRegistrations"
TOKEN = "eyJhbGciOiJSUzI1NiJ9.SECRET-TOKEN-PAYLOAD.SECRET-SIGNATURE"
API_KEY = "SECRET-API-KEY-0f9e8d7c"
OK_BODY = {"result": [{"sip_registration_id": 1}], "count": 1}

# Documented in the connection doc fragment (option retries): 0.5 s doubling up to 20 s, Retry-After up to 60 s,
# no wait starting more than 300 s after the listing began.
FIRST_BACKOFF, BACKOFF_CAP, RETRY_AFTER_CAP, DEADLINE = 0.5, 20.0, 60.0, 300.0


class Recorder:
    """Fake sleep + monotonic clock: sleeping advances the clock; `tick` advances it per request."""

    def __init__(self):
        self.now = 1000.0
        self.waits = []

    def sleep(self, seconds):
        self.waits.append(seconds)
        self.now += seconds

    def clock(self):
        return self.now


def _transport(session, retries=3, jitter=0.0, auth=None, recorder=None, **settings_options):
    settings, _warnings = build_settings(dict(api_url=API_URL, retries=retries, **settings_options))
    recorder = recorder or Recorder()
    authenticator = auth or build_authenticator({"token": TOKEN})
    jitter_source = jitter if callable(jitter) else (lambda: jitter)
    return ApiTransport(settings, authenticator, session=session, sleep=recorder.sleep, clock=recorder.clock,
                        jitter=jitter_source), recorder


def _api_error(fake_response, code, msg="something"):
    return fake_response(200, {"error": {"code": code, "msg": msg}})


# --- request shape ------------------------------------------------------------------------------


def test_request_shape(scripted_session, fake_response):
    session = scripted_session([fake_response(200, OK_BODY)])
    transport, recorder = _transport(session, timeout=12.5)
    params = {"successful": "true", "offset": "0", "count": "50"}
    assert transport.call(METHOD, dict(params)) == OK_BODY
    (call,) = session.calls
    assert call["url"] == f"{API_URL}/{METHOD}"
    assert call["data"] == params
    assert call["headers"]["Authorization"] == f"Bearer {TOKEN}"
    assert call["timeout"] == 12.5
    assert call["verify"] is True
    assert transport.requests_made == 1
    assert recorder.waits == []


def test_legacy_request_shape(scripted_session, fake_response):
    session = scripted_session([fake_response(200, OK_BODY)])
    transport, _recorder = _transport(session, auth=build_authenticator({"api_key": API_KEY, "account_id": 12}))
    transport.call(METHOD, {"offset": "0"})
    (call,) = session.calls
    assert call["data"] == {"offset": "0", "account_id": "12", "api_key": API_KEY}
    assert "Authorization" not in call["headers"]


def test_ca_bundle_is_passed_as_verify(scripted_session, fake_response, tmp_path):
    bundle = tmp_path / "ca.pem"
    bundle.write_text("x", encoding="ascii")
    session = scripted_session([fake_response(200, OK_BODY)])
    transport, _recorder = _transport(session, ca_path=str(bundle))
    transport.call(METHOD, {})
    assert session.calls[0]["verify"] == str(bundle)


def test_params_are_not_mutated(scripted_session, fake_response):
    session = scripted_session([fake_response(200, OK_BODY)])
    transport, _recorder = _transport(session, auth=build_authenticator({"api_key": API_KEY, "account_id": 12}))
    params = {"offset": "0"}
    transport.call(METHOD, params)
    assert params == {"offset": "0"}


def test_close_closes_the_session(scripted_session):
    session = scripted_session([])
    transport, _recorder = _transport(session)
    with transport:
        pass
    assert session.closed


# --- what is retried ----------------------------------------------------------------------------

HTML = "<html><body><h1>502 Bad Gateway</h1></body></html>"


def _retryable_outcomes(fake_response):
    return {
        "http-429": fake_response(429, text=""),
        "http-500-html": fake_response(500, text=HTML),
        "http-502-html": fake_response(502, text=HTML),
        "http-503-html": fake_response(503, text=HTML),
        "http-504-html": fake_response(504, text=HTML),
        "http-200-not-json": fake_response(200, text=HTML),
        "connection-error": requests.exceptions.ConnectionError("connection reset"),
        "read-timeout": requests.exceptions.ReadTimeout("read timed out"),
        "connect-timeout": requests.exceptions.ConnectTimeout("connect timed out"),
        "api-340": _api_error(fake_response, 340, "Rate limit exceeded"),
        "api-416": _api_error(fake_response, 416, "Repeat the request in 1 second"),
        "api-162": _api_error(fake_response, 162, "Try later"),
        "api-314": _api_error(fake_response, 314, "Concurrent resource limit"),
        "api-484": _api_error(fake_response, 484, "Probable resend"),
    }


RETRYABLE = ["http-429", "http-500-html", "http-502-html", "http-503-html", "http-504-html", "http-200-not-json",
             "connection-error", "read-timeout", "connect-timeout", "api-340", "api-416", "api-162", "api-314", "api-484"]


@pytest.mark.parametrize("kind", RETRYABLE)
def test_retried_then_succeeds(kind, scripted_session, fake_response):
    failure = _retryable_outcomes(fake_response)[kind]
    session = scripted_session([failure, failure, fake_response(200, OK_BODY)])
    transport, recorder = _transport(session, retries=2)
    assert transport.call(METHOD, {}) == OK_BODY
    assert len(session.calls) == 3
    assert len(recorder.waits) == 2
    assert transport.requests_made == 3


@pytest.mark.parametrize("retries", [0, 1, 4])
@pytest.mark.parametrize("kind", RETRYABLE)
def test_exhausted_retries(kind, retries, scripted_session, fake_response):
    failure = _retryable_outcomes(fake_response)[kind]
    session = scripted_session([failure])
    transport, recorder = _transport(session, retries=retries)
    with pytest.raises((VoximplantApiError, VoximplantTransportError)) as info:
        transport.call(METHOD, {})
    attempts = retries + 1
    assert len(session.calls) == attempts
    assert len(recorder.waits) == retries
    error = info.value
    message = str(error)
    assert error.attempts == attempts
    assert METHOD in message
    assert (f"{attempts} attempts" if attempts > 1 else "1 attempt") in message
    if kind.startswith("api-"):
        code = int(kind.split("-")[1])
        assert isinstance(error, VoximplantApiError) and error.code == code
        assert str(code) in message and failure.json()["error"]["msg"] in message
        assert error.details()["api_code"] == code
    elif kind.startswith("http-"):
        status = failure.status_code
        assert isinstance(error, VoximplantTransportError) and error.http_status == status
        assert f"HTTP {status}" in message
        assert error.details()["http_status"] == status
    else:
        assert isinstance(error, VoximplantTransportError) and error.http_status is None
        assert ("timeout" if "timeout" in kind else "connection") in message.lower()


NOT_RETRIED_API = [100, 101, 103, 104, 433, 447, 454, 455, 456, 458, 496]


@pytest.mark.parametrize("code", NOT_RETRIED_API)
def test_api_errors_not_retried(code, scripted_session, fake_response):
    session = scripted_session([_api_error(fake_response, code, f"Message of {code}"), fake_response(200, OK_BODY)])
    transport, recorder = _transport(session, retries=5)
    with pytest.raises(VoximplantApiError) as info:
        transport.call(METHOD, {})
    assert len(session.calls) == 1 and recorder.waits == []
    error = info.value
    assert (error.code, error.attempts, error.api_message) == (code, 1, f"Message of {code}")
    assert METHOD in str(error) and str(code) in str(error) and f"Message of {code}" in str(error)
    assert "1 attempt" in str(error)


@pytest.mark.parametrize("code", [455, 456])
def test_clock_errors_mention_the_clock(code, scripted_session, fake_response):
    session = scripted_session([_api_error(fake_response, code, "Token time claims refused")])
    transport, _recorder = _transport(session)
    with pytest.raises(VoximplantApiError) as info:
        transport.call(METHOD, {})
    assert "clock" in str(info.value).lower()


@pytest.mark.parametrize("code", [100, 101, 340])
def test_other_errors_do_not_mention_the_clock(code, scripted_session, fake_response):
    session = scripted_session([_api_error(fake_response, code)])
    transport, _recorder = _transport(session, retries=0)
    with pytest.raises(VoximplantApiError) as info:
        transport.call(METHOD, {})
    assert "clock" not in str(info.value).lower()


@pytest.mark.parametrize("status", [400, 401, 403, 404])
def test_http_client_errors_not_retried(status, scripted_session, fake_response):
    session = scripted_session([fake_response(status, text="<html>nope</html>"), fake_response(200, OK_BODY)])
    transport, recorder = _transport(session, retries=5)
    with pytest.raises(VoximplantTransportError) as info:
        transport.call(METHOD, {})
    assert len(session.calls) == 1 and recorder.waits == []
    assert info.value.http_status == status and f"HTTP {status}" in str(info.value)
    assert f"{API_URL}/{METHOD}" in str(info.value)


def test_tls_error_not_retried(scripted_session):
    session = scripted_session([requests.exceptions.SSLError("certificate verify failed")])
    transport, recorder = _transport(session, retries=5)
    with pytest.raises(VoximplantTransportError) as info:
        transport.call(METHOD, {})
    assert len(session.calls) == 1 and recorder.waits == []
    assert "ca_path" in str(info.value)


def test_json_that_is_not_an_object_not_retried(scripted_session, fake_response):
    session = scripted_session([fake_response(200, [1, 2, 3])])
    transport, _recorder = _transport(session, retries=5)
    with pytest.raises(VoximplantTransportError):
        transport.call(METHOD, {})
    assert len(session.calls) == 1


def test_connection_error_names_the_socket_reason(scripted_session):
    refused = ConnectionRefusedError(111, "Connection refused")
    new_connection = urllib3.exceptions.NewConnectionError(None, "Failed to establish a new connection: [Errno 111]")
    new_connection.__cause__ = refused
    error = requests.exceptions.ConnectionError(
        urllib3.exceptions.MaxRetryError(None, "/platform_api/GetSipRegistrations", reason=new_connection))
    session = scripted_session([error])
    transport, _recorder = _transport(session, retries=0)
    with pytest.raises(VoximplantTransportError) as info:
        transport.call(METHOD, {})
    assert "Connection refused" in str(info.value)


# --- Retry-After --------------------------------------------------------------------------------


@pytest.mark.parametrize("header,expected", [("7", 7.0), ("45", 45.0), ("120", RETRY_AFTER_CAP), ("3600", RETRY_AFTER_CAP)])
def test_retry_after_seconds_honoured_and_capped(header, expected, scripted_session, fake_response):
    session = scripted_session([fake_response(429, text="", headers={"Retry-After": header}), fake_response(200, OK_BODY)])
    transport, recorder = _transport(session, retries=1, jitter=0.0)
    transport.call(METHOD, {})
    assert recorder.waits == [pytest.approx(expected)]


def test_retry_after_shorter_than_backoff_keeps_the_backoff(scripted_session, fake_response):
    session = scripted_session([fake_response(503, text="", headers={"retry-after": "0"}), fake_response(200, OK_BODY)])
    transport, recorder = _transport(session, retries=1, jitter=1.0)
    transport.call(METHOD, {})
    assert recorder.waits == [pytest.approx(FIRST_BACKOFF)]


def test_retry_after_http_date(scripted_session, fake_response):
    when = email.utils.formatdate(time.time() + 30, usegmt=True)
    session = scripted_session([fake_response(503, text="", headers={"Retry-After": when}), fake_response(200, OK_BODY)])
    transport, recorder = _transport(session, retries=1, jitter=0.0)
    transport.call(METHOD, {})
    assert 27.0 <= recorder.waits[0] <= 31.0


def test_retry_after_http_date_far_away_is_capped(scripted_session, fake_response):
    when = email.utils.formatdate(time.time() + 86400, usegmt=True)
    session = scripted_session([fake_response(429, text="", headers={"Retry-After": when}), fake_response(200, OK_BODY)])
    transport, recorder = _transport(session, retries=1, jitter=0.0)
    transport.call(METHOD, {})
    assert recorder.waits == [pytest.approx(RETRY_AFTER_CAP)]


@pytest.mark.parametrize("header", ["soon", "Wed, 99 Foo 2026", "-5"])
def test_retry_after_garbage_falls_back_to_backoff(header, scripted_session, fake_response):
    session = scripted_session([fake_response(429, text="", headers={"Retry-After": header}), fake_response(200, OK_BODY)])
    transport, recorder = _transport(session, retries=1, jitter=1.0)
    transport.call(METHOD, {})
    assert recorder.waits == [pytest.approx(FIRST_BACKOFF)]


# --- backoff ------------------------------------------------------------------------------------


def _waits(scripted_session, fake_response, jitter, retries=12):
    session = scripted_session([fake_response(503, text=HTML)])
    recorder = Recorder()
    recorder.clock = lambda: 1000.0  # no time passes: the deadline never interferes here
    transport, _recorder = _transport(session, retries=retries, jitter=jitter, recorder=recorder)
    with pytest.raises(VoximplantTransportError):
        transport.call(METHOD, {})
    return recorder.waits


def test_backoff_grows_exponentially_to_the_cap(scripted_session, fake_response):
    upper = _waits(scripted_session, fake_response, 1.0)
    lower = _waits(scripted_session, fake_response, 0.0)
    assert len(upper) == len(lower) == 12
    assert upper[0] == pytest.approx(FIRST_BACKOFF)
    for previous, current in zip(upper, upper[1:]):
        assert current == pytest.approx(min(BACKOFF_CAP, 2 * previous))
    assert max(upper) == pytest.approx(BACKOFF_CAP)
    assert upper[-1] == pytest.approx(BACKOFF_CAP)
    for low, high in zip(lower, upper):
        assert low == pytest.approx(high / 2)


def test_backoff_stays_within_jitter_bounds(scripted_session, fake_response):
    rng = random.Random(3)
    upper = _waits(scripted_session, fake_response, 1.0)
    jittered = _waits(scripted_session, fake_response, rng.random)
    assert len(set(jittered)) > 5  # the jitter really varies the waits
    for wait, high in zip(jittered, upper):
        assert high / 2 <= wait <= high


# --- deadline -----------------------------------------------------------------------------------


def test_deadline_stops_retrying(scripted_session, fake_response):
    session = scripted_session([fake_response(503, text=HTML)])
    transport, recorder = _transport(session, retries=20, jitter=1.0)
    with pytest.raises(VoximplantTransportError) as info:
        transport.call(METHOD, {})
    assert sum(recorder.waits) <= DEADLINE
    assert len(session.calls) < 21  # the budget of 20 retries was not spent
    assert len(session.calls) == len(recorder.waits) + 1
    # With jitter 1 the refused wait was the capped backoff: it would have crossed the deadline.
    assert sum(recorder.waits) + BACKOFF_CAP > DEADLINE
    assert info.value.attempts == len(session.calls)


def test_deadline_counts_slow_requests(scripted_session, fake_response):
    class SlowSession(type(scripted_session([]))):
        def post(self, *args, **kwargs):
            recorder.now += 140  # each request takes 140 s (e.g. a long timeout)
            return super().post(*args, **kwargs)

    recorder = Recorder()
    session = SlowSession([fake_response(504, text=HTML)])
    transport, _recorder = _transport(session, retries=10, jitter=0.0, recorder=recorder)
    with pytest.raises(VoximplantTransportError):
        transport.call(METHOD, {})
    # waits start 140 s and ~280 s after the start; a third would start after 420 s: refused
    assert len(session.calls) == 3
    assert len(recorder.waits) == 2


# --- secrets ------------------------------------------------------------------------------------

ALL_FAILURES = RETRYABLE + ["api-100", "api-455", "http-401", "tls"]


def _failure(kind, fake_response):
    outcomes = _retryable_outcomes(fake_response)
    if kind in outcomes:
        return outcomes[kind]
    if kind == "tls":
        return requests.exceptions.SSLError("certificate verify failed")
    if kind.startswith("api-"):
        return _api_error(fake_response, int(kind[4:]), "Authorization failed")
    return fake_response(int(kind[5:]), text="")


@pytest.mark.parametrize("auth", ["token", "api_key"])
@pytest.mark.parametrize("kind", ALL_FAILURES)
def test_no_secret_in_any_error(kind, auth, scripted_session, fake_response):
    authenticator = build_authenticator({"token": TOKEN} if auth == "token" else {"api_key": API_KEY, "account_id": 3})
    session = scripted_session([_failure(kind, fake_response)])
    transport, _recorder = _transport(session, retries=1, auth=authenticator)
    with pytest.raises((VoximplantApiError, VoximplantTransportError)) as info:
        transport.call(METHOD, {})
    text = str(info.value) + repr(info.value) + repr(info.value.details())
    for secret in (TOKEN, API_KEY, "SECRET"):
        assert secret not in text


@pytest.mark.parametrize("auth", ["token", "api_key"])
def test_secret_echoed_by_the_server_is_redacted(auth, scripted_session, fake_response):
    authenticator = build_authenticator({"token": TOKEN} if auth == "token" else {"api_key": API_KEY, "account_id": 3})
    secret = TOKEN if auth == "token" else API_KEY
    session = scripted_session([_api_error(fake_response, 100, f"Authorization failed for '{secret}'")])
    transport, _recorder = _transport(session, retries=0, auth=authenticator)
    with pytest.raises(VoximplantApiError) as info:
        transport.call(METHOD, {})
    assert secret not in str(info.value) + repr(info.value.details())


# --- redirects and requests that cannot be written ----------------------------------------------


def test_redirects_are_not_followed(scripted_session, fake_response):
    session = scripted_session([fake_response(200, OK_BODY)])
    transport, _recorder = _transport(session)
    transport.call(METHOD, {})
    assert session.calls[0]["kwargs"].get("allow_redirects") is False


@pytest.mark.parametrize("status", [301, 302, 307, 308])
def test_redirect_fails_at_once_naming_only_the_origin(status, scripted_session, fake_response):
    location = "http://mirror.example.test:8080/platform_api/GetSipRegistrations?api_key=SECRET-in-location"
    session = scripted_session([fake_response(status, text="", headers={"Location": location})])
    transport, recorder = _transport(session, retries=5)
    with pytest.raises(VoximplantTransportError) as info:
        transport.call(METHOD, {})
    assert len(session.calls) == 1 and recorder.waits == []
    assert info.value.http_status == status
    assert "http://mirror.example.test:8080" in str(info.value)
    assert "SECRET" not in str(info.value) and "platform_api/GetSipRegistrations?" not in str(info.value)


def test_token_that_cannot_be_a_header_is_a_credentials_error(scripted_session):
    session = scripted_session([requests.exceptions.InvalidHeader("Invalid return character or leading space in header")])
    transport, recorder = _transport(session, retries=5)
    with pytest.raises(VoximplantCredentialsError) as info:
        transport.call(METHOD, {})
    assert info.value.option == "token"
    assert len(session.calls) == 1 and recorder.waits == []
    assert TOKEN not in str(info.value)


def test_invalid_url_is_a_validation_error(scripted_session):
    session = scripted_session([requests.exceptions.InvalidURL("Failed to parse: https://api.example.test:99999")])
    transport, _recorder = _transport(session, retries=5)
    with pytest.raises(VoximplantValidationError) as info:
        transport.call(METHOD, {})
    assert info.value.option == "api_url" and len(session.calls) == 1


# --- proxies and what a call cost ---------------------------------------------------------------


def test_proxy_url_goes_with_every_request(scripted_session, fake_response):
    session = scripted_session([fake_response(503), fake_response(200, OK_BODY)])
    transport, _recorder = _transport(session, proxy_url="http://proxy.example.test:3128")
    transport.call(METHOD, {})
    assert [call["kwargs"]["proxies"] for call in session.calls] == [{"http": "http://proxy.example.test:3128", "https": "http://proxy.example.test:3128"}] * 2


def test_use_proxy_false_blanks_every_proxy_scheme(scripted_session, fake_response):
    session = scripted_session([fake_response(200, OK_BODY)])
    transport, _recorder = _transport(session, use_proxy=False)
    transport.call(METHOD, {})
    assert session.calls[0]["kwargs"]["proxies"] == {"http": None, "https": None, "all": None}


def test_retries_are_counted(scripted_session, fake_response):
    session = scripted_session([fake_response(503), _api_error(fake_response, 340), fake_response(200, OK_BODY)])
    transport, recorder = _transport(session, retries=3)
    transport.call(METHOD, {})
    transport.call(METHOD, {})
    assert transport.retries == 2 == len(recorder.waits)
    assert transport.requests_made == 4


def test_a_failure_that_is_not_retried_counts_no_retry(scripted_session, fake_response):
    session = scripted_session([_api_error(fake_response, 100)])
    transport, _recorder = _transport(session, retries=3)
    with pytest.raises(VoximplantApiError):
        transport.call(METHOD, {})
    assert (transport.requests_made, transport.retries) == (1, 0)


def test_proxy_password_echoed_by_a_server_is_redacted(scripted_session, fake_response):
    session = scripted_session([_api_error(fake_response, 100, msg="proxy said p@ss/w0rd and p%40ss%2Fw0rd")])
    transport, _recorder = _transport(session, proxy_url="http://alice:p%40ss%2Fw0rd@proxy.example.test:3128")
    with pytest.raises(VoximplantApiError) as info:
        transport.call(METHOD, {})
    assert "w0rd" not in str(info.value)
