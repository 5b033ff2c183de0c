# -*- coding: utf-8 -*-
# Copyright (c) 2026, voximplant.management contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The five built-in checks of the audit role (1.0.0). PRIVATE: not a public API of the collection.

Each is a CheckDefinition; _audit_registry.py lists them. The messages are those of 1.0.0's reports.
"""

from __future__ import annotations

from typing import Any, List, Mapping, Sequence, Tuple

from ansible_collections.voximplant.management.plugins.module_utils._audit_checks import (
    EXCLUDE,
    CheckDefinition,
    CheckOutcome,
    Offender,
    Setting,
    describe_state,
    offender,
    to_name_list,
    to_status_list,
)
from ansible_collections.voximplant.management.plugins.module_utils._coerce import to_bool

Record = Mapping[str, Any]


def _split_excluded(records: Sequence[Record], excluded_names: Tuple[str, ...]) -> Tuple[List[Record], int]:
    if not excluded_names:
        return list(records), 0
    names = frozenset(excluded_names)
    kept = [record for record in records if record.get("sip_username") not in names]
    return kept, len(records) - len(kept)


# 1. persistent_successful -------------------------------------------------------------------------------------
def _persistent_successful(records: Sequence[Record], s: Mapping[str, Any]) -> CheckOutcome:
    checked, excluded = _split_excluded([r for r in records if r.get("is_persistent") is True], s["exclude_sip_usernames"])
    tolerate = s["allow_in_progress"]
    bad = [offender(r, describe_state(r)) for r in checked
           if r.get("successful") is False or (r.get("successful") is None and not tolerate)]
    return CheckOutcome(
        bad, len(checked), excluded,
        pass_message=f"All {len(checked)} persistent registrations are successful{' or in progress' if tolerate else ''}.",
        fail_message="{violations} of " + f"{len(checked)} persistent registrations are not successful"
                     + (" (failed)." if tolerate else " (failed or in progress)."),
    )


PERSISTENT_SUCCESSFUL = CheckDefinition(
    name="persistent_successful",
    title="Persistent registrations are successful",
    settings={"allow_in_progress": Setting(True, to_bool), "exclude_sip_usernames": EXCLUDE},
    describe=lambda s: "Every persistent registration (is_persistent) is successful"
                       + ("; registrations still in progress are tolerated." if s["allow_in_progress"]
                          else "; a registration still in progress counts as a violation."),
    evaluate=_persistent_successful,
)


# 2. not_deactivated -------------------------------------------------------------------------------------------
def _not_deactivated(records: Sequence[Record], s: Mapping[str, Any]) -> CheckOutcome:
    checked, excluded = _split_excluded(records, s["exclude_sip_usernames"])
    bad = [offender(r, describe_state(r)) for r in checked if r.get("deactivated") is True]
    return CheckOutcome(
        bad, len(checked), excluded,
        pass_message=f"None of the {len(checked)} registrations is deactivated.",
        fail_message="{violations} of " + f"{len(checked)} registrations are deactivated.",
    )


NOT_DEACTIVATED = CheckDefinition(
    name="not_deactivated",
    title="No registration is deactivated",
    settings={"exclude_sip_usernames": EXCLUDE},
    describe=lambda s: "No registration is deactivated (frozen).",
    evaluate=_not_deactivated,
)


# 3. bound_to_application --------------------------------------------------------------------------------------
def _bound_to_application(records: Sequence[Record], s: Mapping[str, Any]) -> CheckOutcome:
    scope = [r for r in records if r.get("is_persistent") is True] if s["only_persistent"] else records
    checked, excluded = _split_excluded(scope, s["exclude_sip_usernames"])
    what = "persistent registrations" if s["only_persistent"] else "registrations"
    bad = [offender(r, "not bound to an application") for r in checked if r.get("application_id") is None]
    return CheckOutcome(
        bad, len(checked), excluded,
        pass_message=f"All {len(checked)} {what} are bound to an application.",
        fail_message="{violations} of " + f"{len(checked)} {what} are not bound to an application.",
    )


BOUND_TO_APPLICATION = CheckDefinition(
    name="bound_to_application",
    title="Registrations are bound to an application",
    settings={"only_persistent": Setting(False, to_bool), "exclude_sip_usernames": EXCLUDE},
    describe=lambda s: f"Every {'persistent ' if s['only_persistent'] else ''}registration is bound to an application (application_id present).",
    evaluate=_bound_to_application,
)


# 4. allowed_status_codes --------------------------------------------------------------------------------------
def _allowed_text(s: Mapping[str, Any]) -> str:
    return ", ".join(f"{low}" if low == high else f"{low}:{high}" for low, high in s["allowed"]) or "none"


def _allowed_status_codes(records: Sequence[Record], s: Mapping[str, Any]) -> CheckOutcome:
    scope = records if not s["allow_missing"] else [r for r in records if r.get("status_code") is not None]
    checked, excluded = _split_excluded(scope, s["exclude_sip_usernames"])
    ranges = s["allowed"]
    bad: List[Offender] = []
    for r in checked:
        code = r.get("status_code")
        if code is None or not any(low <= code <= high for low, high in ranges):
            shown = f"status code {code}" if code is not None else "no status code"
            bad.append(offender(r, f"{shown}: {describe_state(r)}"))
    allowed = _allowed_text(s)
    what = "registrations" if s["allow_missing"] else "registrations (a missing code counts as a violation)"
    return CheckOutcome(
        bad, len(checked), excluded,
        pass_message=f"All {len(checked)} {'registrations with a status code' if s['allow_missing'] else 'registrations'} "
                     f"have an allowed status code ({allowed}).",
        fail_message="{violations} of " + f"{len(checked)} {what} have a status code outside the allowed set ({allowed}).",
    )


ALLOWED_STATUS_CODES = CheckDefinition(
    name="allowed_status_codes",
    title="Status codes are in the allowed set",
    settings={"allowed": Setting(((200, 200),), to_status_list), "allow_missing": Setting(True, to_bool), "exclude_sip_usernames": EXCLUDE},
    describe=lambda s: f"Every registration{' that has a status code' if s['allow_missing'] else ''} has an allowed SIP status code ({_allowed_text(s)}).",
    evaluate=_allowed_status_codes,
)


# 5. required_sip_usernames ------------------------------------------------------------------------------------
def _required_sip_usernames(records: Sequence[Record], s: Mapping[str, Any]) -> CheckOutcome:
    required = list(dict.fromkeys(s["sip_usernames"]))
    strict = s["must_be_successful"]
    by_name: dict = {}
    for r in records:
        by_name.setdefault(r.get("sip_username"), []).append(r)
    bad: List[Offender] = []
    for name in required:
        matches = by_name.get(name)
        if not matches:
            bad.append(Offender(None, name, "no registration with this SIP username"))
        elif strict and not any(r.get("successful") is True and r.get("deactivated") is not True for r in matches):
            bad.append(offender(matches[0], f"present but not successful: {describe_state(matches[0])}"))
    return CheckOutcome(
        bad, len(required), 0,
        skip_reason="" if required else "no sip_usernames configured",
        pass_message=f"All {len(required)} required SIP usernames are present{' and successful' if strict else ''}.",
        fail_message="{violations} of " + f"{len(required)} required SIP usernames are {'missing or not successful' if strict else 'missing'}.",
    )


REQUIRED_SIP_USERNAMES = CheckDefinition(
    name="required_sip_usernames",
    title="Required SIP usernames are present",
    settings={"sip_usernames": Setting((), to_name_list), "must_be_successful": Setting(False, to_bool)},
    describe=lambda s: "Every SIP username in the required set has a registration"
                       + (" that is successful and not deactivated." if s["must_be_successful"] else "."),
    evaluate=_required_sip_usernames,
)

CHECKS: Tuple[CheckDefinition, ...] = (
    PERSISTENT_SUCCESSFUL,
    NOT_DEACTIVATED,
    BOUND_TO_APPLICATION,
    ALLOWED_STATUS_CODES,
    REQUIRED_SIP_USERNAMES,
)
