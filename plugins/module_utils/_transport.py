# -*- coding: utf-8 -*-
# Copyright (c) 2026, voximplant.management contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""One HTTP session per listing: signed POSTs, retries with backoff, decoding. PRIVATE: not a public API of the collection.

Each attempt is bounded: `timeout` for connecting and for each wait on the socket, the status line and
headers within `timeout` of the attempt's start (_deadline), and the whole body likewise, at most
MAX_RESPONSE_BYTES on the wire and decompressed (_response_body). A task therefore lasts at most
about timeout x attempts plus the backoff waits.
"""

from __future__ import annotations

import email.utils
import random
import ssl
import threading
import time
import warnings
from contextlib import nullcontext
from dataclasses import dataclass
from typing import Any, Callable, Dict, Iterator, Optional
from urllib.parse import urlsplit

from ansible_collections.voximplant.management.plugins.module_utils import _deadline, _deps
from ansible_collections.voximplant.management.plugins.module_utils._auth import Authenticator
from ansible_collections.voximplant.management.plugins.module_utils._connection import ConnectionSettings
from ansible_collections.voximplant.management.plugins.module_utils._errors import (
    VoximplantApiError,
    VoximplantCredentialsError,
    VoximplantTransportError,
    VoximplantValidationError,
)
from ansible_collections.voximplant.management.plugins.module_utils._redaction import redact
from ansible_collections.voximplant.management.plugins.module_utils._response_body import ACCEPT_ENCODING, BodyProblem, decode_json, read_body

USER_AGENT = "voximplant.management-ansible-collection/1.0"

# API codes that ask to try again later: 162 try later, 314 concurrent limit, 340 rate limit,
# 416 repeat after a pause, 484 rejected as a probable resend.
RETRYABLE_API_CODES = frozenset({162, 314, 340, 416, 484})
RETRYABLE_HTTP_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})
# Exponential backoff with jitter: attempt n waits a random time in [base*2^n / 2, base*2^n], capped.
BACKOFF_BASE_SECONDS = 0.5
BACKOFF_CAP_SECONDS = 20.0
# A server's Retry-After is honoured up to this long.
RETRY_AFTER_CAP_SECONDS = 60.0
# No retry wait starts once this much time has passed since the listing began.
RETRY_DEADLINE_SECONDS = 300.0
# What OpenSSL reports when the "TLS" server answers in plain HTTP (the version, then the record layer, by release).
_PLAIN_HTTP_SSL_REASONS = frozenset({"WRONG_VERSION_NUMBER", "RECORD_LAYER_FAILURE", "HTTP_REQUEST", "PACKET_LENGTH_TOO_LONG"})


@dataclass
class _Failure:
    retryable: bool
    problem: str
    http_status: Optional[int] = None
    api_code: Optional[int] = None
    api_message: str = ""
    retry_after: Optional[float] = None


class ApiTransport:
    """Posts API methods through one keep-alive session; thread-safe for concurrent pages."""

    def __init__(
        self,
        settings: ConnectionSettings,
        authenticator: Authenticator,
        session: Any = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        jitter: Callable[[], float] = random.random,
    ) -> None:
        self._settings = settings
        self._auth = authenticator
        self._session = session if session is not None else _new_session(settings.concurrency)
        # Only our own session has watched connections; an injected one (tests) is used as it is.
        self._watch_headers = session is None
        if settings.verify is False:
            # The user was warned once (validate_certs); urllib3 would warn again on every request, on stderr.
            _quiet_insecure_request_warnings()
        self._sleep = sleep
        self._clock = clock
        self._jitter = jitter
        self._started = clock()
        self._lock = threading.Lock()
        self.requests_made = 0
        # Attempts after a failure that may pass (also counted in requests_made).
        self.retries = 0

    def close(self) -> None:
        self._session.close()

    def __enter__(self) -> "ApiTransport":
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.close()

    def call(self, method: str, params: Dict[str, str]) -> Dict[str, Any]:
        """POST one method; returns the decoded success body or raises after the retry budget."""
        url = f"{self._settings.api_url}/{method}"
        attempts = 0
        while True:
            attempts += 1
            outcome = self._attempt(url, params)
            if isinstance(outcome, dict):
                return outcome
            wait = self._wait_before_retry(outcome, attempts)
            if wait is None:
                raise self._error(method, url, outcome, attempts)
            with self._lock:
                self.retries += 1
            self._sleep(wait)

    def _attempt(self, url: str, params: Dict[str, str]) -> Any:
        headers = {"User-Agent": USER_AGENT, "Accept": "application/json", "Accept-Encoding": ACCEPT_ENCODING}
        form = dict(params)
        self._auth.apply(headers, form)
        with self._lock:
            self.requests_made += 1
        exceptions = _deps.requests.exceptions
        started = self._clock()
        try:
            # Redirects are not followed: requests would re-send the form (and with it a legacy api_key) to
            # wherever the Location points, http:// included. stream: the body is read here, with bounds.
            with _deadline.header_deadline(self._settings.timeout) if self._watch_headers else nullcontext() as watch:
                try:
                    response = self._session.post(
                        url,
                        data=form,
                        headers=headers,
                        timeout=self._settings.timeout,
                        verify=self._settings.verify,
                        allow_redirects=False,
                        stream=True,
                        proxies=self._settings.proxy.request_proxies(),
                    )
                except exceptions.RequestException:
                    if watch is not None and watch.expired:
                        raise _deadline.DeadlinePassed() from None  # the shut-down socket's error says nothing more
                    raise
            if watch is not None and watch.expired:
                response.close()  # its socket was shut down: closed, never reused
                raise _deadline.DeadlinePassed()
        except _deadline.DeadlinePassed:
            return _Failure(True, f"no response within the timeout of {self._settings.timeout:g} s")
        except (exceptions.InvalidHeader, UnicodeError):
            # The request could not even be written: retrying cannot help, and the value must not be echoed.
            if self._auth.kind == "token":
                raise VoximplantCredentialsError("token", "cannot be sent in an HTTP header: it holds line breaks or characters that are not ASCII") from None
            return _Failure(False, "the request could not be encoded (an option holds line breaks or characters that are not ASCII)")
        except (exceptions.InvalidURL, exceptions.InvalidSchema, exceptions.MissingSchema):
            raise VoximplantValidationError("api_url", "is not a valid URL (check the host name and the port)") from None
        except exceptions.SSLError as exc:
            if _is_plain_http_answer(exc):
                return _Failure(
                    False,
                    f"the server at {_origin(url)} answered in plain HTTP, not TLS: use an http:// api_url "
                    "(loopback only, unless allow_insecure_http) or the port that serves TLS",
                )
            return _Failure(False, "TLS verification failed (set ca_path to the CA bundle that signed the server's certificate)")
        except _deps.requests.exceptions.Timeout:
            return _Failure(True, f"no response within the timeout of {self._settings.timeout:g} s")
        except _deps.requests.exceptions.RequestException as exc:
            return _Failure(True, f"connection failed: {_root_cause(exc)}")
        try:
            return self._decode(response, started)
        finally:
            response.close()

    def _decode(self, response: Any, started: float) -> Any:
        status = response.status_code
        if status != 200:
            return _status_failure(response)  # its body is never read
        try:
            body = decode_json(read_body(response, started + self._settings.timeout, self._clock, self._settings.timeout))
        except BodyProblem as problem:
            return _Failure(problem.retryable, problem.problem, http_status=status)
        except _deps.urllib3.exceptions.ReadTimeoutError:
            return _Failure(True, f"no complete response within the timeout of {self._settings.timeout:g} s", http_status=status)
        except (_deps.urllib3.exceptions.HTTPError, OSError) as exc:
            return _Failure(True, f"connection failed: {_root_cause(exc)}", http_status=status)
        return _api_body(body, status)

    def _wait_before_retry(self, failure: _Failure, attempts: int) -> Optional[float]:
        if not failure.retryable or attempts > self._settings.retries:
            return None
        backoff = min(BACKOFF_CAP_SECONDS, BACKOFF_BASE_SECONDS * (2 ** (attempts - 1)))
        wait = backoff * (0.5 + 0.5 * self._jitter())
        if failure.retry_after is not None:
            wait = max(wait, min(failure.retry_after, RETRY_AFTER_CAP_SECONDS))
        if self._clock() + wait - self._started > RETRY_DEADLINE_SECONDS:
            return None
        return wait

    def _error(self, method: str, url: str, failure: _Failure, attempts: int) -> Exception:
        if failure.api_code is not None:
            return VoximplantApiError(method, failure.api_code, self._redact(failure.api_message), attempts)
        return VoximplantTransportError(method, url, self._redact(failure.problem), attempts, failure.http_status)

    def _redact(self, text: str) -> str:
        """Server-supplied text could echo what it was sent, in any encoding; never let a secret through."""
        return redact(text, self._auth.secrets() + self._settings.proxy.secrets())


def _is_plain_http_answer(exc: BaseException) -> bool:
    """Whether an SSLError means the server spoke plain HTTP (not a certificate problem)."""
    return any(isinstance(current, ssl.SSLError) and (current.reason or "") in _PLAIN_HTTP_SSL_REASONS for current in _causes(exc))


def _root_cause(exc: BaseException) -> str:
    """The innermost socket-level reason (e.g. 'Connection refused'), without URLs or request data."""
    reason = type(exc).__name__
    for current in _causes(exc):
        if isinstance(current, OSError) and current.strerror:
            return current.strerror
        if type(current).__name__ in ("RemoteDisconnected", "ProtocolError", "IncompleteRead"):
            reason = "the server closed the connection without a complete response"
    return reason


def _causes(exc: BaseException) -> Iterator[BaseException]:
    """exc, then what it wraps, innermost last: requests and urllib3 nest the socket error in reason/args/__cause__."""
    seen = set()
    current: Optional[BaseException] = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        nested = getattr(current, "reason", None)
        if not isinstance(nested, BaseException):
            nested = next((arg for arg in current.args if isinstance(arg, BaseException)), None)
        current = nested or current.__cause__ or current.__context__


def _quiet_insecure_request_warnings() -> None:
    try:
        from urllib3.exceptions import InsecureRequestWarning
    except ImportError:  # pragma: no cover - urllib3 comes with requests
        return
    warnings.filterwarnings("ignore", category=InsecureRequestWarning)


def _new_session(pool_size: int) -> Any:
    session = _deps.requests.Session()
    adapter = _deadline.watched_adapter(max(pool_size, 1))
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    return session


def _status_failure(response: Any) -> _Failure:
    status = response.status_code
    if 300 <= status < 400:
        target = _origin(response.headers.get("Location"))
        return _Failure(False, f"HTTP {status} redirect to {target} not followed: set api_url to the address the API really serves", http_status=status)
    return _Failure(
        status in RETRYABLE_HTTP_STATUSES or status >= 500,
        f"HTTP {status} {str(response.reason or '')[:200]}".rstrip(),
        http_status=status,
        retry_after=_retry_after(response.headers.get("Retry-After")),
    )


def _api_body(body: Any, status: int) -> Any:
    if not isinstance(body, dict):
        return _Failure(False, "HTTP 200 with JSON that is not an object", http_status=status)
    error = body.get("error")
    if error is not None:
        code, message = _api_error_fields(error)
        return _Failure(code in RETRYABLE_API_CODES, f"API error {code}", http_status=status, api_code=code, api_message=message)
    return body


def _origin(location: Optional[str]) -> str:
    """scheme://host[:port] of a redirect target: enough to act on, without a path or query that might carry data."""
    if not location:
        return "an unnamed location"
    try:
        parts = urlsplit(location)
        host = parts.hostname
        port = parts.port
    except ValueError:
        return "an invalid location"
    if not host:
        return "another path of the same server"
    return f"{parts.scheme}://{host}" + (f":{port}" if port else "")


def _api_error_fields(error: Any) -> tuple:
    if isinstance(error, dict):
        code = error.get("code")
        return (code if isinstance(code, int) else None), str(error.get("msg") or error.get("message") or "no message")
    return None, str(error)[:200]


def _retry_after(value: Optional[str]) -> Optional[float]:
    """Seconds from a Retry-After header: delta-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return max(0.0, moment.timestamp() - time.time())
