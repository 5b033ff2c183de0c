"""HTTP(S) front end: a threaded HTTP/1.1 server with keep-alive, and its start/stop wrapper."""
from __future__ import annotations

import json
import os
import socket
import ssl
import sys
import threading
import time
import traceback
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from voximplant_emulator.admin import ADMIN_PREFIX, handle_admin
from voximplant_emulator.auth import KeyMaterial
from voximplant_emulator.files import INFO_NAME, write_private_file
from voximplant_emulator.config import Options
from voximplant_emulator.core import API_BASE, ApiRequest, Emulator, Reply, Ticket, dump_json
from voximplant_emulator.errors import ApiError
from voximplant_emulator.faults import Fault
from voximplant_emulator.forms import parse_body, parse_urlencoded
from voximplant_emulator.tls import server_context

HTML_TYPE = "text/html; charset=utf-8"
REASONS = {429: "Too Many Requests", 500: "Internal Server Error", 502: "Bad Gateway",
           503: "Service Unavailable", 504: "Gateway Time-out"}


def html_error_page(status: int) -> bytes:
    """An error page like the one a reverse proxy / gateway sends."""
    title = f"{status} {REASONS.get(status, 'Error')}"
    return (f"<html>\r\n<head><title>{title}</title></head>\r\n<body>\r\n<center><h1>{title}</h1></center>\r\n"
            "<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n").encode("ascii")


def fault_reply(fault: Fault) -> Reply:
    """The reply of an ``http_status`` or ``api_error`` fault."""
    if fault.kind == "api_error":
        return Reply.api_error_reply(ApiError(fault.params["code"], fault.params.get("msg")))
    status = fault.params["status"]
    headers = {}
    if "retry_after" in fault.params:
        headers["Retry-After"] = fault.params["retry_after"]
    body_kind = fault.params["body"]
    if body_kind == "empty":
        return Reply(status=status, body=b"", headers=headers)
    if body_kind == "html":
        return Reply(status=status, body=html_error_page(status), content_type=HTML_TYPE, headers=headers)
    doc = fault.params.get("json_body", {"status": status, "message": REASONS.get(status, "Error")})
    return Reply(status=status, body=dump_json(doc), headers=headers)


class EmulatorHTTPServer(ThreadingHTTPServer):
    """ThreadingHTTPServer with per-connection TLS (handshake in the handler thread) and connection tracking."""

    daemon_threads = True
    block_on_close = False

    def __init__(self, address: tuple[str, int], emulator: Emulator, ssl_context: ssl.SSLContext | None,
                 quiet: bool) -> None:
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        self.emulator = emulator
        self.ssl_context = ssl_context
        self.quiet = quiet
        self.info: dict[str, Any] = {}
        self._connections: set[socket.socket] = set()
        self._conn_lock = threading.Lock()
        super().__init__(address, RequestHandler)

    def get_request(self) -> tuple[socket.socket, Any]:
        sock, addr = self.socket.accept()
        if self.ssl_context is not None:
            sock = self.ssl_context.wrap_socket(sock, server_side=True, do_handshake_on_connect=False)
        with self._conn_lock:
            self._connections.add(sock)
        return sock, addr

    def shutdown_request(self, request: Any) -> None:
        with self._conn_lock:
            self._connections.discard(request)
        super().shutdown_request(request)

    def close_connections(self) -> None:
        """Shut down every open (keep-alive) connection so its thread ends."""
        with self._conn_lock:
            connections = list(self._connections)
        for sock in connections:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def handle_error(self, request: Any, client_address: Any) -> None:
        exc = sys.exc_info()[1]
        if isinstance(exc, (ConnectionError, ssl.SSLError, TimeoutError, OSError)):
            return
        if not self.quiet:
            super().handle_error(request, client_address)


