# -*- coding: utf-8 -*-
# Copyright (c) 2026, voximplant.management contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The table of GetSipRegistrations filters. PRIVATE: not a public API of the collection.

FILTERS drives the module's argument spec, the validation of both plugins, and the wire encoding;
adding a filter of an existing kind is one line here plus its doc fragment entry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable, Dict, Mapping, Optional, Tuple

from ansible_collections.voximplant.management.plugins.module_utils._errors import VoximplantValidationError
from ansible_collections.voximplant.management.plugins.module_utils._coerce import to_bool, to_int, to_list, to_text

LIST_SEPARATOR = ";"


@dataclass(frozen=True)
class ValueKind:
    """How one kind of filter is declared to Ansible, checked, and written on the wire."""

    ansible_type: str
    elements: Optional[str]
    normalize: Callable[[str, Any], Any]
    encode: Callable[[Any], str]


@dataclass(frozen=True)
class FilterSpec:
    name: str
    kind: ValueKind
    # Paging parameters are validated here but put on the wire by the pager, page by page.
    paging: bool = False


def _normalize_status_code(option: str, value: Any) -> str:
    text = to_text(option, value)
    items = [item.strip() for item in text.split(LIST_SEPARATOR)]
    for item in items:
        _check_status_item(option, item)
    return LIST_SEPARATOR.join(items)


_STATUS_ITEM = re.compile(r"^(\d+)(?::(\d+))?$")
_SIP_CODES = (100, 699)
_STATUS_GRAMMAR = "use a SIP code (100-699) or an inclusive range 'low:high', items joined by ';', e.g. '200;400:499'"


def _check_status_item(option: str, item: str) -> None:
    match = _STATUS_ITEM.match(item)
    if not match:
        raise VoximplantValidationError(option, f"'{item}' is not a status code or range: {_STATUS_GRAMMAR}")
    codes = [int(code) for code in match.groups() if code is not None]
    for code in codes:
        if not _SIP_CODES[0] <= code <= _SIP_CODES[1]:
            raise VoximplantValidationError(option, f"{code} in '{item}' is not a SIP status code: {_STATUS_GRAMMAR}")
    if len(codes) == 2 and codes[0] > codes[1]:
        raise VoximplantValidationError(option, f"range '{item}' is empty (low > high): {_STATUS_GRAMMAR}")


def status_code_ranges(option: str, value: Any) -> Tuple[Tuple[int, int], ...]:
    """The inclusive (low, high) ranges of a status-code filter, validated with the grammar above."""
    ranges = []
    for item in _normalize_status_code(option, value).split(LIST_SEPARATOR):
        low, _sep, high = item.partition(":")
        ranges.append((int(low), int(high or low)))
    return tuple(ranges)


def _normalize_id_list(option: str, value: Any) -> Tuple[int, ...]:
    return tuple(dict.fromkeys(to_int(option, item, minimum=1) for item in to_list(option, value)))


def _normalize_name_list(option: str, value: Any) -> Tuple[str, ...]:
    return tuple(dict.fromkeys(to_text(option, item, forbidden=LIST_SEPARATOR) for item in to_list(option, value)))


def _join(values: Tuple[Any, ...]) -> str:
    return LIST_SEPARATOR.join(str(value) for value in values)


ID = ValueKind("int", None, lambda option, value: to_int(option, value, minimum=1), str)
TEXT = ValueKind("str", None, to_text, str)
BOOL = ValueKind("bool", None, to_bool, lambda value: "true" if value else "false")
ID_LIST = ValueKind("list", "int", _normalize_id_list, _join)
NAME_LIST = ValueKind("list", "str", _normalize_name_list, _join)
STATUS_CODE = ValueKind("str", None, _normalize_status_code, str)
COUNT = ValueKind("int", None, lambda option, value: to_int(option, value, minimum=1), str)
OFFSET = ValueKind("int", None, lambda option, value: to_int(option, value, minimum=0), str)

FILTERS: Tuple[FilterSpec, ...] = (
    FilterSpec("sip_registration_id", ID),
    FilterSpec("sip_username", TEXT),
    FilterSpec("deactivated", BOOL),
    FilterSpec("successful", BOOL),
    FilterSpec("is_persistent", BOOL),
    FilterSpec("application_id", ID_LIST),
    FilterSpec("application_name", NAME_LIST),
    FilterSpec("is_bound_to_application", BOOL),
    FilterSpec("rule_id", ID_LIST),
    FilterSpec("rule_name", NAME_LIST),
    FilterSpec("user_id", ID_LIST),
    FilterSpec("user_name", NAME_LIST),
    FilterSpec("proxy", NAME_LIST),
    FilterSpec("in_progress", BOOL),
    FilterSpec("status_code", STATUS_CODE),
    FilterSpec("count", COUNT, paging=True),
    FilterSpec("offset", OFFSET, paging=True),
)

FILTER_NAMES: Tuple[str, ...] = tuple(spec.name for spec in FILTERS)

# The API accepts one member of each pair (error 458 otherwise): refuse both before asking.
EXCLUSIVE_PAIRS: Tuple[Tuple[str, str], ...] = (
    ("application_id", "application_name"),
    ("rule_id", "rule_name"),
    ("user_id", "user_name"),
)


@dataclass(frozen=True)
class RegistrationQuery:
    """A validated request: the wire form of the filters, and the window to list."""

    wire_filters: Dict[str, str]
    offset: int
    limit: Optional[int]


def filter_argument_spec() -> Dict[str, Dict[str, Any]]:
    spec: Dict[str, Dict[str, Any]] = {}
    for item in FILTERS:
        entry: Dict[str, Any] = {"type": item.kind.ansible_type}
        if item.kind.elements:
            entry["elements"] = item.kind.elements
        spec[item.name] = entry
    return spec


def build_query(options: Mapping[str, Any]) -> RegistrationQuery:
    """Validate every filter the user set and encode it; unset (None) filters are not sent."""
    given = {spec.name: options[spec.name] for spec in FILTERS if options.get(spec.name) is not None}
    for first, second in EXCLUSIVE_PAIRS:
        if first in given and second in given:
            raise VoximplantValidationError(first, f"'{first}' and '{second}' are mutually exclusive; set only one of them")
    values = {spec.name: spec.kind.normalize(spec.name, given[spec.name]) for spec in FILTERS if spec.name in given}
    wire = {spec.name: spec.kind.encode(values[spec.name]) for spec in FILTERS if spec.name in values and not spec.paging}
    return RegistrationQuery(wire_filters=wire, offset=values.get("offset", 0), limit=values.get("count"))
