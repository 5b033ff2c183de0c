# -*- coding: utf-8 -*-
# Copyright (c) 2026, voximplant.management contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What a check of the audit is: its settings, its outcome, severities. PRIVATE: not a public API of the collection.

A built-in check is a CheckDefinition: a name, a title, the settings it takes (with defaults and the
validation of each), and a function from (records, settings) to a CheckOutcome. A custom check compiles
to the same shape. The engine (_audit.py) adds what every check has: `enabled`, `severity`, waivers.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Mapping, Optional, Tuple

from ansible_collections.voximplant.management.plugins.module_utils._errors import VoximplantValidationError
from ansible_collections.voximplant.management.plugins.module_utils._filters import status_code_ranges
from ansible_collections.voximplant.management.plugins.module_utils._coerce import to_bool, to_list, to_text

Record = Mapping[str, Any]

ERROR = "error"
WARNING = "warning"
SEVERITIES: Tuple[str, ...] = (ERROR, WARNING)


class AuditConfigError(VoximplantValidationError):
    """A check, custom check or waiver is misconfigured: `option` is the path of the bad key, `check` the check's name."""

    def __init__(self, option: str, problem: str, check: Optional[str] = None) -> None:
        super().__init__(option, problem)
        self.check = check
        if check:
            self.args = (f"Invalid option '{option}' (check '{check}'): {problem}",)

    def details(self) -> Dict[str, Any]:
        return {"option": self.option, "check": self.check}


def in_check(check: Optional[str], action: Callable[[], Any]) -> Any:
    """Run a validation; a VoximplantValidationError it raises is re-raised as an AuditConfigError naming the check."""
    try:
        return action()
    except AuditConfigError as error:
        if error.check or not check:
            raise
        raise AuditConfigError(error.option, error.problem, check) from None
    except VoximplantValidationError as error:
        raise AuditConfigError(error.option, error.problem, check) from None


@dataclass(frozen=True)
class Offender:
    sip_registration_id: Optional[int]
    sip_username: str
    detail: str
    account: Optional[str] = None  # the account's label, in an audit of many accounts


@dataclass
class CheckOutcome:
    """What a check found. `offenders` is complete (the engine applies waivers and the cap)."""

    offenders: List[Offender]
    checked: int
    excluded: int = 0
    skip_reason: str = ""
    pass_message: str = ""
    fail_message: str = ""  # may contain {violations}: the count after waivers


@dataclass(frozen=True)
class Setting:
    """One setting of a built-in check: its default and how a given value is validated."""

    default: Any
    normalize: Callable[[str, Any], Any]


@dataclass(frozen=True)
class CheckDefinition:
    name: str
    title: str
    settings: Mapping[str, Setting]
    describe: Callable[[Mapping[str, Any]], str]
    evaluate: Callable[..., CheckOutcome]  # (records, settings), or (records, settings, context) when takes_context
    # Settings every check has; a definition may not redefine them.
    common: Mapping[str, Setting] = field(default_factory=lambda: COMMON_SETTINGS)
    # The check needs more than the records: evaluate() also gets the AuditContext (the day, the baseline's changes).
    takes_context: bool = False


@dataclass(frozen=True)
class AuditContext:
    """What a check may need besides the records and its settings."""

    today: datetime.date  # the UTC day of the audit (the day waivers are judged on)
    changes: Optional[Mapping[str, Any]] = None  # since the baseline (_audit_drift.changes), None without one
    baseline_generated: str = ""  # when the baseline's report was made
    baseline_skip_reason: str = ""  # why there is no baseline to compare with (e.g. missing, allowed)


def to_severity(option: str, value: Any) -> str:
    if value not in SEVERITIES:
        raise AuditConfigError(option, f"must be one of {', '.join(SEVERITIES)}, got {value!r}")
    return str(value)


def to_name_list(option: str, value: Any) -> Tuple[str, ...]:
    """A list of non-empty strings; empty is allowed (it means none)."""
    if value is None or value == []:
        return ()
    return tuple(to_text(f"{option}[{index}]", item) for index, item in enumerate(to_list(option, value)))


def to_status_list(option: str, value: Any) -> Tuple[Tuple[int, int], ...]:
    """Allowed status codes: items in the filters' grammar ('200', '400:499', '200;486'), merged."""
    ranges: List[Tuple[int, int]] = []
    for index, item in enumerate(to_list(option, value) if value not in (None, []) else []):
        ranges.extend(status_code_ranges(f"{option}[{index}]", item))
    return tuple(ranges)


COMMON_SETTINGS: Mapping[str, Setting] = {
    "enabled": Setting(True, to_bool),
    "severity": Setting(ERROR, to_severity),
}
EXCLUDE = Setting((), to_name_list)


def resolve_settings(definition: CheckDefinition, given: Any, where: str) -> Dict[str, Any]:
    """The check's settings: defaults overridden by what the user gave, each validated; unknown keys refused."""
    if given is None:
        given = {}
    if not isinstance(given, Mapping):
        raise AuditConfigError(where, f"expected a dict of settings, got {type(given).__name__}")
    known = dict(definition.common, **definition.settings)
    for key in given:
        if key not in known:
            raise AuditConfigError(f"{where}.{key}", f"unknown setting of check '{definition.name}'; use one of {', '.join(known)}")
    return {key: (setting.normalize(f"{where}.{key}", given[key]) if given.get(key) is not None else setting.default)
            for key, setting in known.items()}


def describe_state(record: Record) -> str:
    """A registration's state in a few words: 'failed (403 Forbidden), deactivated'."""
    successful = record.get("successful")
    text = "successful" if successful is True else ("failed" if successful is False else "in progress")
    if record.get("status_code") is not None:
        message = record.get("error_message")
        text += f" ({record['status_code']}{' ' + str(message) if message else ''})"
    if record.get("deactivated") is True:
        text += ", deactivated"
    return text


def offender(record: Record, detail: str) -> Offender:
    return Offender(record.get("sip_registration_id"), str(record.get("sip_username", "")), detail, record.get("account"))
