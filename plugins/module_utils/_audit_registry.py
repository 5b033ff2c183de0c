# -*- coding: utf-8 -*-
# Copyright (c) 2026, voximplant.management contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The registry of built-in audit checks, in report order. PRIVATE: not a public API of the collection.

To add a built-in check: define its CheckDefinition (in _audit_builtin.py, _audit_sip.py, _audit_drift.py
or a file of its own) and add it to _IN_REPORT_ORDER below. The role documents each check's settings in meta/argument_specs.yml.
"""

from __future__ import annotations

from typing import Dict, Tuple

from ansible_collections.voximplant.management.plugins.module_utils import _audit_builtin, _audit_drift, _audit_sip
from ansible_collections.voximplant.management.plugins.module_utils._audit_checks import CheckDefinition

_IN_REPORT_ORDER: Tuple[CheckDefinition, ...] = (
    _audit_builtin.PERSISTENT_SUCCESSFUL,
    _audit_builtin.NOT_DEACTIVATED,
    _audit_builtin.BOUND_TO_APPLICATION,
    _audit_builtin.ALLOWED_STATUS_CODES,
    _audit_builtin.REQUIRED_SIP_USERNAMES,
    _audit_sip.UNIQUE_REGISTRATIONS,
    _audit_sip.ALLOWED_PROXIES,
    _audit_sip.RENEWAL_OF_BROKEN,
    _audit_sip.MONTHLY_COST,
    _audit_drift.BASELINE_UNCHANGED,
)


def _index(definitions: Tuple[CheckDefinition, ...]) -> Dict[str, CheckDefinition]:
    index: Dict[str, CheckDefinition] = {}
    for definition in definitions:
        if definition.name in index:
            raise ValueError(f"two built-in checks are named {definition.name}")  # a programming error, caught by the unit tests
        clash = set(definition.settings) & set(definition.common)
        if clash:
            raise ValueError(f"check {definition.name} redefines the common settings {sorted(clash)}")
        index[definition.name] = definition
    return index


BUILTIN_CHECKS: Dict[str, CheckDefinition] = _index(_IN_REPORT_ORDER)
