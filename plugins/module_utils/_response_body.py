# -*- coding: utf-8 -*-
# Copyright (c) 2026, voximplant.management contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Bounded reading and strict decoding of a response body. PRIVATE: not a public API of the collection.

A server decides how long and how large its answer is; this file does not let it decide how much
memory or time a task spends. The body is streamed in chunks and counted on the wire and after
decompression (done here, bounded per step, so a gzip bomb is caught while it expands), and it must
arrive completely before the request's deadline. Its bytes are decoded as strict UTF-8 JSON.
"""

from __future__ import annotations

import json
import zlib
from typing import Any, Callable, Iterator, Optional

# A full page of 10000 emulator records is 3.9 MB (5.2 MB pretty-printed): 64 MiB leaves 16 times that
# for real records with long names, and bounds what one response can cost, compressed or not.
MAX_RESPONSE_BYTES = 64 * 1024 * 1024
READ_CHUNK_BYTES = 64 * 1024
# Only what this file can decompress with a bound; requests would otherwise offer br/zstd when installed.
ACCEPT_ENCODING = "gzip, deflate"


class BodyProblem(Exception):
    """The body cannot be used; `retryable` tells whether another attempt may do better."""

    def __init__(self, problem: str, retryable: bool) -> None:
        super().__init__(problem)
        self.problem = problem
        self.retryable = retryable


def read_body(response: Any, deadline: float, clock: Callable[[], float], timeout: float) -> bytes:
    """The decoded bytes of a streamed response (requests, stream=True), within the bounds or BodyProblem."""
    declared = (response.headers.get("Content-Length") or "").strip()
    if declared.isdigit() and int(declared) > MAX_RESPONSE_BYTES:
        raise BodyProblem(f"HTTP 200 with a body of {int(declared)} bytes, over the limit of {MAX_RESPONSE_BYTES} bytes", False)
    decoder = _Decoder(response.headers.get("Content-Encoding"))
    # read1 returns what one read of the socket brings: read(n) would wait for n bytes, past the deadline
    # (urllib3 < 2 has no read1; there the deadline is checked after each chunk).
    read = getattr(response.raw, "read1", None) or response.raw.read
    chunks = []
    wire = size = 0
    while True:
        if clock() > deadline:
            raise BodyProblem(f"the response did not arrive completely within the timeout of {timeout:g} s", True)
        data = read(READ_CHUNK_BYTES, decode_content=False)
        if not data:
            break
        wire += len(data)
        if wire > MAX_RESPONSE_BYTES:
            raise BodyProblem(f"HTTP 200 with a body over the limit of {MAX_RESPONSE_BYTES} bytes", False)
        for piece in decoder.feed(data):
            size += len(piece)
            if size > MAX_RESPONSE_BYTES:
                raise BodyProblem(f"HTTP 200 with a body that decompresses to over the limit of {MAX_RESPONSE_BYTES} bytes", False)
            chunks.append(piece)
    decoder.finish()
    return b"".join(chunks)


def decode_json(body: bytes) -> Any:
    """The JSON value of the body; invalid UTF-8 is an invalid body like malformed JSON, never U+FFFD."""
    try:
        text = body.decode("utf-8-sig")  # strict; a leading byte-order mark is tolerated
    except UnicodeDecodeError as exc:
        raise BodyProblem(f"HTTP 200 with a body that is not JSON (invalid UTF-8 at byte {exc.start})", True) from None
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        raise BodyProblem("HTTP 200 with a body that is not JSON", True) from None


class _Decoder:
    """Content-Encoding identity, gzip or deflate, decompressed at most READ_CHUNK_BYTES per step."""

    def __init__(self, encoding: Optional[str]) -> None:
        name = (encoding or "identity").strip().lower()
        if name not in ("identity", "gzip", "x-gzip", "deflate"):
            raise BodyProblem(f"HTTP 200 with a body in the unsupported Content-Encoding {name[:40]!r}", False)
        self._name = name
        self._zlib: Any = None
        if name in ("gzip", "x-gzip"):
            self._zlib = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif name == "deflate":
            self._zlib = zlib.decompressobj()
        self._started = False

    def feed(self, data: bytes) -> Iterator[bytes]:
        if self._zlib is None:
            yield data
            return
        try:
            if self._name == "deflate" and not self._started:
                data = self._first_deflate(data)
            self._started = True
            piece = self._zlib.decompress(data, READ_CHUNK_BYTES)
            yield piece
            # A full step may leave input unread, or output pending inside zlib: drain both, step by step.
            while self._zlib.unconsumed_tail or len(piece) == READ_CHUNK_BYTES:
                piece = self._zlib.decompress(self._zlib.unconsumed_tail, READ_CHUNK_BYTES)
                if not piece and not self._zlib.unconsumed_tail:
                    break
                yield piece
        except zlib.error:
            raise BodyProblem(f"HTTP 200 with a body that is not valid {self._name} data", True) from None

    def _first_deflate(self, data: bytes) -> bytes:
        # "deflate" is zlib-wrapped by the standard, raw by some servers: accept both, like browsers.
        probe = zlib.decompressobj()
        try:
            probe.decompress(data[:2])
        except zlib.error:
            self._zlib = zlib.decompressobj(-zlib.MAX_WBITS)
        return data

    def finish(self) -> None:
        if self._zlib is not None and not self._zlib.eof:
            raise BodyProblem(f"HTTP 200 with a truncated {self._name} body", True)
        if self._zlib is not None and self._zlib.unused_data:
            # Another gzip member, or garbage: never silently dropped.
            raise BodyProblem(f"HTTP 200 with data after the end of its {self._name} body", True)
