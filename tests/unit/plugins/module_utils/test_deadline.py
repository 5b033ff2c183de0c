# -*- coding: utf-8 -*-
# Copyright (c) 2026, voximplant.management contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""_deadline: a server trickling its headers is cut at `timeout`, against a real loopback server."""

from __future__ import annotations

import json
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from ansible_collections.voximplant.management.plugins.module_utils._auth import build_authenticator
from ansible_collections.voximplant.management.plugins.module_utils._connection import build_settings
from ansible_collections.voximplant.management.plugins.module_utils._errors import VoximplantTransportError
from ansible_collections.voximplant.management.plugins.module_utils._transport import ApiTransport

OK_BODY = json.dumps({"result": [{"sip_registration_id": 7}], "count": 1}).encode()
HEADERS = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Padding: " + b"p" * 200 + b"\r\n\r\n"
SERVER_LIFETIME = 15.0  # seconds: the server stops by itself, whatever the test does


class LoopbackServer:
    """127.0.0.1 only, also as a plain HTTP proxy of itself; method Trickle gets its headers a byte every 0.3 s, any other a keep-alive JSON answer."""

    def __init__(self):
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(0.2)
        self.port = self.listener.getsockname()[1]
        self.connections = 0
        self.trickled = threading.Event()  # set once a trickling send failed: our side shut the connection
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._serve, daemon=True)]
        self._threads[0].start()

    def _serve(self):
        ends = time.monotonic() + SERVER_LIFETIME
        while not self._stop.is_set() and time.monotonic() < ends and self.connections < 20:
            try:
                conn, _addr = self.listener.accept()
            except socket.timeout:
                continue
            self.connections += 1
            thread = threading.Thread(target=self._handle, args=(conn, ends), daemon=True)
            self._threads.append(thread)
            thread.start()
        self.listener.close()

    def _handle(self, conn, ends):
        conn.settimeout(2.0)
        buffered = b""
        with conn:
            while time.monotonic() < ends and not self._stop.is_set():
                try:
                    while b"\r\n\r\n" not in buffered:
                        data = conn.recv(65536)
                        if not data:
                            return
                        buffered += data
                    head, _sep, buffered = buffered.partition(b"\r\n\r\n")
                    length = next((int(line.split(b":", 1)[1]) for line in head.split(b"\r\n")
                                   if line.lower().startswith(b"content-length:")), 0)
                    while len(buffered) < length:
                        buffered += conn.recv(65536)
                    buffered = buffered[length:]
                    if b"/api/Trickle " in head.split(b"\r\n", 1)[0]:
                        self._trickle(conn, ends)
                        return
                    conn.sendall(HEADERS.replace(b"\r\n\r\n", b"\r\nContent-Length: %d\r\n\r\n" % len(OK_BODY)) + OK_BODY)
                except OSError:
                    return

    def _trickle(self, conn, ends):
        for byte in HEADERS:
            if time.monotonic() > ends or self._stop.wait(0.3):
                return
            try:
                conn.sendall(bytes([byte]))
            except OSError:
                self.trickled.set()
                return

    def stop(self):
        self._stop.set()
        for thread in self._threads:
            thread.join(5)


@pytest.fixture
def server():
    running = LoopbackServer()
    yield running
    running.stop()


def _transport(server, **options):
    settings, _warnings = build_settings(dict(api_url=f"http://127.0.0.1:{server.port}/api", timeout=1, **options))
    return ApiTransport(settings, build_authenticator({"token": "a.b.c"}))


def _timer_threads():
    return [thread for thread in threading.enumerate() if isinstance(thread, threading.Timer)]


def test_trickling_headers_end_at_the_timeout_then_the_transport_still_works(server):
    with _transport(server, retries=0) as transport:
        started = time.monotonic()
        with pytest.raises(VoximplantTransportError) as info:
            transport.call("Trickle", {})
        elapsed = time.monotonic() - started
        assert "no response within the timeout of 1 s" in str(info.value)
        assert elapsed < 5.0  # the headers alone would take 0.3 s x len(HEADERS) = over 70 s
        assert transport.call("GetSipRegistrations", {})["result"] == [{"sip_registration_id": 7}]
        assert transport.call("GetSipRegistrations", {})["count"] == 1
    assert server.trickled.wait(3), "the trickled connection was not shut down on our side"
    # One connection for the trickle, one kept alive for both healthy calls: the shut one was not reused.
    assert server.connections == 2
    assert not _timer_threads()


def test_a_trickle_is_retried_then_reported_within_timeout_times_attempts(server):
    with _transport(server, retries=1) as transport:
        started = time.monotonic()
        with pytest.raises(VoximplantTransportError) as info:
            transport.call("Trickle", {})
        assert time.monotonic() - started < 10.0  # 2 attempts of 1 s plus a backoff of at most 0.5 s
    assert info.value.attempts == 2 and "no response within the timeout of 1 s" in info.value.problem
    assert server.connections == 2


def test_concurrent_attempts_are_watched_each_in_its_own_thread(server):
    with _transport(server, retries=0, concurrency=4) as transport:
        def run(method):
            try:
                return transport.call(method, {})["count"]
            except VoximplantTransportError as exc:
                return str(exc)

        started = time.monotonic()
        with ThreadPoolExecutor(max_workers=4) as pool:
            results = list(pool.map(run, ["Trickle", "GetSipRegistrations", "Trickle", "GetSipRegistrations"]))
        assert time.monotonic() - started < 5.0
    assert results[1] == results[3] == 1
    assert all("no response within the timeout of 1 s" in result for result in (results[0], results[2]))
    assert not _timer_threads()


def test_through_an_http_proxy_the_headers_are_watched_too(server):
    with _transport(server, retries=0, proxy_url=f"http://127.0.0.1:{server.port}") as transport:
        started = time.monotonic()
        with pytest.raises(VoximplantTransportError) as info:
            transport.call("Trickle", {})
        assert time.monotonic() - started < 5.0
        assert "no response within the timeout of 1 s" in info.value.problem
        assert transport.call("GetSipRegistrations", {})["count"] == 1
    assert server.connections == 2
