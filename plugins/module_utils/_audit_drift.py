# -*- coding: utf-8 -*-
# Copyright (c) 2026, voximplant.management contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Drift against a baseline: snapshots of the audited registrations, reading an earlier report, the changes. PRIVATE: not a public API.

Every JSON report carries `snapshot`: one compact entry per audited registration (its id, sip_username, proxy
and the watched fields). A later audit given that report as its baseline reports the registrations added,
removed and changed (per watched field) since, and the check baseline_unchanged fails on the changes that count.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Dict, List, Mapping, Sequence, Tuple

from ansible_collections.voximplant.management.plugins.module_utils._audit_checks import (
    EXCLUDE,
    AuditConfigError,
    CheckDefinition,
    CheckOutcome,
    Offender,
    Setting,
    to_name_list,
)
from ansible_collections.voximplant.management.plugins.module_utils._errors import VoximplantValidationError
from ansible_collections.voximplant.management.plugins.module_utils._key_file import read_bounded_file

Record = Mapping[str, Any]

WATCHED_FIELDS: Tuple[str, ...] = ("successful", "status_code", "deactivated", "is_persistent", "proxy",
                                   "application_id", "rule_id", "user_id")
CHANGE_KINDS: Tuple[str, ...] = ("added", "removed", "changed")
# 20,000 registrations make a JSON report of about 10 MB; far more than that is not a report of this role.
MAX_BASELINE_BYTES = 256 * 1024 * 1024
_SCALARS = (str, int, float, bool, type(None))


def snapshot(records: Sequence[Record]) -> List[Dict[str, Any]]:
    """The compact snapshot the JSON report carries (absent fields are null)."""
    entries = [dict({"sip_registration_id": r.get("sip_registration_id"), "sip_username": r.get("sip_username")},
                    **{name: r.get(name) for name in WATCHED_FIELDS}) for r in records]
    for entry, r in zip(entries, records):
        if r.get("account") is not None:  # the label of the account, in an audit of many
            entry["account"] = r["account"]
    return entries


@dataclass(frozen=True)
class Baseline:
    path: str
    generated: str
    registrations: Mapping[Any, Mapping[str, Any]]  # (account label or None, sip_registration_id) -> snapshot entry

    def for_account(self, label: str) -> "Baseline":
        """The part of a many-account baseline that belongs to one account."""
        return Baseline(self.path, self.generated, {key: entry for key, entry in self.registrations.items() if key[0] == label})


def read_baseline(path: str, option: str) -> Baseline:
    """An earlier run's JSON report, read bounded and validated. VoximplantValidationError when it cannot be read
    (BaselineUnreadable: missing, not a regular file, too big, not readable) or is not such a report."""
    raw = read_bounded_file(path, option, MAX_BASELINE_BYTES, "a baseline report", BaselineUnreadable)
    try:
        document = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise VoximplantValidationError(option, f"'{path}' is not JSON: {exc}") from None
    return parse_baseline(document, path, option)


class BaselineUnreadable(VoximplantValidationError):
    """The baseline file is missing or cannot be read (sip_registration_audit_baseline_missing_ok may allow that)."""


def parse_baseline(document: Any, path: str, option: str) -> Baseline:
    def bad(problem: str) -> VoximplantValidationError:
        return VoximplantValidationError(option, f"'{path}' is not a JSON report of this audit with a snapshot: {problem}")

    if not isinstance(document, dict):
        raise bad("the document is not an object")
    entries, generated = document.get("snapshot"), document.get("generated")
    if not isinstance(entries, list):
        raise bad("no 'snapshot' list (reports before 1.1.0 have none: run the audit once more to make a baseline)")
    if not isinstance(generated, str) or not generated:
        raise bad("no 'generated' date")
    registrations: Dict[Any, Mapping[str, Any]] = {}
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict):
            raise bad(f"snapshot[{index}] is not an object")
        ident = entry.get("sip_registration_id")
        if isinstance(ident, bool) or not isinstance(ident, int):
            raise bad(f"snapshot[{index}].sip_registration_id is not an integer")
        for name in ("sip_username", "account") + WATCHED_FIELDS:
            if not isinstance(entry.get(name), _SCALARS):
                raise bad(f"snapshot[{index}].{name} is not a JSON scalar")
        key = (entry.get("account"), ident)
        if key in registrations:
            raise bad(f"snapshot[{index}] repeats registration {ident}")
        registrations[key] = entry
    return Baseline(path=path, generated=generated, registrations=registrations)


