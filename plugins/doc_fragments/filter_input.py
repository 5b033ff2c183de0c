# -*- coding: utf-8 -*-
# Copyright (c) 2026, voximplant.management contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations


class ModuleDocFragment:
    # The input of the collection's filter plugins: what plugin_utils/_template_face.records_of accepts.
    DOCUMENTATION = r"""
options:
  _input:
    description: The registrations (a list of dicts, or a registered result of M(voximplant.management.sip_registration_info)).
    type: list
    elements: dict
    required: true
"""
