# -*- coding: utf-8 -*-
# Copyright (c) 2026, voximplant.management contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A hostile GetSipRegistrations server for the tests (never a real API): each scenario is one attack.

Usage: hostile_server.py PORT_FILE. Listens on 127.0.0.1 only, writes its port to PORT_FILE once it
listens, and exits by itself after LIFETIME_SECONDS or MAX_REQUESTS requests, whichever comes first.

API paths: POST /<scenario>/<tag>/platform_api/GetSipRegistrations. The tag only separates the
request counters (one per case and face). GET /__stats/<scenario>/<tag> answers {"requests": n};
GET /__secrets answers every secret the echo scenario received (for the test's leak check).

Scenarios:
  endless             full pages of new ids at every offset, count = the page length: data without end
  lying-trillion      30 records, every answer claims count 10**12
  lying-200000        30 records, every answer claims count 200000
  oversized           a 100 MiB JSON body without Content-Length
  oversized-declared  Content-Length 200000000 (then nothing)
  gzip-bomb           2 MiB of gzip that expands to 2 GiB
  trickle             a valid body, one byte per second
  trickle-headers     the status line and headers, one byte per second (then a valid body)
  echo                API error 100 whose message echoes the api_key and the bearer token it received:
                      raw, form-encoded (+), percent-encoded (%20), with lower-case hex, JSON-escaped
  bad-utf8            HTTP 200 with JSON holding bytes that are not UTF-8
  empty               no records (for the cases that must not reach the server at all)
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, quote, quote_plus

# The whole target takes about 2 minutes on an idle machine; a loaded CI runner may take several times that.
LIFETIME_SECONDS = 900
MAX_REQUESTS = 5000
MAX_REQUEST_BODY = 1 << 20
TRICKLE_SECONDS = 120
REAL_RECORDS = 30
MIB = 1 << 20

_counts: dict = {}
_seen_secrets: set = set()
_total = [0]
_lock = threading.Lock()


def _record(ident: int) -> dict:
    return {"sip_registration_id": ident, "sip_username": f"user{ident}", "proxy": "sip.example.net", "last_updated": 1790000000,
            "deactivated": False, "next_subscription_renewal": "2026-12-01", "purchase_date": "2026-01-15 09:30:00",
            "subscription_price": "0.5000", "is_persistent": True, "successful": True, "status_code": 200}


def _gzip_bomb(mebibytes: int) -> bytes:
    """A gzip member of `mebibytes` MiB of JSON whitespace, built from one compressed block repeated.

    After a full flush the compressor forgets its history, so each further MiB compresses to the same bytes.
    """
    head, block, tail = b'{"result": [', b" " * MIB, b'], "count": 0}'
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    first = compressor.compress(head) + compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    repeated = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    assert repeated == compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    last = compressor.compress(tail) + compressor.flush()
    crc = zlib.crc32(head)
    for _mebibyte in range(mebibytes):
        crc = zlib.crc32(block, crc)
    crc = zlib.crc32(tail, crc)
    size = len(head) + mebibytes * MIB + len(tail)
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"
    trailer = crc.to_bytes(4, "little") + (size % (1 << 32)).to_bytes(4, "little")
    # The compressor saw three blocks; the stream holds `mebibytes`: first + (mebibytes - 1) repeats.
    return header + first + repeated * (mebibytes - 1) + last + trailer


class Hostile(BaseHTTPRequestHandler):
    bomb = b""

    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        parts = self.path.strip("/").split("/")
        if len(parts) == 3 and parts[0] == "__stats":
            with _lock:
                count = _counts.get("/".join(parts[1:]), 0)
            self._json(200, {"requests": count})
        elif parts == ["__secrets"]:
            with _lock:
                self._json(200, {"secrets": sorted(_seen_secrets)})
        else:
            self._json(404, {"error": "no such path"})

    def do_POST(self) -> None:  # noqa: N802
        with _lock:
            _total[0] += 1
            if _total[0] > MAX_REQUESTS:
                os._exit(3)  # bounded: something is looping; stop serving it
        length = int(self.headers.get("Content-Length") or 0)
        form = parse_qs(self.rfile.read(min(length, MAX_REQUEST_BODY)).decode("utf-8", "replace"))
        parts = self.path.strip("/").split("/")
        if len(parts) != 4 or parts[2:] != ["platform_api", "GetSipRegistrations"]:
            self._json(404, {"error": "no such method"})
            return
        scenario = parts[0]
        with _lock:
            _counts["/".join(parts[:2])] = _counts.get("/".join(parts[:2]), 0) + 1
        offset = int(form.get("offset", ["0"])[0])
        count = min(int(form.get("count", ["20"])[0]), 10000)
        try:
            getattr(self, "_" + scenario.replace("-", "_"))(offset, count, form)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up, as it should

    # --- scenarios ---

    def _endless(self, offset: int, count: int, _form: dict) -> None:
        self._json(200, {"result": [_record(offset + index + 1) for index in range(count)], "count": count})

    def _lying(self, offset: int, count: int, claimed: int) -> None:
        records = [_record(ident) for ident in range(1, REAL_RECORDS + 1)][offset:offset + count]
        self._json(200, {"result": records, "count": claimed})

    def _lying_trillion(self, offset: int, count: int, _form: dict) -> None:
        self._lying(offset, count, 10**12)

    def _lying_200000(self, offset: int, count: int, _form: dict) -> None:
        self._lying(offset, count, 200000)

    def _oversized(self, _offset: int, _count: int, _form: dict) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b'{"result": [')
        for _mebibyte in range(100):
            self.wfile.write(b" " * MIB)
        self.wfile.write(b'], "count": 0}')

    def _oversized_declared(self, _offset: int, _count: int, _form: dict) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", "200000000")
        self.end_headers()
        self.wfile.write(b'{"result": [')

    def _gzip_bomb(self, _offset: int, _count: int, _form: dict) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(self.bomb)))
        self.end_headers()
        self.wfile.write(self.bomb)

    def _trickle(self, _offset: int, _count: int, _form: dict) -> None:
        body = json.dumps({"result": [], "count": 0}).encode() + b" " * TRICKLE_SECONDS
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        for index in range(min(len(body), TRICKLE_SECONDS)):
            self.wfile.write(body[index:index + 1])
            self.wfile.flush()
            time.sleep(1)

    def _trickle_headers(self, _offset: int, _count: int, _form: dict) -> None:
        body = json.dumps({"result": [], "count": 0}).encode()
        head = (b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Padding: " + b"p" * TRICKLE_SECONDS
                + b"\r\nContent-Length: %d\r\n\r\n" % len(body))
        for index in range(len(head)):
            self.wfile.write(head[index:index + 1])
            self.wfile.flush()
            time.sleep(1)
        self.wfile.write(body)

    def _echo(self, _offset: int, _count: int, form: dict) -> None:
        secrets = [form.get("api_key", [""])[0], (self.headers.get("Authorization") or "")[len("Bearer "):]]
        shown = []
        with _lock:
            _seen_secrets.update(filter(None, secrets))
        for secret in filter(None, secrets):
            lower_hex = "".join(part.lower() if part.startswith("%") else part for part in _escapes(quote(secret, safe="")))
            shown += [secret, quote_plus(secret, safe=""), quote(secret, safe=""), lower_hex,
                      json.dumps(secret)[1:-1], json.dumps(secret, ensure_ascii=False)[1:-1]]
        self._json(200, {"error": {"code": 100, "msg": "Authorization failed for " + " | ".join(shown)}})

    def _bad_utf8(self, _offset: int, _count: int, _form: dict) -> None:
        body = b'{"result": [{"sip_registration_id": 1, "sip_username": "caf\xe9 \xff"}], "count": 1}'
        self._raw(200, body)

    def _empty(self, _offset: int, _count: int, _form: dict) -> None:
        self._json(200, {"result": [], "count": 0})

    # --- helpers ---

    def _json(self, status: int, body: dict) -> None:
        self._raw(status, json.dumps(body).encode("utf-8"))

    def _raw(self, status: int, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def _escapes(text: str) -> list:
    parts, index = [], 0
    while index < len(text):
        step = 3 if text[index] == "%" else 1
        parts.append(text[index:index + step])
        index += step
    return parts


def main() -> None:
    watchdog = threading.Timer(LIFETIME_SECONDS, os._exit, [0])  # never outlive the target by much
    watchdog.daemon = True
    watchdog.start()
    Hostile.bomb = _gzip_bomb(2048)
    server = ThreadingHTTPServer(("127.0.0.1", 0), Hostile)
    server.daemon_threads = True
    with open(sys.argv[1] + ".tmp", "w", encoding="utf-8") as handle:
        handle.write(str(server.server_address[1]))
    os.replace(sys.argv[1] + ".tmp", sys.argv[1])
    server.serve_forever()


if __name__ == "__main__":
    main()
