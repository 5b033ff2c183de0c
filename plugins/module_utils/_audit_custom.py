# -*- coding: utf-8 -*-
# Copyright (c) 2026, voximplant.management contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks the user writes: {name, title, description?, severity?, enabled?, select?, require}. PRIVATE: not a public API of the collection.

`select` and `require` are filters dicts (_matching.py: the module's vocabulary and validation, the API's
meaning). The offenders are the selected registrations that do not satisfy `require`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Collection, List, Mapping, Sequence, Tuple

from ansible_collections.voximplant.management.plugins.module_utils._audit_checks import (
    AuditConfigError,
    CheckOutcome,
    in_check,
    offender,
    to_severity,
)
from ansible_collections.voximplant.management.plugins.module_utils._matching import RegistrationMatcher, compile_filters
from ansible_collections.voximplant.management.plugins.module_utils._coerce import to_bool, to_text

Record = Mapping[str, Any]

_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_KEYS = ("name", "title", "description", "severity", "enabled", "select", "require")


@dataclass(frozen=True)
class CustomCheck:
    name: str
    title: str
    description: str
    severity: str
    enabled: bool
    select: RegistrationMatcher
    require: RegistrationMatcher

    def evaluate(self, records: Sequence[Record]) -> CheckOutcome:
        selected = self.select.select(records)
        bad = [offender(r, "; ".join(self.require.mismatches(r))) for r in selected if not self.require.matches(r)]
        return CheckOutcome(
            bad, len(selected), 0,
            pass_message=f"All {len(selected)} selected registrations satisfy the requirement.",
            fail_message="{violations} of " + f"{len(selected)} selected registrations do not satisfy the requirement.",
        )


def parse_custom_checks(where: str, value: Any, reserved: Collection[str]) -> Tuple[CustomCheck, ...]:
    """Validate the list of custom checks; `reserved` are the built-in names."""
    if value is None:
        return ()
    if not isinstance(value, list):
        raise AuditConfigError(where, f"expected a list of checks, got {type(value).__name__}")
    checks: List[CustomCheck] = []
    for index, item in enumerate(value):
        check = _parse_one(f"{where}[{index}]", item, reserved)
        if any(other.name == check.name for other in checks):
            raise AuditConfigError(f"{where}[{index}].name", "is the name of another custom check; names must be unique", check.name)
        checks.append(check)
    return tuple(checks)


def _parse_one(where: str, item: Any, reserved: Collection[str]) -> CustomCheck:
    if not isinstance(item, Mapping):
        raise AuditConfigError(where, f"expected a dict (name, title, require, ...), got {type(item).__name__}")
    raw_name = item.get("name")
    name = raw_name if isinstance(raw_name, str) and _IDENTIFIER.match(raw_name) else None
    for key in item:
        if key not in _KEYS:
            raise AuditConfigError(f"{where}.{key}", f"unknown key of a custom check; use one of {', '.join(_KEYS)}", name)
    if name is None:
        raise AuditConfigError(f"{where}.name", f"must be an identifier (letters, digits, _; not starting with a digit), got {raw_name!r}")
    if name in reserved:
        raise AuditConfigError(f"{where}.name", "is the name of a built-in check; configure it in the checks instead", name)
    for key in ("title", "require"):
        if item.get(key) is None:
            raise AuditConfigError(f"{where}.{key}", "is required", name)

    def build() -> CustomCheck:
        select = compile_filters(f"{where}.select", item.get("select"))
        require = compile_filters(f"{where}.require", item["require"])
        if not require.tests:
            raise AuditConfigError(f"{where}.require", "must set at least one filter (an empty requirement holds for every registration)")
        title = to_text(f"{where}.title", item["title"])
        description = item.get("description")
        return CustomCheck(
            name=name,
            title=title,
            description=to_text(f"{where}.description", description) if description is not None else _describe(item),
            severity=to_severity(f"{where}.severity", item["severity"]) if item.get("severity") is not None else "error",
            enabled=to_bool(f"{where}.enabled", item["enabled"]) if item.get("enabled") is not None else True,
            select=select,
            require=require,
        )

    return in_check(name, build)


def _describe(item: Mapping[str, Any]) -> str:
    scope = f"Registrations with {_filters_text(item['select'])}" if item.get("select") else "Every registration"
    return f"{scope} must have {_filters_text(item['require'])}."


def _filters_text(filters: Mapping[str, Any]) -> str:
    def value_text(value: Any) -> str:
        if isinstance(value, (list, tuple)):
            return "one of " + ", ".join(str(item) for item in value) if len(value) > 1 else str(value[0]) if value else ""
        return str(value).lower() if isinstance(value, bool) else str(value)

    return " and ".join(f"{key} {value_text(value)}" for key, value in filters.items())
