"""GetSipRegistrations parameters: validation with the API's error codes, and filtering."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable

from voximplant_emulator.config import RuntimeConfig
from voximplant_emulator.errors import ApiError, invalid_value

Record = dict[str, Any]
Predicate = Callable[[Record], bool]

EXCLUSIVE_PAIRS = (
    ("application_id", "application_name"),
    ("rule_id", "rule_name"),
    ("user_id", "user_name"),
)
# Error code for a non-numeric item of an id list.
ID_LIST_CODES = {"application_id": 116, "user_id": 117, "rule_id": 147}
BOOL_FIELDS = ("deactivated", "successful", "is_persistent", "is_bound_to_application", "in_progress")
NAME_LISTS = ("application_name", "rule_name", "user_name", "proxy")
ID_LISTS = ("application_id", "rule_id", "user_id")  # validation order
# Every parameter GetSipRegistrations reads; the others are ignored (and counted in the stats).
PARAMETERS = frozenset({"sip_registration_id", "sip_username", *BOOL_FIELDS, *ID_LISTS, *NAME_LISTS,
                        "status_code", "count", "offset"})

_INT_RE = re.compile(r"^[+-]?[0-9]+$")
_ID_RE = re.compile(r"^[0-9]+$")
_STATUS_ITEM_RE = re.compile(r"^([0-9]+)(?::([0-9]+))?$")


@dataclass
class Query:
    """A validated request: predicates (all must hold), page size and offset."""

    predicates: list[Predicate] = field(default_factory=list)
    count: int = 20
    offset: int = 0


def parse_bool(name: str, value: str) -> bool:
    """true/false/1/0, any case; anything else is error 496."""
    lowered = value.lower()
    if lowered in ("true", "1"):
        return True
    if lowered in ("false", "0"):
        return False
    raise invalid_value(name)


def parse_int(name: str, value: str) -> int:
    """A decimal integer (optional sign); anything else is error 496."""
    if not _INT_RE.match(value):
        raise invalid_value(name)
    return int(value)


def parse_id_list(name: str, value: str) -> set[int]:
    """``1;2;3``; an empty or non-numeric item is error 116/117/147."""
    ids = set()
    for item in value.split(";"):
        if not _ID_RE.match(item):
            raise ApiError(ID_LIST_CODES[name], f"{ApiError(ID_LIST_CODES[name]).msg}: {item!r}")
        ids.add(int(item))
    return ids


def parse_name_list(name: str, value: str) -> set[str]:
    """``a;b``; empty items are dropped, nothing left is error 496."""
    names = {item for item in value.split(";") if item != ""}
    if not names:
        raise invalid_value(name)
    return names


def parse_status_codes(value: str) -> list[tuple[int, int]]:
    """``200;400:499`` -> inclusive ranges; empty items, a > b or other text is error 496."""
    ranges = []
    for item in value.split(";"):
        match = _STATUS_ITEM_RE.match(item)
        if not match:
            raise invalid_value("status_code")
        low = int(match.group(1))
        high = int(match.group(2)) if match.group(2) is not None else low
        if low > high:
            raise invalid_value("status_code")
        ranges.append((low, high))
    return ranges


def _bool_predicate(name: str, wanted: bool) -> Predicate:
    if name == "successful":
        return lambda r: r.get("successful") is wanted
    if name == "in_progress":
        return lambda r: ("successful" not in r) is wanted
    if name == "is_bound_to_application":
        return lambda r: ("application_id" in r) is wanted
    return lambda r: r[name] is wanted


def _status_predicate(ranges: list[tuple[int, int]]) -> Predicate:
    def match(record: Record) -> bool:
        code = record.get("status_code")
        if code is None:
            return False
        return any(low <= code <= high for low, high in ranges)
    return match


def _filter_predicates(params: dict[str, str]) -> list[Predicate]:
    preds: list[Predicate] = []
    if "sip_registration_id" in params:
        wanted_id = parse_int("sip_registration_id", params["sip_registration_id"])
        preds.append(lambda r: r["sip_registration_id"] == wanted_id)
    if "sip_username" in params:
        wanted_name = params["sip_username"]
        preds.append(lambda r: r["sip_username"] == wanted_name)
    for name in BOOL_FIELDS:
        if name in params:
            preds.append(_bool_predicate(name, parse_bool(name, params[name])))
    for name in ID_LISTS:
        if name in params:
            ids = parse_id_list(name, params[name])
            preds.append(lambda r, key=name, wanted=ids: r.get(key) in wanted)
    for name in NAME_LISTS:
        if name in params:
            names = parse_name_list(name, params[name])
            preds.append(lambda r, key=name, wanted=names: r.get(key) in wanted)
    if "status_code" in params:
        preds.append(_status_predicate(parse_status_codes(params["status_code"])))
    return preds


def parse_query(params: dict[str, str], config: RuntimeConfig) -> Query:
    """Validate ``params`` in a fixed order and build the query; raises ApiError.

    Order: exclusive pairs (458), filters in table order, then count and offset (496).
    """
    for first, second in EXCLUSIVE_PAIRS:
        if first in params and second in params:
            raise ApiError(458, f"Only one of the parameters is allowed: {first}, {second}")
    query = Query(predicates=_filter_predicates(params), count=config.default_count)
    if "count" in params:
        query.count = parse_int("count", params["count"])
        if query.count < 1:
            raise invalid_value("count")
    if "offset" in params:
        query.offset = parse_int("offset", params["offset"])
        if query.offset < 0:
            raise invalid_value("offset")
    query.count = min(query.count, config.page_cap)
    return query


def run_query(records: list[Record], query: Query) -> tuple[list[Record], int]:
    """(page, total matching) — one list comprehension per predicate, then a slice."""
    matching = records
    for predicate in query.predicates:
        matching = [r for r in matching if predicate(r)]
    return matching[query.offset:query.offset + query.count], len(matching)
