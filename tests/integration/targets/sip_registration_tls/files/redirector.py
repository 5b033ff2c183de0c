"""A loopback HTTP server that answers every request with a redirect (test helper).

Usage: redirector.py STATUS TARGET_BASE PORT_FILE. Answers STATUS with Location: TARGET_BASE + the
request path, for 300 s at most. It counts nothing: the emulator behind TARGET_BASE tells whether
anyone followed.
"""

from __future__ import annotations

import os
import sys
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer


class Redirect(BaseHTTPRequestHandler):
    status = 307
    target = ""

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        self.send_response(self.status)
        self.send_header("Location", self.target + self.path)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_GET = _answer
    do_POST = _answer

    def log_message(self, *args) -> None:
        pass


def main() -> None:
    # A safety net: never outlive the target by much, even if nobody stops it.
    watchdog = threading.Timer(300, os._exit, [0])
    watchdog.daemon = True
    watchdog.start()
    Redirect.status = int(sys.argv[1])
    Redirect.target = sys.argv[2].rstrip("/")
    server = HTTPServer(("127.0.0.1", 0), Redirect)
    with open(sys.argv[3] + ".tmp", "w", encoding="utf-8") as handle:
        handle.write(str(server.server_address[1]))
    os.replace(sys.argv[3] + ".tmp", sys.argv[3])
    server.serve_forever()


if __name__ == "__main__":
    main()
