# -*- coding: utf-8 -*-
# Copyright (c) 2026, voximplant.management contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The audit engine: configuration in, evaluation dict out. PRIVATE: not a public API of the collection.

parse_audit_config() validates everything the user configured (built-in check settings, custom checks,
severities, waivers, the offender cap) before any request; evaluate() runs the checks over the records and
returns the evaluation that the role's reports render and its JSON report carries (the contract is in the
role's README). Raises only AuditConfigError (a VoximplantValidationError) naming the option and the check.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple, Union

from ansible_collections.voximplant.management.plugins.module_utils._audit_breakdown import status_breakdown
from ansible_collections.voximplant.management.plugins.module_utils._audit_checks import (
    ERROR,
    AuditConfigError,
    AuditContext,
    CheckOutcome,
    in_check,
    resolve_settings,
)
from ansible_collections.voximplant.management.plugins.module_utils._audit_cost import cost_summary
from ansible_collections.voximplant.management.plugins.module_utils._audit_custom import CustomCheck, parse_custom_checks
from ansible_collections.voximplant.management.plugins.module_utils._audit_drift import Baseline, changes, snapshot
from ansible_collections.voximplant.management.plugins.module_utils._audit_registry import BUILTIN_CHECKS
from ansible_collections.voximplant.management.plugins.module_utils._audit_waivers import Waiver, apply_waivers, parse_waivers, utc_today
from ansible_collections.voximplant.management.plugins.module_utils._summary import summarize
from ansible_collections.voximplant.management.plugins.module_utils._coerce import to_int

Record = Mapping[str, Any]

SKIPPED, PASSED, FAILED, WARNING = "skipped", "passed", "failed", "warning"
_LINE_WORDS = {SKIPPED: "SKIP", PASSED: "PASS", FAILED: "FAIL", WARNING: "WARN"}


@dataclass(frozen=True)
class ConfiguredCheck:
    """A built-in check with its resolved settings, or a custom check, as the engine runs it."""

    name: str
    title: str
    description: str
    enabled: bool
    severity: str
    run: Any  # Callable[[Sequence[Record], AuditContext], CheckOutcome]


@dataclass(frozen=True)
class AuditConfig:
    checks: Tuple[ConfiguredCheck, ...]
    waivers: Tuple[Waiver, ...]
    max_offenders: int


def parse_audit_config(checks: Any = None, custom_checks: Any = None, waivers: Any = None, max_offenders: Any = 20,
                       prefix: str = "") -> AuditConfig:
    """Validate the configuration; option names in errors are `prefix` + checks / custom_checks / waivers / max_offenders."""
    where = f"{prefix}checks"
    if checks is None:
        checks = {}
    if not isinstance(checks, Mapping):
        raise AuditConfigError(where, f"expected a dict of checks, got {type(checks).__name__}")
    for name in checks:
        if name not in BUILTIN_CHECKS:
            raise AuditConfigError(f"{where}.{name}", f"unknown check; the built-in checks are {', '.join(BUILTIN_CHECKS)} "
                                                      f"(write your own in {prefix}custom_checks)")
    configured = [_configure_builtin(name, checks.get(name), f"{where}.{name}") for name in BUILTIN_CHECKS]
    configured += [_configure_custom(check) for check in parse_custom_checks(f"{prefix}custom_checks", custom_checks, BUILTIN_CHECKS)]
    return AuditConfig(
        checks=tuple(configured),
        waivers=parse_waivers(f"{prefix}waivers", waivers, [check.name for check in configured]),
        max_offenders=in_check(None, lambda: to_int(f"{prefix}max_offenders", max_offenders, minimum=0)),
    )


def _configure_builtin(name: str, given: Any, where: str) -> ConfiguredCheck:
    definition = BUILTIN_CHECKS[name]
    settings = in_check(name, lambda: resolve_settings(definition, given, where))

    def run(records: Sequence[Record], context: AuditContext) -> CheckOutcome:
        if definition.takes_context:
            return definition.evaluate(records, settings, context)
        return definition.evaluate(records, settings)

    return ConfiguredCheck(name, definition.title, definition.describe(settings), settings["enabled"], settings["severity"], run)


def _configure_custom(check: CustomCheck) -> ConfiguredCheck:
    return ConfiguredCheck(check.name, check.title, check.description, check.enabled, check.severity,
                           lambda records, _context: check.evaluate(records))


