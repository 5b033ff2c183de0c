# -*- coding: utf-8 -*-
# Copyright (c) 2026, voximplant.management contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A watchdog that ends the wait for a response's headers at the attempt's deadline. PRIVATE: not a public API of the collection.

http.client reads the status line and the headers inside requests/urllib3, with `timeout` on each wait
for data but none on their total: a server sending a header byte every second would hold a task. The
connections of watched_adapter() record, for the attempt running in their thread (a thread-local
watch set by header_deadline), a duplicate of the socket they use; a timer started with the attempt
shuts that socket down when the time is up, so the blocked read ends at once. The connection then
fails or is closed by the caller, never reused. Unwatched threads (no header_deadline) are untouched.
"""

from __future__ import annotations

import functools
import socket
import threading
from contextlib import contextmanager
from typing import Any, Iterator, List

from ansible_collections.voximplant.management.plugins.module_utils import _deps

_current = threading.local()


class DeadlinePassed(Exception):
    """The attempt's time ran out before its response headers were complete."""


class _Watch:
    """The sockets of one attempt; shut down once its time is up, closed (the duplicates) when it ends."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._sockets: List[socket.socket] = []
        self._finished = False
        self.expired = False

    def track(self, sock: Any) -> None:
        try:
            # A duplicate of our own: shutting it down ends the connection for every descriptor of it, and
            # unlike the connection's socket (or an SSLSocket's state) it cannot be closed or reused under us.
            duplicate = socket.fromfd(sock.fileno(), sock.family, sock.type)
        except (OSError, ValueError, AttributeError):
            return  # no usable descriptor: nothing to wait on
        with self._lock:
            self._sockets.append(duplicate)
            if self.expired:
                _shut(duplicate)

    def expire(self) -> None:
        with self._lock:
            if self._finished:
                return
            self.expired = True
            for sock in self._sockets:
                _shut(sock)

    def finish(self) -> None:
        with self._lock:
            self._finished = True
            sockets, self._sockets = self._sockets, []
        for sock in sockets:
            sock.close()


def _shut(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass  # already closed by the peer: the read has ended anyway


def _track(sock: Any) -> None:
    watch = getattr(_current, "watch", None)
    if watch is not None and sock is not None:
        watch.track(sock)


@contextmanager
def header_deadline(seconds: float) -> Iterator[_Watch]:
    """Watch the requests made in this thread; `expired` tells whether their sockets were shut at the deadline."""
    watch = _Watch()
    timer = threading.Timer(seconds, watch.expire)
    timer.daemon = True
    _current.watch = watch
    timer.start()
    try:
        yield watch
    finally:
        timer.cancel()
        timer.join()  # quick once cancelled: no timer thread outlives its attempt
        _current.watch = None
        watch.finish()


def watched_adapter(pool_maxsize: int) -> Any:
    """A requests HTTPAdapter whose http and https pools (direct or through an HTTP proxy) use watched connections."""
    return _classes()["adapter"](pool_connections=1, pool_maxsize=pool_maxsize)


@functools.lru_cache(maxsize=None)
def _classes() -> dict:
    """Built on first use: requests and urllib3 are optional imports (_deps), checked by the faces first."""
    urllib3 = _deps.urllib3

    class _Tracked:
        def _new_conn(self) -> Any:
            sock = super()._new_conn()  # type: ignore[misc]  # the TCP socket, before any TLS handshake
            _track(sock)
            return sock

        def getresponse(self, *args: Any, **kwargs: Any) -> Any:
            _track(self.sock)  # type: ignore[attr-defined]  # also a kept-alive connection, reused
            return super().getresponse(*args, **kwargs)  # type: ignore[misc]

    class _HTTPConnection(_Tracked, urllib3.connection.HTTPConnection):
        pass

    class _HTTPSConnection(_Tracked, urllib3.connection.HTTPSConnection):
        pass

    class _HTTPPool(urllib3.connectionpool.HTTPConnectionPool):
        ConnectionCls = _HTTPConnection

    class _HTTPSPool(urllib3.connectionpool.HTTPSConnectionPool):
        ConnectionCls = _HTTPSConnection

    pools = {"http": _HTTPPool, "https": _HTTPSPool}

    def watch_pools(manager: Any) -> Any:
        # A SOCKS manager has pool classes of its own: left as they are (each read still bounded by timeout).
        if manager.pool_classes_by_scheme is urllib3.poolmanager.pool_classes_by_scheme:
            manager.pool_classes_by_scheme = pools
        return manager

    class _WatchedAdapter(_deps.requests.adapters.HTTPAdapter):
        def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
            super().init_poolmanager(*args, **kwargs)
            watch_pools(self.poolmanager)

        def proxy_manager_for(self, proxy: Any, **proxy_kwargs: Any) -> Any:
            return watch_pools(super().proxy_manager_for(proxy, **proxy_kwargs))

    return {"adapter": _WatchedAdapter}
