# -*- coding: utf-8 -*-
# Copyright (c) 2026, voximplant.management contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Built-in SIP checks: duplicates, allowed proxies, renewals of broken registrations, monthly cost. PRIVATE: not a public API.

unique_registrations and renewal_of_broken are on by default; allowed_proxies runs when a list is given,
monthly_cost when a budget is given (otherwise each is skipped with the reason). _audit_registry.py lists them.
"""

from __future__ import annotations

import datetime
import decimal
import fnmatch
import re
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

from ansible_collections.voximplant.management.plugins.module_utils._audit_builtin import _split_excluded
from ansible_collections.voximplant.management.plugins.module_utils._audit_checks import (
    EXCLUDE,
    AuditConfigError,
    AuditContext,
    CheckDefinition,
    CheckOutcome,
    Offender,
    Setting,
    describe_state,
    offender,
    to_name_list,
)
from ansible_collections.voximplant.management.plugins.module_utils._audit_cost import decimal_text, monthly_cost, parse_price
from ansible_collections.voximplant.management.plugins.module_utils._coerce import to_int

Record = Mapping[str, Any]
# Pseudo offender of a check about all registrations together (monthly_cost over budget); a waiver names it so.
ALL_REGISTRATIONS = "(all registrations)"


# Proxies: "host", "host:port", "[v6]:port"; compared lower-cased ---------------------------------------------------
def split_proxy(text: str) -> Tuple[str, Optional[str]]:
    """(host, port or None) of a lower-cased proxy or pattern; a bare IPv6 address (several colons) has no port."""
    text = text.strip().lower()
    if text.startswith("["):
        host, _bracket, rest = text.partition("]")
        return host + "]", (rest[1:] if rest.startswith(":") and rest[1:] else None)
    if text.count(":") == 1:
        host, port = text.split(":")
        return host, port or None
    return text, None


def proxy_allowed(proxy: str, patterns: Sequence[str]) -> Optional[str]:
    """The first pattern that allows the proxy, or None.

    A pattern with a port is matched (fnmatch) against the whole lower-cased host:port; a pattern without a port
    is matched against the host only, so it allows that host on any port (pin the port by writing it).
    """
    host, port = split_proxy(proxy)
    full = host if port is None else f"{host}:{port}"
    for pattern in patterns:
        pattern_host, pattern_port = split_proxy(pattern)
        if pattern_host.startswith("["):  # an IPv6 address's brackets are literal, not an fnmatch character set
            pattern_host = "[[]" + pattern_host[1:-1] + "[]]"
        if pattern_port is None:
            if fnmatch.fnmatchcase(host, pattern_host):
                return pattern
        elif fnmatch.fnmatchcase(full, f"{pattern_host}:{pattern_port}"):
            return pattern
    return None


_PORT_PATTERN = re.compile(r"^[0-9*?\[\]!-]+$")


def to_proxy_patterns(option: str, value: Any) -> Tuple[str, ...]:
    patterns = []
    for index, item in enumerate(to_name_list(option, value)):
        host, port = split_proxy(item)
        if not host or host == "[]" or (port is not None and not _PORT_PATTERN.match(port)) or any(c.isspace() for c in item.strip()):
            raise AuditConfigError(f"{option}[{index}]", f"expected a host, host:port or a shell-style pattern (*.example.com), got {item!r}")
        patterns.append(item.strip().lower())
    return tuple(patterns)


# 1. unique_registrations ------------------------------------------------------------------------------------------
def _unique_registrations(records: Sequence[Record], s: Mapping[str, Any]) -> CheckOutcome:
    checked, excluded = _split_excluded(records, s["exclude_sip_usernames"])
    groups: Dict[Tuple[str, str], List[Record]] = {}
    for r in checked:
        host, port = split_proxy(str(r.get("proxy", "")))
        groups.setdefault((str(r.get("sip_username", "")), host if port is None else f"{host}:{port}"), []).append(r)
    bad: List[Offender] = []
    duplicated = [group for group in groups.values() if len(group) > 1]
    for group in duplicated:
        for r in group:
            others = ", ".join(str(o.get("sip_registration_id")) for o in group if o is not r)
            bad.append(offender(r, f"same sip_username and proxy {r.get('proxy')} as registration(s) {others}"))
    return CheckOutcome(
        bad, len(checked), excluded,
        pass_message=f"No two of the {len(checked)} registrations share a sip_username and a proxy.",
        fail_message="{violations} of " + f"{len(checked)} registrations share a sip_username and a proxy with another "
                     f"({len(duplicated)} duplicate set(s)).",
    )


UNIQUE_REGISTRATIONS = CheckDefinition(
    name="unique_registrations",
    title="No duplicate registrations",
    settings={"exclude_sip_usernames": EXCLUDE},
    describe=lambda s: "No two registrations share a sip_username and a proxy (a duplicate is paid twice and fights the other "
                       "for the same SIP account); proxies are compared lower-cased.",
    evaluate=_unique_registrations,
)


# 2. allowed_proxies -------------------------------------------------------------------------------------------------
def _allowed_proxies(records: Sequence[Record], s: Mapping[str, Any]) -> CheckOutcome:
    patterns = s["allowed"]
    if not patterns:
        return CheckOutcome([], 0, skip_reason="no allowed proxies configured")
    checked, excluded = _split_excluded(records, s["exclude_sip_usernames"])
    bad = [offender(r, f"proxy {r.get('proxy')} is not allowed" if r.get("proxy") else "no proxy")
           for r in checked if not r.get("proxy") or proxy_allowed(str(r["proxy"]), patterns) is None]
    return CheckOutcome(
        bad, len(checked), excluded,
        pass_message=f"All {len(checked)} registrations use an allowed proxy.",
        fail_message="{violations} of " + f"{len(checked)} registrations use a proxy that is not allowed.",
    )


ALLOWED_PROXIES = CheckDefinition(
    name="allowed_proxies",
    title="Registrations use allowed proxies",
    settings={"allowed": Setting((), to_proxy_patterns), "exclude_sip_usernames": EXCLUDE},
    describe=lambda s: "Every registration's proxy matches one of: " + (", ".join(s["allowed"]) or "(none configured)")
                       + " (host, host:port or shell-style pattern; an entry without a port allows any port).",
    evaluate=_allowed_proxies,
)


# 3. renewal_of_broken ----------------------------------------------------------------------------------------------
def _broken(record: Record) -> bool:
    return record.get("deactivated") is True or record.get("successful") is False


def _renewal_date(value: Any) -> Optional[datetime.date]:
    if not isinstance(value, str):
        return None
    try:
        return datetime.date.fromisoformat(value.strip()[:10]) if re.match(r"^\d{4}-\d{2}-\d{2}", value.strip()) else None
    except ValueError:
        return None


def _renewal_of_broken(records: Sequence[Record], s: Mapping[str, Any], context: AuditContext) -> CheckOutcome:
    today = context.today
    checked, excluded = _split_excluded([r for r in records if _broken(r)], s["exclude_sip_usernames"])
    last = today + datetime.timedelta(days=s["within_days"])
    bad: List[Offender] = []
    for r in checked:
        raw = r.get("next_subscription_renewal")
        if raw is None:
            continue  # nothing will be renewed
        day = _renewal_date(raw)
        if day is None:
            bad.append(offender(r, f"next_subscription_renewal {raw!r} is not a date: {describe_state(r)}"))
        elif today <= day <= last:
            bad.append(offender(r, f"renews on {day.isoformat()} while {describe_state(r)}"))
    window = f"{today.isoformat()} to {last.isoformat()}"
    return CheckOutcome(
        bad, len(checked), excluded,
        pass_message=f"None of the {len(checked)} deactivated or failed registrations renews from {window}.",
        fail_message="{violations} of " + f"{len(checked)} deactivated or failed registrations renew from {window} (paid while broken).",
    )


RENEWAL_OF_BROKEN = CheckDefinition(
    name="renewal_of_broken",
    title="No broken registration is about to renew",
    settings={"within_days": Setting(7, lambda option, value: to_int(option, value, minimum=0, maximum=3660)),
              "exclude_sip_usernames": EXCLUDE},
    describe=lambda s: f"No deactivated or failed registration has next_subscription_renewal within the next {s['within_days']} days "
                       "(today included, UTC): it would be paid for while broken.",
    evaluate=_renewal_of_broken,
    takes_context=True,
)


# 4. monthly_cost ---------------------------------------------------------------------------------------------------
def to_budget(option: str, value: Any) -> decimal.Decimal:
    # A YAML float (500.5) is taken by its shortest text, the number the user wrote; quote it to be sure.
    text = repr(value) if isinstance(value, float) else value
    budget = parse_price(text)
    if budget is None:
        raise AuditConfigError(option, f"expected a non-negative decimal number such as \"500.00\", got {value!r}")
    return budget


def _monthly_cost(records: Sequence[Record], s: Mapping[str, Any]) -> CheckOutcome:
    budget = s["budget"]
    if budget is None:
        return CheckOutcome([], 0, skip_reason="no budget configured")
    checked, excluded = _split_excluded(records, s["exclude_sip_usernames"])
    total, unpriced = monthly_cost(checked)
    bad = [offender(r, f"subscription_price {r.get('subscription_price')!r} is not a decimal number: not in the total")
           for r in unpriced]
    if total > budget:
        bad.append(Offender(None, ALL_REGISTRATIONS, f"monthly cost {decimal_text(total)} exceeds the budget {decimal_text(budget)}"))
    verdict = "exceeds" if total > budget else "is within"
    return CheckOutcome(
        bad, len(checked), excluded,
        pass_message=f"The monthly cost of the {len(checked)} registrations, {decimal_text(total)}, is within the budget {decimal_text(budget)}.",
        fail_message=f"The monthly cost of the {len(checked)} registrations, {decimal_text(total)}, {verdict} the budget {decimal_text(budget)}"
                     + (f"; {len(unpriced)} have a price that is not a decimal number." if unpriced else ".")
                     + " {violations} finding(s).",
    )


MONTHLY_COST = CheckDefinition(
    name="monthly_cost",
    title="Monthly cost is within the budget",
    settings={"budget": Setting(None, to_budget), "exclude_sip_usernames": EXCLUDE},
    describe=lambda s: ("The sum of subscription_price (exact decimals) is at most "
                        + (decimal_text(s["budget"]) if s["budget"] is not None else "the budget (none configured)")
                        + "; a price that is not a decimal number is a finding."),
    evaluate=_monthly_cost,
)

CHECKS: Tuple[CheckDefinition, ...] = (
    UNIQUE_REGISTRATIONS,
    ALLOWED_PROXIES,
    RENEWAL_OF_BROKEN,
    MONTHLY_COST,
)