def evaluate(records: Sequence[Record], config: AuditConfig, today: Optional[Union[datetime.date, str]] = None,
             baseline: Optional[Baseline] = None, baseline_skip_reason: str = "") -> Dict[str, Any]:
    """The whole evaluation: passed, failed_checks, warnings, checks, summary, breakdown, snapshot, changes, lines.

    `baseline`: an earlier report (_audit_drift.read_baseline); `baseline_skip_reason`: why there is none (missing, allowed).
    """
    day = _day(today)
    current = snapshot(records)
    found = changes(baseline, current) if baseline is not None else None
    context = AuditContext(day, found, baseline.generated if baseline is not None else "", baseline_skip_reason)
    entries = [_evaluate_check(check, records, config, day, context) for check in config.checks]
    failed = [entry["name"] for entry in entries if entry["status"] == FAILED]
    return {
        "passed": not failed,
        "failed_checks": failed,
        "warnings": [entry["name"] for entry in entries if entry["status"] == WARNING],
        "checks": entries,
        "summary": dict(summarize(list(records)), **cost_summary(records)),
        "breakdown": status_breakdown(records),
        "waivers_evaluated_on": day.isoformat(),
        "snapshot": current,
        "changes": found,
        "baseline": ({"path": baseline.path, "generated": baseline.generated, "skip_reason": ""} if baseline is not None
                     else {"path": None, "generated": None, "skip_reason": baseline_skip_reason or "no baseline given"}),
        "lines": [f"{_LINE_WORDS[entry['status']]} {entry['name']}: {entry['message']}" for entry in entries],
    }


def _day(today: Optional[Union[datetime.date, str]]) -> datetime.date:
    if today is None:
        return utc_today()
    if isinstance(today, datetime.date):
        return today
    return datetime.date.fromisoformat(today)


def _evaluate_check(check: ConfiguredCheck, records: Sequence[Record], config: AuditConfig, day: datetime.date,
                    context: AuditContext) -> Dict[str, Any]:
    outcome: CheckOutcome = check.run(records, context) if check.enabled else CheckOutcome([], 0)
    skip_reason = "disabled" if not check.enabled else outcome.skip_reason
    entry: Dict[str, Any] = {"name": check.name, "title": check.title, "description": check.description,
                             "enabled": check.enabled, "severity": check.severity}
    if skip_reason:
        entry.update(skipped=True, skip_reason=skip_reason, passed=True, status=SKIPPED, message=f"Skipped: {skip_reason}.",
                     checked=0, excluded=0, violations=0, offenders=[], offenders_truncated=False,
                     waived=[], expired_waivers=[], unused_waivers=[])
        return entry
    split = apply_waivers(outcome.offenders, [w for w in config.waivers if w.check == check.name], day)
    violations = len(split.violations)
    if violations:
        status = FAILED if check.severity == ERROR else WARNING
    else:
        status = PASSED
    message = outcome.fail_message.format(violations=violations) if outcome.offenders else outcome.pass_message
    notes = [(outcome.excluded, "excluded by exclude_sip_usernames"), (len(split.waived), "waived"),
             (len(split.expired), "expired waiver(s) did not apply"), (len(split.unused), "waiver(s) matched no offender")]
    message += "".join(f" {count} {what}." for count, what in notes if count)
    entry.update(
        skipped=False, skip_reason="", passed=violations == 0, status=status, message=message,
        checked=outcome.checked, excluded=outcome.excluded, violations=violations,
        offenders=[_offender_dict(o) for o in split.violations[:config.max_offenders]],
        offenders_truncated=violations > config.max_offenders,
        waived=split.waived, expired_waivers=split.expired, unused_waivers=split.unused,
    )
    return entry


def _offender_dict(item: Any) -> Dict[str, Any]:
    entry = {"sip_registration_id": item.sip_registration_id, "sip_username": item.sip_username, "detail": item.detail}
    if item.account is not None:
        entry["account"] = item.account
    return entry


def stale_waiver_warnings(evaluation: Mapping[str, Any]) -> List[str]:
    """One line per expired or unused waiver: stale exemptions are findings (shown as Ansible warnings)."""
    lines = []
    for entry in evaluation["checks"]:
        for kind, waivers in (("expired", entry["expired_waivers"]), ("unused", entry["unused_waivers"])):
            for waiver in waivers:
                who = waiver["sip_username"] if waiver["sip_registration_id"] is None else f"registration {waiver['sip_registration_id']}"
                what = f"expired on {waiver['expires']} and no longer applies" if kind == "expired" else "matches no offender"
                lines.append(f"Waiver of check {entry['name']} for {who} ({waiver['reason']}) {what}.")
    return lines
