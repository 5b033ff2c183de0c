# -*- coding: utf-8 -*-
# Copyright (c) 2026, voximplant.management contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
name: sip_registrations_matching
short_description: The SIP registrations a filters dict selects, with the API filter's meaning
version_added: 1.1.0
description:
  - "Selects, from a list of SIP registration dicts, those that the filters of M(voximplant.management.sip_registration_info)
    would select: the same names, the same validation (unknown key, status-code grammar, exclusive pairs such as
    C(application_id)/C(application_name) fail the task) and the API's meaning. All keys must hold."
  - The same vocabulary as C(select) and C(require) of the custom checks of the role
    P(voximplant.management.sip_registration_audit#role).
  - "Meaning: C(successful=false) selects failed registrations, not those in progress; C(in_progress) means C(successful) is
    absent; C(is_bound_to_application) means C(application_id) is present; a list (C(application_id), C(application_name),
    C(rule_id), C(rule_name), C(user_id), C(user_name), C(proxy)) matches when the record's value is one of its items;
    a registration without a status code matches no C(status_code)."
  - The paging options C(count) and C(offset) are not filters of a record and are refused.
author:
  - Voximplant collection maintainers (@voximplant)
extends_documentation_fragment:
  - voximplant.management.filter_input
options:
  filters:
    description: "The filters, for example C({status_code: '400:499', is_persistent: true}). An empty dict selects every registration."
    type: dict
    required: true
seealso:
  - module: voximplant.management.sip_registration_info
  - plugin: voximplant.management.status_code_in
    plugin_type: test
"""

EXAMPLES = r"""
- name: Persistent registrations of the PBX application answered 4xx
  ansible.builtin.debug:
    msg: >-
      {{ listing.sip_registrations
         | voximplant.management.sip_registrations_matching({'application_name': ['pbx'], 'is_persistent': true,
                                                             'status_code': '400:499'})
         | map(attribute='sip_username') }}

- name: Split one listing instead of asking the API twice
  ansible.builtin.set_fact:
    on_pbx_proxies: "{{ listing | voximplant.management.sip_registrations_matching({'proxy': ['sip1.example.com', 'sip2.example.com']}) }}"
"""

RETURN = r"""
_value:
  description: The registrations that match, in their order.
  type: list
  elements: dict
"""

from ansible_collections.voximplant.management.plugins.module_utils._matching import compile_filters
from ansible_collections.voximplant.management.plugins.plugin_utils._template_face import records_of, translated


def sip_registrations_matching(records, filters):
    matcher = translated("sip_registrations_matching", lambda: compile_filters("filters", filters))
    return matcher.select(records_of(records, "sip_registrations_matching"))


class FilterModule:
    def filters(self):
        return {"sip_registrations_matching": sip_registrations_matching}
