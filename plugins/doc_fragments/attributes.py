# -*- coding: utf-8 -*-
# Copyright (c) 2026, voximplant.management contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations


class ModuleDocFragment:
    # Attributes every module of the collection has.
    DOCUMENTATION = r"""
attributes:
  action_group:
    description: Use C(group/voximplant.management.voximplant) in C(module_defaults) to set options once for all the collection's modules.
    support: full
    membership:
      - voximplant.management.voximplant
"""

    # Attributes of modules that only read.
    INFO_MODULE = r"""
attributes:
  check_mode:
    description: Can run in C(check_mode) and return changed status prediction without modifying target.
    support: full
    details: This module only reads, so it behaves the same in check mode.
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in C(diff_mode)), when in diff mode.
    support: N/A
    details: This module only reads; there is no difference to show.
"""
