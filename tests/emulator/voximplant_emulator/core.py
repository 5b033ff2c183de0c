"""The emulator's state and the GetSipRegistrations logic, independent of HTTP."""
from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from voximplant_emulator.auth import Authenticator, KeyMaterial, split_authorization
from voximplant_emulator.config import Options, RuntimeConfig
from voximplant_emulator.data import AccountData, generate_account, mutate, update
from voximplant_emulator.errors import ApiError
from voximplant_emulator.faults import Fault, FaultQueue
from voximplant_emulator.filters import PARAMETERS, parse_query, run_query

API_BASE = "/platform_api"
METHOD = "GetSipRegistrations"
JSON_TYPE = "application/json; charset=utf-8"
# Parameters of every API request besides the method's own: the method name and the legacy credentials.
ENVELOPE_PARAMETERS = frozenset({"cmd", "account_id", "api_key"})


def dump_json(payload: Any) -> bytes:
    """Compact UTF-8 JSON (non-ASCII kept as is, as a real server may send it)."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


@dataclass
class ApiRequest:
    """What the HTTP layer hands over for one API request."""

    http_method: str
    path: str
    params: dict[str, str]
    authorization: str | None = None

    @property
    def auth_kind(self) -> str:
        """'jwt', 'api_key' or 'none' (what the request presented, valid or not)."""
        if self.authorization is not None and split_authorization(self.authorization)[0] == "bearer":
            return "jwt"
        if "api_key" in self.params:
            return "api_key"
        return "none"


@dataclass
class Reply:
    """What the HTTP layer sends back (``drop`` = close the socket without an answer)."""

    status: int = 200
    body: bytes = b""
    content_type: str = JSON_TYPE
    headers: dict[str, str] = field(default_factory=dict)
    api_error: int | None = None
    drop: bool = False

    @classmethod
    def api_error_reply(cls, error: ApiError) -> Reply:
        """HTTP 200 with the API error document."""
        return cls(body=dump_json(error.payload()), api_error=error.code)


@dataclass
class Ticket:
    """Bookkeeping of one in-flight API request."""

    fault: Fault | None
    rejected: bool
    latency_ms: int


class Emulator:  # pylint: disable=too-many-instance-attributes
    """Data sets, configuration, faults and statistics; thread-safe."""

    def __init__(self, options: Options, keys: KeyMaterial, api_key: str | None = None) -> None:
        self.options = options
        self.keys = keys
        self.lock = threading.RLock()
        self.initial_config = options.runtime
        self.config: RuntimeConfig = options.runtime
        self.auth = Authenticator(keys, api_key, clock=self.now)
        self.faults = FaultQueue()
        self._accounts: dict[int, AccountData] = {}
        self._account_sizes = {keys.account_id: options.records}
        for index, child in enumerate(keys.child_account_ids, start=1):
            self._account_sizes[child] = options.records // (index + 1)
        self.in_flight = 0
        self.max_in_flight = 0
        self.api_requests = 0
        self.requests: list[dict[str, Any]] = []
        self.secrets_seen: list[str] = []
        self._secret_set: set[str] = set()
        self.ignored_parameters: dict[str, int] = {}
        # sip_registration_id -> (record, its JSON): records are never changed in place, so a hit
        # is valid while the cached object is the one being served.
        self._encoded: dict[int, dict[int, tuple[dict[str, Any], bytes]]] = {}
        self.account(keys.account_id)

    # --- data -------------------------------------------------------------------------------
    @property
    def account_ids(self) -> list[int]:
        """Main account first, then the children."""
        return list(self._account_sizes)

    def account(self, account_id: int) -> AccountData:
        """The data set of an account, generated on first use; KeyError for unknown accounts."""
        data = self._accounts.get(account_id)
        if data is None:
            size = self._account_sizes[account_id]
            with self.lock:
                data = self._accounts.get(account_id)
                if data is None:
                    data = generate_account(self.options.seed, account_id, size)
                    self._accounts[account_id] = data
        return data

    def mutate(self, insert: int, delete: int, account_id: int | None = None) -> dict[str, list[int]]:
        """Insert/delete records now (see data.mutate)."""
        data = self.account(account_id if account_id is not None else self.keys.account_id)
        with self.lock:
            return mutate(data, insert, delete)

    def now(self) -> float:
        """The server's clock: the host's shifted by the ``clock_offset`` switch."""
        return time.time() + self.config.clock_offset

    def update(self, sip_registration_id: int, fields: dict[str, Any], account_id: int | None = None) -> dict[str, Any]:
        """Change fields of one record now (see data.update)."""
        data = self.account(account_id if account_id is not None else self.keys.account_id)
        with self.lock:
            return update(data, sip_registration_id, fields)

    # --- admin ------------------------------------------------------------------------------
    def reset(self) -> None:
        """Clear statistics and faults, restore the original data sets and configuration."""
        with self.lock:
            self.config = self.initial_config
            self.faults.clear()
            for data in self._accounts.values():
                data.reset()
            self.api_requests = 0
            self.requests = []
            self.secrets_seen = []
            self._secret_set = set()
            self.ignored_parameters = {}
            self.max_in_flight = self.in_flight

    def set_config(self, changes: dict[str, Any]) -> RuntimeConfig:
        """Apply run-time config changes (ValueError when invalid)."""
        with self.lock:
            self.config = self.config.updated(changes)
            return self.config

    def set_faults(self, specs: Any) -> list[dict[str, Any]]:
        """Replace the fault queue (ValueError when invalid)."""
        with self.lock:
            self.faults.replace(specs)
            return self.faults.describe()

    def stats(self) -> dict[str, Any]:
        """Snapshot of the request statistics."""
        with self.lock:
            return {
                "api_requests": self.api_requests,
                "requests": list(self.requests),
                "max_in_flight": self.max_in_flight,
                "in_flight": self.in_flight,
                "secrets_seen": list(self.secrets_seen),
                "ignored_parameters": dict(self.ignored_parameters),
            }

    # --- request lifecycle ------------------------------------------------------------------
    def _remember_secret(self, value: str | None) -> None:
        if value and value not in self._secret_set:
            self._secret_set.add(value)
            self.secrets_seen.append(value)

    def begin(self, request: ApiRequest) -> Ticket:
        """Count the request, fire due mutations, pick its fault or reject it (max_concurrent)."""
        with self.lock:
            self.api_requests += 1
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
            if request.authorization is not None:
                self._remember_secret(split_authorization(request.authorization)[1] or request.authorization)
            self._remember_secret(request.params.get("api_key"))
            for trigger in self.faults.due_mutations():
                account = trigger.account_id if trigger.account_id is not None else self.keys.account_id
                if account in self._account_sizes:
                    mutate(self.account(account), trigger.insert, trigger.delete)
            config = self.config
            rejected = config.max_concurrent is not None and self.in_flight > config.max_concurrent
            fault = None if rejected else self.faults.take()
            return Ticket(fault=fault, rejected=rejected, latency_ms=config.latency_ms)

    def end(self, request: ApiRequest, reply: Reply) -> None:
        """Record the outcome; the request no longer counts as in flight."""
        params = {k: v for k, v in request.params.items() if k != "api_key"}
        entry = {
            "path": request.path,
            "params": params,
            "auth": request.auth_kind,
            "status": 0 if reply.drop else reply.status,
            "api_error": reply.api_error,
            "t": time.monotonic(),
        }
        with self.lock:
            self.in_flight -= 1
            self.requests.append(entry)

    def _count_ignored(self, params: dict[str, str]) -> None:
        """Count the parameters the method does not know: the API ignores them, a misspelt filter goes unnoticed."""
        ignored = set(params) - PARAMETERS - ENVELOPE_PARAMETERS
        if ignored:
            with self.lock:
                for name in ignored:
                    self.ignored_parameters[name] = self.ignored_parameters.get(name, 0) + 1

    # --- the API ----------------------------------------------------------------------------
    def _authenticate(self, request: ApiRequest) -> int:
        if request.authorization is not None:
            scheme, token = split_authorization(request.authorization)
            if scheme != "bearer":
                raise ApiError(100)
            if not token:
                raise ApiError(447)
            return self.auth.verify_jwt(token)
        if "api_key" in request.params:
            return self.auth.verify_api_key(request.params.get("account_id"), request.params["api_key"])
        raise ApiError(100)

    def serve(self, request: ApiRequest) -> Reply:
        """Answer one API request (no faults, no latency)."""
        path = request.path.rstrip("/")
        if path == API_BASE:
            method = request.params.get("cmd")
            if not method:
                return Reply.api_error_reply(ApiError(102))
        elif path.startswith(API_BASE + "/"):
            method = path[len(API_BASE) + 1:]
        else:
            return Reply(status=404, body=b"<html><body><h1>404 Not Found</h1></body></html>",
                         content_type="text/html; charset=utf-8")
        try:
            if method != METHOD:
                raise ApiError(103)
            self._count_ignored(request.params)
            account_id = self._authenticate(request)
            config = self.config
            query = parse_query(request.params, config)
            page, total = run_query(self.account(account_id).records, query)
        except ApiError as error:
            return Reply.api_error_reply(error)
        count = len(page) if config.count_means == "page" else total
        items = b",".join(self._encode(account_id, record) for record in page)
        return Reply(body=b'{"result":[' + items + b'],"count":' + str(count).encode("ascii") + b"}")

    def _encode(self, account_id: int, record: dict[str, Any]) -> bytes:
        cache = self._encoded.setdefault(account_id, {})
        rid = record["sip_registration_id"]
        entry = cache.get(rid)
        if entry is None or entry[0] is not record:
            entry = (record, dump_json(record))
            cache[rid] = entry
        return entry[1]
