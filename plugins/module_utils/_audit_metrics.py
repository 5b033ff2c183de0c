# -*- coding: utf-8 -*-
# Copyright (c) 2026, voximplant.management contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The audit as Prometheus gauges (the node_exporter textfile collector's format). PRIVATE: not a public API.

Every series has an `account` label: the account's label in an audit of many accounts, and TOTAL for the result over
all of them (the only value in an audit of one account). Label values are escaped as the text format requires.
"""

from __future__ import annotations

from typing import Any, Dict, List, Mapping, Tuple

TOTAL = "total"
PREFIX = "voximplant_sip_audit_"
SUMMARY_STATES: Tuple[str, ...] = ("total", "successful", "unsuccessful", "in_progress", "deactivated", "persistent",
                                   "bound_to_application")

# name -> help text, in output order
METRICS: Dict[str, str] = {
    "passed": "1 when no check of severity error failed, else 0.",
    "registrations": "Registrations audited, by state (the module's summary).",
    "registrations_by_status_code": "Registrations by SIP status code.",
    "monthly_cost": "Sum of subscription_price of the audited registrations (exact decimal).",
    "monthly_cost_unpriced": "Registrations whose subscription_price is missing or not a decimal number (not in the sum).",
    "check_violations": "Violations of a check after waivers (0 when skipped).",
    "check_passed": "1 when the check has no violations (or is skipped), else 0.",
    "check_skipped": "1 when the check did not run (disabled, or nothing to check).",
    "changes": "Registrations added, removed or changed since the baseline.",
    "last_run_timestamp_seconds": "When the audit ran (Unix time).",
}

Sample = Tuple[Mapping[str, str], Any]


def _escape(value: Any) -> str:
    return str(value).replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')


def _scopes(audit: Mapping[str, Any]) -> List[Tuple[str, Mapping[str, Any]]]:
    return [(TOTAL, audit)] + [(str(account["label"]), account) for account in audit.get("accounts") or []]


def _samples(audit: Mapping[str, Any], generated_unix: float) -> Dict[str, List[Sample]]:
    samples: Dict[str, List[Sample]] = {name: [] for name in METRICS}
    for account, scope in _scopes(audit):
        summary = scope["summary"]
        samples["passed"].append(({"account": account}, 1 if scope["passed"] else 0))
        samples["registrations"] += [({"account": account, "state": state}, summary[state]) for state in SUMMARY_STATES]
        samples["registrations_by_status_code"] += [({"account": account, "status_code": code}, count)
                                                    for code, count in sorted(summary["by_status_code"].items())]
        samples["monthly_cost"].append(({"account": account}, summary["monthly_cost"]))  # the decimal text, not a float's
        samples["monthly_cost_unpriced"].append(({"account": account}, summary["monthly_cost_unpriced"]))
        for check in scope["checks"]:
            labels = {"account": account, "check": check["name"], "severity": check["severity"]}
            samples["check_violations"].append((labels, check["violations"]))
            samples["check_passed"].append((labels, 1 if check["passed"] else 0))
            samples["check_skipped"].append((labels, 1 if check["skipped"] else 0))
        if scope.get("changes") is not None:
            samples["changes"] += [({"account": account, "kind": kind}, len(scope["changes"][kind])) for kind in ("added", "removed", "changed")]
    samples["last_run_timestamp_seconds"].append(({}, int(generated_unix)))
    return samples


def prometheus_text(audit: Mapping[str, Any], generated_unix: float) -> str:
    """The text exposition format: HELP, TYPE gauge and the samples of each metric that has any."""
    lines: List[str] = []
    for name, samples in _samples(audit, generated_unix).items():
        if not samples:
            continue
        lines += [f"# HELP {PREFIX}{name} {METRICS[name]}", f"# TYPE {PREFIX}{name} gauge"]
        lines += [f"{PREFIX}{name}{_labels(labels)} {value}" for labels, value in samples]
    return "\n".join(lines) + "\n"


def _labels(labels: Mapping[str, Any]) -> str:
    return "{" + ",".join(f'{key}="{_escape(value)}"' for key, value in labels.items()) + "}" if labels else ""
