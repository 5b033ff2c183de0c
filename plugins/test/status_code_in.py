# -*- coding: utf-8 -*-
# Copyright (c) 2026, voximplant.management contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
name: status_code_in
short_description: Whether a SIP status code is in a set written in the API's status-code grammar
version_added: 1.1.0
description:
  - "Tests a SIP status code against the grammar of the O(voximplant.management.sip_registration_info#module:status_code) filter:
    a code (V(200)) or an inclusive range (V(400:499)), items joined with V(;) (V(200;400:499)), codes 100 to 699."
  - The grammar is validated with the module's rules; a bad one fails the task.
  - A missing code (a registration in progress has none, so C(selectattr) passes an undefined value) is in no set,
    the same as for the API filter.
author:
  - Voximplant collection maintainers (@voximplant)
options:
  _input:
    description: The status code (an integer or a string of digits).
    type: raw
    required: true
  codes:
    description: The set, in the status-code grammar.
    type: str
    required: true
seealso:
  - plugin: voximplant.management.sip_registrations_matching
    plugin_type: filter
"""

EXAMPLES = r"""
- name: Usernames of the registrations answered 4xx
  ansible.builtin.debug:
    msg: "{{ listing.sip_registrations | selectattr('status_code', 'voximplant.management.status_code_in', '400:499') | map(attribute='sip_username') }}"

- name: The code is fine
  ansible.builtin.assert:
    that: record.status_code is voximplant.management.status_code_in('200;486')
"""

RETURN = r"""
_value:
  description: V(true) when the code is in the set.
  type: bool
"""

from jinja2 import Undefined

from ansible_collections.voximplant.management.plugins.module_utils._filters import status_code_ranges
from ansible_collections.voximplant.management.plugins.plugin_utils._template_face import translated


def status_code_in(value, codes):
    ranges = translated("status_code_in", lambda: status_code_ranges("codes", codes))
    if value is None or isinstance(value, (Undefined, bool)):
        return False
    try:
        code = int(value)
    except (TypeError, ValueError):
        return False
    return any(low <= code <= high for low, high in ranges)


# An undefined status code (a record in progress) must reach the test, which answers false, instead of failing the template.
setattr(status_code_in, "accept_args_markers", True)


class TestModule:
    def tests(self):
        return {"status_code_in": status_code_in}