class RequestHandler(BaseHTTPRequestHandler):
    """Routes ``/__emulator/...`` to the admin API and everything else to the emulated API."""

    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    wbufsize = -1          # buffered: headers and body leave in one segment (no Nagle/delayed-ACK stall)
    server_version = "voximplant-emulator"
    sys_version = ""
    timeout = 120
    server: EmulatorHTTPServer

    def log_message(self, format: str, *args: Any) -> None:  # pylint: disable=redefined-builtin
        if not self.server.quiet:
            super().log_message(format, *args)

    def do_GET(self) -> None:  # pylint: disable=invalid-name
        """GET: query-string parameters."""
        self._dispatch("GET")

    def do_POST(self) -> None:  # pylint: disable=invalid-name
        """POST: query string plus urlencoded or multipart body."""
        self._dispatch("POST")

    def _read_body(self) -> bytes:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def _send(self, reply: Reply) -> None:
        self.send_response(reply.status)
        if reply.body:
            self.send_header("Content-Type", reply.content_type)
        self.send_header("Content-Length", str(len(reply.body)))
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(reply.body)
        self.wfile.flush()

    def _drop(self) -> None:
        self.close_connection = True
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def _dispatch(self, method: str) -> None:
        split = urlsplit(self.path)
        try:
            body = self._read_body()
        except ValueError:
            self.send_error(400, "Bad request body")
            return
        if split.path == ADMIN_PREFIX or split.path.startswith(ADMIN_PREFIX + "/"):
            status, doc = handle_admin(self.server.emulator, self.server.info, method, self.path, body)
            self._send(Reply(status=status, body=dump_json(doc)))
            return
        params = parse_urlencoded(split.query)
        params.update(parse_body(self.headers.get("Content-Type"), body))
        request = ApiRequest(method, split.path, params, self.headers.get("Authorization"))
        emulator = self.server.emulator
        ticket = emulator.begin(request)
        reply = Reply(status=500, body=html_error_page(500), content_type=HTML_TYPE)
        try:
            reply = self._api_reply(emulator, request, ticket)
        except Exception:  # pylint: disable=broad-except
            if not self.server.quiet:
                traceback.print_exc()
        finally:
            emulator.end(request, reply)
        if reply.drop:
            self._drop()
        else:
            self._send(reply)

    @staticmethod
    def _api_reply(emulator: Emulator, request: ApiRequest, ticket: Ticket) -> Reply:
        if ticket.rejected:
            return Reply.api_error_reply(ApiError(340))
        if ticket.latency_ms:
            time.sleep(ticket.latency_ms / 1000.0)
        fault = ticket.fault
        if fault is None:
            return emulator.serve(request)
        if fault.kind == "delay":
            time.sleep(fault.params["ms"] / 1000.0)
            return emulator.serve(request)
        if fault.kind == "drop_connection":
            return Reply(status=0, drop=True)
        if fault.kind == "malformed_json":
            reply = emulator.serve(request)
            reply.body = reply.body[:max(1, len(reply.body) // 2)]
            return reply
        return fault_reply(fault)


def _url_host(host: str) -> str:
    if host in ("", "0.0.0.0", "::"):
        return "127.0.0.1"
    return f"[{host}]" if ":" in host else host


class EmulatorServer:  # pylint: disable=too-many-instance-attributes
    """Builds keys, data, TLS and the HTTP server; ``start()`` serves in a thread and writes emulator.json."""

    def __init__(self, options: Options) -> None:
        self.options = options
        self.state_dir = Path(options.state_dir)
        self.state_dir.mkdir(parents=True, exist_ok=True)
        self.info_path = self.state_dir / INFO_NAME
        self.info_path.unlink(missing_ok=True)
        self.keys = KeyMaterial.load_or_create(self.state_dir, options.seed)
        self.emulator = Emulator(options, self.keys)
        ssl_ctx, ca_path = server_context(self.state_dir) if options.tls else (None, None)
        self.httpd = EmulatorHTTPServer((options.host, options.port), self.emulator, ssl_ctx, options.quiet)
        scheme = "https" if options.tls else "http"
        root = f"{scheme}://{_url_host(options.host)}:{self.httpd.server_address[1]}"
        self.info: dict[str, Any] = {
            "url": root + API_BASE,
            "admin_url": root + "/__emulator",
            "account_id": self.keys.account_id,
            "child_account_ids": self.keys.child_account_ids,
            "api_key": self.emulator.auth.api_key,
            "ca_path": str(ca_path.resolve()) if ca_path else None,
            "pid": os.getpid(),
            "records": options.records,
            "credentials_path": str((self.state_dir / "credentials.json").resolve()),
        }
        self.httpd.info = self.info
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """The API base URL (``.../platform_api``)."""
        return str(self.info["url"])

    @property
    def admin_url(self) -> str:
        """The admin base URL (``.../__emulator``)."""
        return str(self.info["admin_url"])

    def start(self) -> dict[str, Any]:
        """Serve in a background thread and write ``emulator.json`` (atomically, mode 0600)."""
        self._thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.1},
                                        name="voximplant-emulator", daemon=True)
        self._thread.start()
        write_private_file(self.info_path, json.dumps(self.info, indent=2) + "\n")
        return self.info

    def stop(self) -> None:
        """Stop serving, close connections and remove ``emulator.json``."""
        if self._thread is not None:
            self.httpd.shutdown()
            self._thread.join(timeout=5)
            self._thread = None
        self.httpd.close_connections()
        self.httpd.server_close()
        try:
            if json.loads(self.info_path.read_text(encoding="utf-8")).get("pid") == os.getpid():
                self.info_path.unlink()
        except (OSError, ValueError):
            pass

    def __enter__(self) -> EmulatorServer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
