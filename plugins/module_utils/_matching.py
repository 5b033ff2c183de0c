# -*- coding: utf-8 -*-
# Copyright (c) 2026, voximplant.management contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Filters dicts tested against records, with the API filter's meaning. PRIVATE: not a public API of the collection.

A filters dict uses the vocabulary of the module's filters (FILTERS in _filters.py) and is validated with
the same rules: each value is normalized by its kind, the exclusive pairs are refused, status codes follow the
'200;400:499' grammar. Only the paging parameters (count, offset) have no meaning for one record and are refused.
The meaning is the API's (and the emulator's): every key must hold (AND); `successful: false` matches failed
registrations only (one in progress has no result yet); `in_progress` means `successful` is absent;
`is_bound_to_application` means `application_id` is present; a list matches when the record's value is one of
its items; a record without a status code matches no `status_code`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Dict, Iterable, List, Mapping, Optional, Tuple

from ansible_collections.voximplant.management.plugins.module_utils._errors import VoximplantValidationError
from ansible_collections.voximplant.management.plugins.module_utils._filters import (
    BOOL,
    EXCLUSIVE_PAIRS,
    FILTERS,
    ID,
    ID_LIST,
    NAME_LIST,
    STATUS_CODE,
    TEXT,
    FilterSpec,
    status_code_ranges,
)

Record = Mapping[str, Any]

# What the boolean filters read from a record (None: the record has no answer, so it matches neither value).
_BOOLEAN_READERS: Dict[str, Callable[[Record], Optional[bool]]] = {
    "successful": lambda record: record.get("successful") if isinstance(record.get("successful"), bool) else None,
    "in_progress": lambda record: record.get("successful") is None,
    "is_bound_to_application": lambda record: record.get("application_id") is not None,
    "deactivated": lambda record: record.get("deactivated") is True,
    "is_persistent": lambda record: record.get("is_persistent") is True,
}

MATCHABLE: Tuple[FilterSpec, ...] = tuple(spec for spec in FILTERS if not spec.paging)
MATCHABLE_NAMES: Tuple[str, ...] = tuple(spec.name for spec in MATCHABLE)


@dataclass(frozen=True)
class KeyTest:
    """One key of a filters dict: does a record satisfy it, and if not, why (for an offender's detail)."""

    key: str
    holds: Callable[[Record], bool]
    explain: Callable[[Record], str]


@dataclass(frozen=True)
class RegistrationMatcher:
    """A validated filters dict; an empty one matches every record."""

    tests: Tuple[KeyTest, ...]

    def matches(self, record: Record) -> bool:
        return all(test.holds(record) for test in self.tests)

    def mismatches(self, record: Record) -> List[str]:
        """Why the record does not match, one phrase per failing key, in the filters' table order."""
        return [test.explain(record) for test in self.tests if not test.holds(record)]

    def select(self, records: Iterable[Record]) -> List[Record]:
        if not self.tests:
            return list(records)
        return [record for record in records if self.matches(record)]


def compile_filters(where: str, filters: Any) -> RegistrationMatcher:
    """Validate a filters dict (errors name `where.key`) and compile it; nothing is sent anywhere."""
    if filters is None:
        return RegistrationMatcher(())
    if not isinstance(filters, Mapping):
        raise VoximplantValidationError(where, f"expected a dict of filters, got {type(filters).__name__}")
    for key in filters:
        if key not in MATCHABLE_NAMES:
            raise VoximplantValidationError(f"{where}.{key}", f"unknown filter; use one of {', '.join(MATCHABLE_NAMES)}")
        if filters[key] is None:
            raise VoximplantValidationError(f"{where}.{key}", "has no value (remove the key to not filter on it)")
    for first, second in EXCLUSIVE_PAIRS:
        if first in filters and second in filters:
            raise VoximplantValidationError(f"{where}.{first}", f"'{first}' and '{second}' are mutually exclusive; set only one of them")
    return RegistrationMatcher(tuple(_key_test(spec, f"{where}.{spec.name}", filters[spec.name]) for spec in MATCHABLE if spec.name in filters))


def _key_test(spec: FilterSpec, option: str, raw: Any) -> KeyTest:
    name = spec.name
    if spec.kind is STATUS_CODE:
        ranges = status_code_ranges(option, raw)
        grammar = spec.kind.normalize(option, raw)

        def status_holds(record: Record) -> bool:
            code = record.get("status_code")
            return isinstance(code, int) and any(low <= code <= high for low, high in ranges)

        return KeyTest(name, status_holds, lambda record: f"status code {_shown(record.get('status_code'))} is not in {grammar}")
    value = spec.kind.normalize(option, raw)
    if spec.kind is BOOL:
        read = _BOOLEAN_READERS[name]

        def bool_explain(record: Record) -> str:
            actual = read(record)
            return f"{name} is {'unknown (in progress)' if actual is None else str(actual).lower()}, expected {str(value).lower()}"

        return KeyTest(name, lambda record: read(record) is value, bool_explain)
    if spec.kind in (ID_LIST, NAME_LIST):
        allowed = frozenset(value)
        wanted = ", ".join(str(item) for item in value)
        return KeyTest(name, lambda record: record.get(name) in allowed,
                       lambda record: f"{name} is {_shown(record.get(name))}, not one of {wanted}")
    if spec.kind in (ID, TEXT):
        return KeyTest(name, lambda record: record.get(name) == value,
                       lambda record: f"{name} is {_shown(record.get(name))}, not {value}")
    raise AssertionError(f"no record test for the filter kind of {name}")  # a new kind in FILTERS needs one here


def _shown(value: Any) -> str:
    return "absent" if value is None else str(value)
