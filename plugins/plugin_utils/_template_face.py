# -*- coding: utf-8 -*-
# Copyright (c) 2026, voximplant.management contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What the collection's filter and test plugins share: input checks and error translation. PRIVATE: not a public API of the collection."""

from __future__ import annotations

from typing import Any, Callable, List, Mapping, TypeVar

from ansible.errors import AnsibleFilterError

from ansible_collections.voximplant.management.plugins.module_utils._errors import VoximplantError

T = TypeVar("T")


def records_of(value: Any, plugin: str) -> List[Mapping[str, Any]]:
    """The registration dicts a filter was given (a list, as the module and the lookup return them)."""
    if isinstance(value, Mapping) and isinstance(value.get("sip_registrations"), list):
        value = value["sip_registrations"]  # a registered module result
    if isinstance(value, (str, bytes)) or not hasattr(value, "__iter__"):
        raise AnsibleFilterError(f"{plugin}: expected a list of SIP registration dicts, got {type(value).__name__}")
    records = list(value)
    for index, record in enumerate(records):
        if not isinstance(record, Mapping):
            raise AnsibleFilterError(f"{plugin}: item {index} is a {type(record).__name__}, not a SIP registration dict")
    return records


def translated(plugin: str, action: Callable[[], T]) -> T:
    """Run core code; its errors become the template error Ansible shows (the message names the option)."""
    try:
        return action()
    except VoximplantError as error:
        raise AnsibleFilterError(f"{plugin}: {error}") from None
