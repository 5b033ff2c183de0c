# -*- coding: utf-8 -*-
# Copyright (c) 2026, voximplant.management contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Many accounts in one audit: validation, concurrent listing, per-account and overall evaluation. PRIVATE: not a public API.

`accounts` is a list of {label, connection, filters?}: `connection` takes the module's connection options (the
connection table of _connection.py) over the audit's own, `filters` the module's filters (default: the audit's).
Everything is validated before any request. Each account is listed by the core in a thread of its own (each
listing has its own HTTP session; nothing is shared but the read-only options), evaluated alone, and all
together; the overall result says which account each offender belongs to.
"""

from __future__ import annotations

import concurrent.futures
import datetime
from dataclasses import dataclass
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

from ansible_collections.voximplant.management.plugins.module_utils._audit import AuditConfig, evaluate
from ansible_collections.voximplant.management.plugins.module_utils._audit_drift import Baseline
from ansible_collections.voximplant.management.plugins.module_utils._audit_metrics import TOTAL
from ansible_collections.voximplant.management.plugins.module_utils._auth import build_authenticator
from ansible_collections.voximplant.management.plugins.module_utils._listing import list_sip_registrations
from ansible_collections.voximplant.management.plugins.module_utils._connection import CONNECTION_OPTION_NAMES, build_settings
from ansible_collections.voximplant.management.plugins.module_utils._credentials import resolve_credentials
from ansible_collections.voximplant.management.plugins.module_utils._errors import VoximplantError, VoximplantValidationError
from ansible_collections.voximplant.management.plugins.module_utils._filters import FILTERS, build_query
from ansible_collections.voximplant.management.plugins.module_utils._coerce import to_text

_KEYS = ("label", "connection", "filters")
_FILTER_NAMES = tuple(spec.name for spec in FILTERS)
# Accounts listed at once; each listing also fetches pages concurrently (its own `concurrency`).
MAX_PARALLEL_ACCOUNTS = 4


@dataclass(frozen=True)
class Account:
    label: str
    options: Mapping[str, Any]  # connection options and filters for list_sip_registrations
    filters: Mapping[str, Any]


def parse_accounts(where: str, value: Any, base_connection: Mapping[str, Any], base_filters: Mapping[str, Any],
                   environ: Optional[Mapping[str, str]] = None) -> Tuple[Account, ...]:
    """Validate every account (labels, connection options, filters, credentials) before any request.

    `environ`: the environment the listing runs in (the controller's os.environ); an account whose options set no
    credentials takes them from it (_credentials.resolve_credentials), and its Account.options hold the result.
    """
    if not isinstance(value, list) or not value:
        raise VoximplantValidationError(where, "expected a non-empty list of {label, connection, filters?}")
    accounts: List[Account] = []
    for index, item in enumerate(value):
        at = f"{where}[{index}]"
        if not isinstance(item, Mapping):
            raise VoximplantValidationError(at, f"expected a dict {{label, connection, filters?}}, got {type(item).__name__}")
        for key in item:
            if key not in _KEYS:
                raise VoximplantValidationError(f"{at}.{key}", f"unknown key of an account; use one of {', '.join(_KEYS)}")
        label = to_text(f"{at}.label", item.get("label") if item.get("label") is not None else "")
        if label == TOTAL:
            raise VoximplantValidationError(f"{at}.label", f"{TOTAL!r} names the result over every account; choose another label")
        if any(other.label == label for other in accounts):
            raise VoximplantValidationError(f"{at}.label", f"{label!r} is the label of another account; labels must be unique")
        connection = _dict_of(f"{at}.connection", item.get("connection"), CONNECTION_OPTION_NAMES, "connection option")
        filters = _dict_of(f"{at}.filters", item.get("filters"), _FILTER_NAMES, "filter") if item.get("filters") is not None \
            else dict(base_filters)
        options = dict({k: v for k, v in base_connection.items() if v is not None}, **connection)
        options.update(filters)
        options = dict(resolve_credentials(options, environ or {}).options)
        _prefixed(f"{at}.filters.", lambda: build_query(options))
        _prefixed(f"{at}.connection.", lambda: build_settings(options))
        _prefixed(f"{at}.connection.", lambda: build_authenticator(options))
        accounts.append(Account(label, options, filters))
    return tuple(accounts)


def _dict_of(where: str, value: Any, names: Sequence[str], what: str) -> Dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise VoximplantValidationError(where, f"expected a dict of the module's {what}s, got {type(value).__name__}")
    for key in value:
        if key not in names:
            raise VoximplantValidationError(f"{where}.{key}", f"unknown {what}; use one of {', '.join(names)}")
    return {key: item for key, item in value.items() if item is not None}


def _prefixed(prefix: str, action: Any) -> Any:
    try:
        return action()
    except VoximplantValidationError as error:
        raise type(error)(prefix + error.option, error.problem) from None


class AccountListingError(VoximplantError):
    """Listing one account failed; the message names the account."""

    def __init__(self, label: str, error: VoximplantError) -> None:
        super().__init__(f"account {label!r}: {error}")
        self.label = label
        self.cause = error


def list_accounts(accounts: Sequence[Account], session_factory: Any = None) -> Tuple[List[List[Dict[str, Any]]], List[str]]:
    """The records of each account (in the given order) and the listing warnings; any failure fails the whole audit."""

    def one(account: Account) -> Any:
        session = session_factory() if session_factory is not None else None
        try:
            return list_sip_registrations(account.options, session=session)
        except VoximplantError as error:
            raise AccountListingError(account.label, error) from None

    with concurrent.futures.ThreadPoolExecutor(max_workers=min(MAX_PARALLEL_ACCOUNTS, len(accounts))) as pool:
        results = list(pool.map(one, accounts))  # re-raises the first failure, in account order
    warnings = [f"account {account.label!r}: {text}" for account, result in zip(accounts, results) for text in result.warnings]
    return [[dict(record, account=account.label) for record in result.records] for account, result in zip(accounts, results)], warnings


def evaluate_accounts(labelled: Sequence[Tuple[str, Sequence[Mapping[str, Any]]]], config: AuditConfig,
                      today: Optional[datetime.date] = None, baseline: Optional[Baseline] = None,
                      baseline_skip_reason: str = "") -> Dict[str, Any]:
    """The overall evaluation (all records together) with `accounts`: one evaluation per account (label, passed,
    failed_checks, warnings, summary, checks, changes). Records carry their label in `account`."""
    everything = [record for _label, records in labelled for record in records]
    overall = evaluate(everything, config, today, baseline, baseline_skip_reason)
    accounts = []
    for label, records in labelled:
        own = baseline.for_account(label) if baseline is not None else None
        one = evaluate(records, config, today, own, baseline_skip_reason)
        accounts.append({"label": label, "passed": one["passed"], "failed_checks": one["failed_checks"], "warnings": one["warnings"],
                         "summary": one["summary"], "breakdown": one["breakdown"], "checks": one["checks"], "changes": one["changes"],
                         "lines": one["lines"]})
    names = [entry["name"] for entry in overall["checks"]]
    failed = {name for entry in [overall] + accounts for name in entry["failed_checks"]}
    warned = {name for entry in [overall] + accounts for name in entry["warnings"]}
    overall.update(
        passed=not failed,
        failed_checks=[name for name in names if name in failed],
        warnings=[name for name in names if name in warned and name not in failed],
        accounts=accounts,
        lines=overall["lines"] + [f"[{entry['label']}] {line}" for entry in accounts for line in entry["lines"]],
    )
    return overall
