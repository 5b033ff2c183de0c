# -*- coding: utf-8 -*-
# Copyright (c) 2026, voximplant.management contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Waivers: time-limited exemptions of one offender from one check. PRIVATE: not a public API of the collection.

A waiver is {check, sip_username | sip_registration_id, reason, expires}; `expires` is YYYY-MM-DD and the
waiver holds through that day, UTC. A waiver in force takes its offenders out of the violations; an expired
one does not apply and is reported; one in force that matches no offender is reported as unused.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any, Collection, Dict, List, Optional, Sequence, Tuple

from ansible_collections.voximplant.management.plugins.module_utils._audit_checks import AuditConfigError, Offender, in_check
from ansible_collections.voximplant.management.plugins.module_utils._coerce import to_int, to_text

_KEYS = ("check", "sip_username", "sip_registration_id", "reason", "expires")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Waiver:
    check: str
    sip_username: Optional[str]
    sip_registration_id: Optional[int]
    reason: str
    expires: datetime.date

    def covers(self, item: Offender) -> bool:
        if self.sip_registration_id is not None:
            return item.sip_registration_id == self.sip_registration_id
        return item.sip_username == self.sip_username

    def as_dict(self) -> Dict[str, Any]:
        return {"sip_registration_id": self.sip_registration_id, "sip_username": self.sip_username,
                "reason": self.reason, "expires": self.expires.isoformat()}


@dataclass
class WaiverResult:
    violations: List[Offender]
    waived: List[Dict[str, Any]]
    expired: List[Dict[str, Any]]
    unused: List[Dict[str, Any]]


def utc_today() -> datetime.date:
    return datetime.datetime.now(datetime.timezone.utc).date()


def to_date(option: str, value: Any) -> datetime.date:
    """YYYY-MM-DD (YAML may already have made it a date)."""
    if isinstance(value, datetime.datetime):
        raise AuditConfigError(option, f"expected a date YYYY-MM-DD without a time, got {value.isoformat()}")
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str) and _DATE.match(value.strip()):
        try:
            return datetime.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise AuditConfigError(option, f"expected a date YYYY-MM-DD (valid through that day, UTC), got {value!r}")


def parse_waivers(where: str, value: Any, check_names: Collection[str]) -> Tuple[Waiver, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise AuditConfigError(where, f"expected a list of waivers, got {type(value).__name__}")
    return tuple(_parse_one(f"{where}[{index}]", item, check_names) for index, item in enumerate(value))


def _parse_one(where: str, item: Any, check_names: Collection[str]) -> Waiver:
    if not isinstance(item, dict):
        raise AuditConfigError(where, f"expected a dict (check, sip_username or sip_registration_id, reason, expires), got {type(item).__name__}")
    check = item.get("check")
    named = check if isinstance(check, str) and check in check_names else None
    for key in item:
        if key not in _KEYS:
            raise AuditConfigError(f"{where}.{key}", f"unknown key of a waiver; use one of {', '.join(_KEYS)}", named)
    if named is None:
        raise AuditConfigError(f"{where}.check", f"must name a check of this audit ({', '.join(check_names)}), got {check!r}")

    def build() -> Waiver:
        for key in ("reason", "expires"):
            if item.get(key) is None:
                raise AuditConfigError(f"{where}.{key}", "is required")
        has_name, has_id = item.get("sip_username") is not None, item.get("sip_registration_id") is not None
        if has_name == has_id:
            raise AuditConfigError(f"{where}.sip_username", "set exactly one of sip_username and sip_registration_id")
        return Waiver(
            check=named,
            sip_username=to_text(f"{where}.sip_username", item["sip_username"]) if has_name else None,
            sip_registration_id=to_int(f"{where}.sip_registration_id", item["sip_registration_id"], minimum=1) if has_id else None,
            reason=to_text(f"{where}.reason", item["reason"]),
            expires=to_date(f"{where}.expires", item["expires"]),
        )

    return in_check(named, build)


def apply_waivers(offenders: Sequence[Offender], waivers: Sequence[Waiver], today: datetime.date) -> WaiverResult:
    """Split one check's offenders by the check's waivers (in force: expires >= today, UTC)."""
    in_force = [waiver for waiver in waivers if waiver.expires >= today]
    used = set()
    violations: List[Offender] = []
    waived: List[Dict[str, Any]] = []
    for item in offenders:
        waiver = next((w for w in in_force if w.covers(item)), None)
        if waiver is None:
            violations.append(item)
            continue
        used.add(id(waiver))
        waived.append({"sip_registration_id": item.sip_registration_id, "sip_username": item.sip_username,
                       "reason": waiver.reason, "expires": waiver.expires.isoformat()})
    return WaiverResult(
        violations=violations,
        waived=waived,
        expired=[w.as_dict() for w in waivers if w.expires < today],
        unused=[w.as_dict() for w in in_force if id(w) not in used],
    )