def changes(baseline: Baseline, current: Sequence[Mapping[str, Any]]) -> Dict[str, Any]:
    """{added: [ids], removed: [ids], changed: [{sip_registration_id, fields: {field: [old, new]}}]}, in report order.
    Entries of several accounts (an `account` key) are matched within their account."""
    now = {(entry.get("account"), entry["sip_registration_id"]): entry for entry in current}
    added = [entry for key, entry in now.items() if key not in baseline.registrations]
    removed = [entry for key, entry in baseline.registrations.items() if key not in now]
    changed = []
    for key, entry in now.items():
        old = baseline.registrations.get(key)
        if old is None:
            continue
        fields = {name: [old.get(name), entry.get(name)] for name in WATCHED_FIELDS if old.get(name) != entry.get(name)}
        if fields:
            changed.append(dict(_identity(entry), fields=fields))
    return {"added": [_identity(e) for e in added], "removed": [_identity(e) for e in removed], "changed": changed}


def _identity(entry: Mapping[str, Any]) -> Dict[str, Any]:
    identity = {"sip_registration_id": entry["sip_registration_id"], "sip_username": entry.get("sip_username")}
    if entry.get("account") is not None:
        identity["account"] = entry["account"]
    return identity


# The check baseline_unchanged -------------------------------------------------------------------------------------
def _to_kinds(option: str, value: Any) -> Tuple[str, ...]:
    return _choices(option, value, CHANGE_KINDS)


def _to_fields(option: str, value: Any) -> Tuple[str, ...]:
    return _choices(option, value, WATCHED_FIELDS)


def _choices(option: str, value: Any, allowed: Tuple[str, ...]) -> Tuple[str, ...]:
    items = to_name_list(option, value)
    for index, item in enumerate(items):
        if item not in allowed:
            raise AuditConfigError(f"{option}[{index}]", f"must be one of {', '.join(allowed)}, got {item!r}")
    return items


def _show(value: Any) -> str:
    return "absent" if value is None else json.dumps(value)


def _baseline_unchanged(records: Sequence[Record], s: Mapping[str, Any], context: Any) -> CheckOutcome:
    found = context.changes
    if found is None:
        return CheckOutcome([], 0, skip_reason=context.baseline_skip_reason or "no baseline given")
    kinds, fields = s["count_kinds"], s["count_fields"]
    excluded_names = frozenset(s["exclude_sip_usernames"])
    since = context.baseline_generated
    bad: List[Offender] = []
    excluded = 0
    items = [(kind, item) for kind in CHANGE_KINDS if kind in kinds for item in found[kind]]
    for kind, item in items:
        if item.get("sip_username") in excluded_names:
            excluded += 1
            continue
        if kind == "changed":
            counted = {name: pair for name, pair in item["fields"].items() if name in fields}
            if not counted:
                continue
            detail = "changed: " + ", ".join(f"{name} {_show(old)} -> {_show(new)}" for name, (old, new) in counted.items())
        else:
            detail = f"{kind} since {since}"
        bad.append(Offender(item["sip_registration_id"], str(item.get("sip_username") or ""), detail, item.get("account")))
    return CheckOutcome(
        bad, len(records), excluded,
        pass_message=f"No counted change since the baseline of {since}.",
        fail_message="{violations} counted change(s) since the baseline of " + f"{since}.",
    )


BASELINE_UNCHANGED = CheckDefinition(
    name="baseline_unchanged",
    title="Nothing changed since the baseline",
    settings={"count_kinds": Setting(CHANGE_KINDS, _to_kinds), "count_fields": Setting(WATCHED_FIELDS, _to_fields),
              "exclude_sip_usernames": EXCLUDE},
    describe=lambda s: f"No registration was {' or '.join(s['count_kinds']) or '(no kind counted)'} since the baseline "
                       f"(changes counted in: {', '.join(s['count_fields'])}).",
    evaluate=_baseline_unchanged,
    takes_context=True,
)
