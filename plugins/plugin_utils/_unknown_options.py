# -*- coding: utf-8 -*-
# Copyright (c) 2026, voximplant.management contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The refusal of option names a plugin does not know. PRIVATE: not a public API of the collection.

Ansible's config layer ignores keyword arguments a lookup does not declare, so a misspelt filter
(`succesful=false`) would silently return every registration. The message follows the shape of
AnsibleModule's own ("Unsupported parameters for (name) module: ... Supported parameters include: ..."),
with the closest valid name for each unknown one.
"""

from __future__ import annotations

from typing import Iterable, Optional

from ansible_collections.voximplant.management.plugins.module_utils._option_dicts import unknown_option


def unknown_options_message(plugin: str, kind: str, given: Iterable[str], valid: Iterable[str]) -> Optional[str]:
    """The error for the names in `given` that are not in `valid`; None when every name is valid."""
    valid_names = sorted(set(valid))
    unknown = sorted(set(given) - set(valid_names))
    if not unknown:
        return None
    parts = [unknown_option(name, valid_names) for name in unknown]
    return f"Unsupported parameters for ({plugin}) {kind}: {', '.join(parts)}. Supported parameters include: {', '.join(valid_names)}."
