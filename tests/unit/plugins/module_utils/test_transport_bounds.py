# -*- coding: utf-8 -*-
# Copyright (c) 2026, voximplant.management contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""_transport's bounds (body size, deadline), strict UTF-8, plain HTTP behind https://, redaction in every encoding."""

from __future__ import annotations

import gzip
import json
import ssl
import zlib
from urllib.parse import quote, quote_plus

import pytest
import requests
import urllib3

from ansible_collections.voximplant.management.plugins.module_utils import _response_body
from ansible_collections.voximplant.management.plugins.module_utils._auth import build_authenticator
from ansible_collections.voximplant.management.plugins.module_utils._connection import build_settings
from ansible_collections.voximplant.management.plugins.module_utils._errors import VoximplantApiError, VoximplantTransportError
from ansible_collections.voximplant.management.plugins.module_utils._transport import ApiTransport

API_URL = "https://api.example.test/platform_api"
METHOD = "GetSipRegistrations"
TOKEN = "eyJhbGciOiJSUzI1NiJ9.SECRET-TOKEN/PAYLOAD+x.SECRET-SIGNATURE"
API_KEY = "SECRET/K+ey with space&é\"q"
OK_BODY = {"result": [{"sip_registration_id": 1}], "count": 1}
NOT_JSON = "HTTP 200 with a body that is not JSON"


class Clock:
    """A monotonic clock advanced by sleeps and by every read of a response (`per_read` seconds)."""

    def __init__(self):
        self.now = 50.0
        self.waits = []

    def sleep(self, seconds):
        self.waits.append(seconds)
        self.now += seconds

    def __call__(self):
        return self.now


def _transport(session, retries=0, auth=None, clock=None, **options):
    settings, _warnings = build_settings(dict(api_url=API_URL, retries=retries, **options))
    clock = clock or Clock()
    return ApiTransport(settings, auth or build_authenticator({"token": TOKEN}), session=session, sleep=clock.sleep, clock=clock,
                        jitter=lambda: 0.0), clock


def _failure(session, **kwargs):
    transport, _clock = _transport(session, **kwargs)
    with pytest.raises((VoximplantTransportError, VoximplantApiError)) as info:
        transport.call(METHOD, {})
    return info.value


# --- the request asks for a stream and bounded encodings ------------------------------------------


def test_the_body_is_streamed_and_the_response_closed(scripted_session, fake_response):
    response = fake_response(200, OK_BODY)
    session = scripted_session([response])
    transport, _clock = _transport(session)
    assert transport.call(METHOD, {}) == OK_BODY
    assert session.calls[0]["kwargs"].get("stream") is True
    assert session.calls[0]["headers"]["Accept-Encoding"] == "gzip, deflate"
    assert response.closed == 1


def test_an_error_status_body_is_never_read(scripted_session, fake_response):
    class Unreadable:
        def read(self, *args, **kwargs):
            raise AssertionError("the body of an error status was read")

    response = fake_response(503, text="x")
    response.__class__ = type("UnreadableResponse", (type(response),), {"raw": property(lambda self: Unreadable())})
    error = _failure(scripted_session([response]))
    assert error.http_status == 503 and response.closed == 1


# --- body size, on the wire and decompressed ------------------------------------------------------


@pytest.fixture
def small_cap(monkeypatch):
    monkeypatch.setattr(_response_body, "MAX_RESPONSE_BYTES", 200_000)
    return 200_000


def test_a_declared_oversized_body_is_refused_before_reading(scripted_session, fake_response):
    response = fake_response(200, OK_BODY, headers={"Content-Length": str(_response_body.MAX_RESPONSE_BYTES + 1)})
    response.__class__ = type("NoRead", (type(response),), {"raw": property(lambda self: pytest.fail("read"))})
    error = _failure(scripted_session([response]), retries=3)
    assert f"over the limit of {_response_body.MAX_RESPONSE_BYTES} bytes" in str(error)
    assert error.attempts == 1  # a body that large will not shrink on a retry


def test_an_undeclared_oversized_body_is_cut_at_the_limit(scripted_session, fake_response, small_cap):
    response = fake_response(200, content=b'{"result": [' + b" " * (3 * small_cap) + b"]}")
    error = _failure(scripted_session([response]), retries=3)
    assert f"over the limit of {small_cap} bytes" in str(error) and error.attempts == 1
    assert NOT_JSON not in str(error)


def test_a_gzip_bomb_is_caught_while_it_expands(scripted_session, fake_response, small_cap, monkeypatch):
    bomb = gzip.compress(b"[" + b" " * (50 * small_cap) + b"]")
    assert len(bomb) < small_cap // 10
    pieces = []
    original = _response_body._Decoder.feed

    def recording_feed(self, data):
        for piece in original(self, data):
            pieces.append(len(piece))
            yield piece

    monkeypatch.setattr(_response_body._Decoder, "feed", recording_feed)
    response = fake_response(200, content=bomb, headers={"Content-Encoding": "gzip"})
    error = _failure(scripted_session([response]))
    assert f"decompresses to over the limit of {small_cap} bytes" in str(error)
    assert max(pieces) <= _response_body.READ_CHUNK_BYTES
    assert sum(pieces) <= small_cap + _response_body.READ_CHUNK_BYTES


