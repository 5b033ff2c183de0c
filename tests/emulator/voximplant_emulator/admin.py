"""The admin API under ``/__emulator/`` (JSON, no authentication)."""
from __future__ import annotations

import json
from typing import Any, Callable
from urllib.parse import urlsplit

from voximplant_emulator.core import Emulator
from voximplant_emulator.forms import parse_urlencoded

ADMIN_PREFIX = "/__emulator"

AdminResult = tuple[int, Any]


def _json_body(body: bytes) -> dict[str, Any]:
    if not body.strip():
        return {}
    doc = json.loads(body.decode("utf-8"))
    if not isinstance(doc, dict):
        raise ValueError("the body must be a JSON object")
    return doc


def _records(emu: Emulator, query: dict[str, str], _body: bytes) -> AdminResult:
    account = int(query.get("account_id", emu.keys.account_id))
    if account not in emu.account_ids:
        return 404, {"error": f"unknown account_id {account}"}
    return 200, emu.account(account).records


def _stats(emu: Emulator, _query: dict[str, str], _body: bytes) -> AdminResult:
    return 200, emu.stats()


def _get_config(emu: Emulator, _query: dict[str, str], _body: bytes) -> AdminResult:
    return 200, emu.config.as_dict()


def _get_faults(emu: Emulator, _query: dict[str, str], _body: bytes) -> AdminResult:
    with emu.lock:
        return 200, {"faults": emu.faults.describe()}


def _reset(emu: Emulator, _query: dict[str, str], _body: bytes) -> AdminResult:
    emu.reset()
    return 200, {"ok": True}


def _set_config(emu: Emulator, _query: dict[str, str], body: bytes) -> AdminResult:
    return 200, emu.set_config(_json_body(body)).as_dict()


def _set_faults(emu: Emulator, _query: dict[str, str], body: bytes) -> AdminResult:
    doc = _json_body(body)
    return 200, {"faults": emu.set_faults(doc.get("faults", []))}


def _mutate(emu: Emulator, _query: dict[str, str], body: bytes) -> AdminResult:
    doc = _json_body(body)
    values = {}
    for name in ("insert", "delete"):
        value = doc.get(name, 0)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValueError(f"{name!r} must be an integer >= 0")
        values[name] = value
    account = doc.get("account_id")
    if account is not None and account not in emu.account_ids:
        return 404, {"error": f"unknown account_id {account}"}
    return 200, emu.mutate(values["insert"], values["delete"], account)


_READ_ONLY_FIELDS = ("sip_registration_id",)


def _update(emu: Emulator, _query: dict[str, str], body: bytes) -> AdminResult:
    doc = _json_body(body)
    rid, fields, account = doc.get("sip_registration_id"), doc.get("fields"), doc.get("account_id")
    if isinstance(rid, bool) or not isinstance(rid, int):
        raise ValueError("'sip_registration_id' must be an integer")
    if not isinstance(fields, dict) or not fields or any(name in _READ_ONLY_FIELDS for name in fields):
        raise ValueError("'fields' must be a non-empty object of record fields (not sip_registration_id)")
    if account is not None and account not in emu.account_ids:
        return 404, {"error": f"unknown account_id {account}"}
    try:
        return 200, emu.update(rid, fields, account)
    except KeyError:
        return 404, {"error": f"no registration {rid}"}


ROUTES: dict[tuple[str, str], Callable[[Emulator, dict[str, str], bytes], AdminResult]] = {
    ("GET", "records"): _records,
    ("GET", "stats"): _stats,
    ("GET", "config"): _get_config,
    ("GET", "faults"): _get_faults,
    ("POST", "reset"): _reset,
    ("POST", "config"): _set_config,
    ("POST", "faults"): _set_faults,
    ("POST", "mutate"): _mutate,
    ("POST", "update"): _update,
}


def handle_admin(emu: Emulator, info: dict[str, Any], method: str, target: str, body: bytes) -> AdminResult:
    """(HTTP status, JSON document) for an admin request; ``target`` is the request path with query."""
    split = urlsplit(target)
    path, query = split.path, parse_urlencoded(split.query)
    name = path[len(ADMIN_PREFIX):].strip("/")
    if method == "GET" and name in ("", "info"):
        return 200, info
    route = ROUTES.get((method, name))
    if route is None:
        known = {n for _method, n in ROUTES}
        return (405 if name in known else 404), {"error": f"no admin endpoint {method} {path}"}
    try:
        return route(emu, query, body)
    except (ValueError, TypeError) as exc:
        return 400, {"error": str(exc)}
