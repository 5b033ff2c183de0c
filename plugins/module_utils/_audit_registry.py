# -*- coding: utf-8 -*-
# Copyright (c) 2026, voximplant.management contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The registry of built-in audit checks, in report order. PRIVATE: not a public API of the collection.

To add built-in checks: define CheckDefinitions in their own file (a CHECKS tuple, like _audit_builtin.py)
and add that tuple to _GROUPS below. The role documents each check's settings in meta/argument_specs.yml.
"""

from __future__ import annotations

from typing import Dict, Tuple

from ansible_collections.voximplant.management.plugins.module_utils import _audit_builtin, _audit_drift, _audit_sip
from ansible_collections.voximplant.management.plugins.module_utils._audit_checks import CheckDefinition

_GROUPS: Tuple[Tuple[CheckDefinition, ...], ...] = (
    _audit_builtin.CHECKS,
    _audit_sip.CHECKS,
    _audit_drift.CHECKS,
)


def _index(groups: Tuple[Tuple[CheckDefinition, ...], ...]) -> Dict[str, CheckDefinition]:
    index: Dict[str, CheckDefinition] = {}
    for definition in (item for group in groups for item in group):
        if definition.name in index:
            raise ValueError(f"two built-in checks are named {definition.name}")  # a programming error, caught by the unit tests
        clash = set(definition.settings) & set(definition.common)
        if clash:
            raise ValueError(f"check {definition.name} redefines the common settings {sorted(clash)}")
        index[definition.name] = definition
    return index


BUILTIN_CHECKS: Dict[str, CheckDefinition] = _index(_GROUPS)