def _raw_deflate(data):
    compressor = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    return compressor.compress(data) + compressor.flush()


@pytest.mark.parametrize("encoding,compress", [("gzip", gzip.compress), ("deflate", zlib.compress), ("deflate", _raw_deflate)],
                         ids=["gzip", "deflate-zlib", "deflate-raw"])
def test_compressed_bodies_within_the_limit_decode(encoding, compress, scripted_session, fake_response):
    body = {"result": [{"sip_registration_id": n, "sip_username": "u" * 50} for n in range(1, 3001)], "count": 3000}
    response = fake_response(200, content=compress(json.dumps(body).encode()), headers={"Content-Encoding": encoding})
    transport, _clock = _transport(scripted_session([response]))
    assert transport.call(METHOD, {}) == body


def test_a_truncated_gzip_body_is_an_invalid_body_and_retried(scripted_session, fake_response):
    truncated = gzip.compress(json.dumps(OK_BODY).encode())[:-12]
    session = scripted_session([fake_response(200, content=truncated, headers={"Content-Encoding": "gzip"}), fake_response(200, OK_BODY)])
    transport, _clock = _transport(session, retries=1)
    assert transport.call(METHOD, {}) == OK_BODY and len(session.calls) == 2


def test_an_unsupported_content_encoding_is_refused(scripted_session, fake_response):
    error = _failure(scripted_session([fake_response(200, content=b"\x00\x01", headers={"Content-Encoding": "br"})]))
    assert "unsupported Content-Encoding 'br'" in str(error)


# --- the deadline: the whole body within timeout of the attempt's start ---------------------------


class TricklingRaw:
    """One byte per read, each read taking `seconds_per_byte` on the fake clock."""

    def __init__(self, clock, payload, seconds_per_byte):
        self.clock, self.payload, self.seconds = clock, payload, seconds_per_byte
        self.reads = 0

    def read(self, amt=None, decode_content=True):
        assert decode_content is False
        self.clock.now += self.seconds
        self.reads += 1
        data, self.payload = self.payload[:1], self.payload[1:]
        return data

    def read1(self, amt=None, decode_content=True):
        self.read1_calls = getattr(self, "read1_calls", 0) + 1
        return self.read(amt, decode_content)


def test_a_trickling_body_is_cut_at_the_timeout(scripted_session, fake_response):
    clock = Clock()
    trickle = TricklingRaw(clock, json.dumps(OK_BODY).encode() * 1000, seconds_per_byte=1.0)
    response = fake_response(200, OK_BODY)
    response.__class__ = type("Trickling", (type(response),), {"raw": property(lambda self: trickle)})
    transport, _clock = _transport(scripted_session([response]), clock=clock, timeout=7, retries=2)
    started = clock.now
    with pytest.raises(VoximplantTransportError) as info:
        transport.call(METHOD, {})
    assert "did not arrive completely within the timeout of 7 s" in str(info.value)
    assert info.value.attempts == 3
    # Each attempt is cut once its 7 s are spent (one more 1 s read at most), plus the backoff waits between.
    assert clock.now - started <= 3 * (7 + 1) + sum(clock.waits)
    # One socket read at a time (read1): read(n) would block until n bytes came, past the deadline.
    assert trickle.read1_calls == trickle.reads


def test_a_stream_read_timeout_is_a_timeout_failure(scripted_session, fake_response):
    class TimingOut:
        def read(self, *args, **kwargs):
            raise urllib3.exceptions.ReadTimeoutError(None, "/x", "Read timed out.")

    response = fake_response(200, OK_BODY)
    response.__class__ = type("TimingOutResponse", (type(response),), {"raw": property(lambda self: TimingOut())})
    error = _failure(scripted_session([response]), retries=1)
    assert "within the timeout" in str(error) and error.attempts == 2


def test_a_connection_reset_mid_body_is_retried(scripted_session, fake_response):
    class Reset:
        def read(self, *args, **kwargs):
            raise urllib3.exceptions.ProtocolError("Connection broken", ConnectionResetError(104, "Connection reset by peer"))

    response = fake_response(200, OK_BODY)
    response.__class__ = type("ResetResponse", (type(response),), {"raw": property(lambda self: Reset())})
    session = scripted_session([response, fake_response(200, OK_BODY)])
    transport, _clock = _transport(session, retries=1)
    assert transport.call(METHOD, {}) == OK_BODY


# --- strict UTF-8: invalid bytes are an invalid body like malformed JSON ---------------------------


@pytest.mark.parametrize("content", [
    b'{"result": [{"sip_registration_id": 1, "sip_username": "\xff\xfe"}], "count": 1}',
    b'{"result": [], "count": 0, "x": "\xc3"}',
    b'{"result": [], "count": 0, "x": "\xed\xa0\x80"}',  # an encoded surrogate is not UTF-8
])
def test_invalid_utf8_is_an_invalid_body_retried_like_malformed_json(content, scripted_session, fake_response):
    bad = fake_response(200, content=content)
    malformed = fake_response(200, text="{not json")
    for response in (bad, malformed):
        error = _failure(scripted_session([response]), retries=2)
        assert NOT_JSON in str(error) and error.attempts == 3 and error.http_status == 200
    assert "invalid UTF-8 at byte" in str(_failure(scripted_session([bad])))


