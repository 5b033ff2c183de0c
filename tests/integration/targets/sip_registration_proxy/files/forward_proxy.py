"""A loopback HTTP forward proxy that counts what goes through it (test helper).

Usage: forward_proxy.py STATE_FILE [USER:PASSWORD]

Listens on 127.0.0.1 on a free port and forwards absolute-form requests (POST http://127.0.0.1:N/...)
and CONNECT tunnels, to loopback targets only: anything else is answered 403 and never contacted.
With USER:PASSWORD it demands Proxy-Authorization (407 otherwise). After each request, before
answering, it rewrites STATE_FILE (JSON: port, requests by path, connects, authorized, refused), so
a playbook reads exact counts with the file lookup. It stops by itself after 900 s or 2000 requests.
"""

from __future__ import annotations

import base64
import http.client
import ipaddress
import json
import os
import select
import socket
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Dict, Optional
from urllib.parse import urlsplit

LIFETIME_SECONDS = 900
MAX_REQUESTS = 2000
HOP_BY_HOP = {"connection", "keep-alive", "proxy-authorization", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade"}


class State:
    def __init__(self, path: str, credentials: Optional[str]) -> None:
        self.path = path
        self.expected = "Basic " + base64.b64encode(credentials.encode()).decode() if credentials else None
        self.lock = threading.Lock()
        self.port = 0
        self.by_path: Dict[str, int] = {}
        self.connects = 0
        self.authorized = 0
        self.refused = 0
        self.total = 0

    def count(self, key: Optional[str] = None, connect: bool = False, authorized: bool = False, refused: bool = False) -> None:
        with self.lock:
            self.total += 1
            if key is not None:
                self.by_path[key] = self.by_path.get(key, 0) + 1
            self.connects += connect
            self.authorized += authorized
            self.refused += refused
            document = {"port": self.port, "by_path": self.by_path, "connects": self.connects,
                        "authorized": self.authorized, "refused": self.refused, "total": self.total}
            with open(self.path + ".tmp", "w", encoding="utf-8") as handle:
                json.dump(document, handle)
            os.replace(self.path + ".tmp", self.path)
            if self.total >= MAX_REQUESTS:
                threading.Thread(target=os._exit, args=(0,), daemon=True).start()


STATE: State


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class Proxy(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def _reply(self, status: int, extra: Optional[Dict[str, str]] = None) -> None:
        self.send_response(status)
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _admitted(self, loopback_target: bool) -> bool:
        """Refuse (and count) a target off loopback (403) or missing credentials (407)."""
        if not loopback_target:
            STATE.count(refused=True)
            self._reply(403)
            return False
        if STATE.expected is not None and self.headers.get("Proxy-Authorization") != STATE.expected:
            STATE.count(refused=True)
            self._reply(407, {"Proxy-Authenticate": 'Basic realm="test"'})
            return False
        return True

    def _forward(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        target = urlsplit(self.path)
        if not self._admitted(target.scheme == "http" and bool(target.hostname) and _is_loopback(target.hostname or "")):
            return
        headers = {name: value for name, value in self.headers.items() if name.lower() not in HOP_BY_HOP}
        upstream = http.client.HTTPConnection(target.hostname, target.port or 80, timeout=60)
        try:
            upstream.request(self.command, target.path + (f"?{target.query}" if target.query else ""), body=body, headers=headers)
            response = upstream.getresponse()
            payload = response.read()
            answer = [(name, value) for name, value in response.getheaders() if name.lower() not in HOP_BY_HOP | {"content-length"}]
            status = response.status
        except OSError:
            # The emulator dropped the connection (a fault it was told to inject): drop ours too.
            STATE.count(key=target.path, authorized=STATE.expected is not None)
            self.close_connection = True
            return
        finally:
            upstream.close()
        STATE.count(key=target.path, authorized=STATE.expected is not None)
        self.send_response(status)
        for name, value in answer:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = _forward
    do_POST = _forward

    def do_CONNECT(self) -> None:  # noqa: N802 - the HTTP method's name
        host, _sep, port = self.path.rpartition(":")
        host = host.strip("[]")
        if not self._admitted(_is_loopback(host) and port.isdigit()):
            return
        try:
            upstream = socket.create_connection((host, int(port)), timeout=60)
        except OSError:
            self._reply(502)
            return
        STATE.count(connect=True, authorized=STATE.expected is not None)
        self.send_response(200, "Connection established")
        self.end_headers()
        self.close_connection = True
        sockets = [self.connection, upstream]
        try:
            while True:
                readable, _w, _x = select.select(sockets, [], [], 60)
                if not readable:
                    return
                for source in readable:
                    data = source.recv(65536)
                    if not data:
                        return
                    (upstream if source is self.connection else self.connection).sendall(data)
        finally:
            upstream.close()

    def log_message(self, *args) -> None:
        pass


def main() -> None:
    global STATE  # pylint: disable=global-statement
    watchdog = threading.Timer(LIFETIME_SECONDS, os._exit, [0])
    watchdog.daemon = True
    watchdog.start()
    STATE = State(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else None)
    server = ThreadingHTTPServer(("127.0.0.1", 0), Proxy)
    server.daemon_threads = True
    STATE.port = server.server_address[1]
    with STATE.lock:
        with open(STATE.path + ".tmp", "w", encoding="utf-8") as handle:
            json.dump({"port": STATE.port, "by_path": {}, "connects": 0, "authorized": 0, "refused": 0, "total": 0}, handle)
        os.replace(STATE.path + ".tmp", STATE.path)
    server.serve_forever()


if __name__ == "__main__":
    main()