def test_valid_utf8_and_a_byte_order_mark_decode(scripted_session, fake_response):
    body = {"result": [{"sip_registration_id": 1, "sip_username": "jürgen-日本"}], "count": 1}
    response = fake_response(200, content=b"\xef\xbb\xbf" + json.dumps(body, ensure_ascii=False).encode("utf-8"))
    transport, _clock = _transport(scripted_session([response]))
    assert transport.call(METHOD, {}) == body


def test_deeply_nested_json_is_an_invalid_body(scripted_session, fake_response):
    error = _failure(scripted_session([fake_response(200, content=b"[" * 200000 + b"]" * 200000)]))
    assert NOT_JSON in str(error)


# --- a plain-HTTP answer behind https:// ---------------------------------------------------------


def _ssl_error(reason, text):
    inner = ssl.SSLError(1, f"[SSL: {reason}] {text} (_ssl.c:1006)")
    inner.reason = reason
    wrapped = urllib3.exceptions.SSLError(inner)
    return requests.exceptions.SSLError(urllib3.exceptions.MaxRetryError(None, "/platform_api/GetSipRegistrations", reason=wrapped))


@pytest.mark.parametrize("reason,text", [("WRONG_VERSION_NUMBER", "wrong version number"), ("RECORD_LAYER_FAILURE", "record layer failure")])
def test_a_plain_http_answer_to_https_says_so(reason, text, scripted_session):
    error = _failure(scripted_session([_ssl_error(reason, text)]), retries=3)
    message = str(error)
    assert "the server at https://api.example.test answered in plain HTTP, not TLS" in message
    assert "ca_path" not in message and error.attempts == 1


def test_a_certificate_failure_still_names_ca_path(scripted_session):
    error = _failure(scripted_session([_ssl_error("CERTIFICATE_VERIFY_FAILED", "certificate verify failed")]))
    assert "ca_path" in str(error) and "plain HTTP" not in str(error)


# --- secrets echoed in any encoding --------------------------------------------------------------


def _echoes(secret):
    return {
        "raw": secret,
        "quote_plus": quote_plus(secret, safe=""),
        "quote": quote(secret, safe=""),
        "quote_plus lower hex": quote_plus(secret, safe="").replace("%2F", "%2f").replace("%2B", "%2b").replace("%26", "%26"),
        "quote lower hex": "".join(part.lower() if part.startswith("%") else part for part in _split_escapes(quote(secret, safe=""))),
        "json": json.dumps(secret)[1:-1],
        "json ensure_ascii=False": json.dumps(secret, ensure_ascii=False)[1:-1],
        "json escaped solidus": json.dumps(secret)[1:-1].replace("/", "\\/"),
    }


def _split_escapes(text):
    parts, index = [], 0
    while index < len(text):
        if text[index] == "%":
            parts.append(text[index:index + 3])
            index += 3
        else:
            parts.append(text[index])
            index += 1
    return parts


@pytest.mark.parametrize("form", list(_echoes("x")))
@pytest.mark.parametrize("auth", ["token", "api_key"])
def test_a_secret_echoed_in_any_encoding_is_redacted(form, auth, scripted_session, fake_response):
    secret = TOKEN if auth == "token" else API_KEY
    authenticator = build_authenticator({"token": TOKEN} if auth == "token" else {"api_key": API_KEY, "account_id": 3})
    echoed = _echoes(secret)[form]
    assert echoed  # the form differs from the raw one for these secrets, except "raw" itself
    api_error = fake_response(200, {"error": {"code": 100, "msg": f"bad credentials in body: api_key={echoed}&x=1"}})
    http_error = fake_response(400, text="", reason=f"Bad {echoed}")
    for response in (api_error, http_error):
        error = _failure(scripted_session([response]), auth=authenticator)
        text = str(error) + repr(error.details())
        assert echoed not in text and "********" in text


def test_a_signed_jwt_echoed_percent_encoded_is_redacted(scripted_session, fake_response, service_account):
    authenticator = build_authenticator({"credentials": service_account})
    token = authenticator.current_token()
    response = fake_response(200, {"error": {"code": 100, "msg": "token " + quote_plus(token, safe="") + " " + json.dumps(token)}})
    error = _failure(scripted_session([response]), auth=authenticator)
    assert token not in str(error) and quote_plus(token, safe="") not in str(error)
    assert token.split(".")[2] not in str(error)


def test_data_after_the_end_of_a_gzip_body_is_never_dropped_silently(scripted_session, fake_response):
    body = gzip.compress(json.dumps(OK_BODY).encode()) + gzip.compress(b'{"more": 1}')
    error = _failure(scripted_session([fake_response(200, content=body, headers={"Content-Encoding": "gzip"})]))
    assert "data after the end of its gzip body" in str(error)
