# -*- coding: utf-8 -*-
# Copyright (c) 2026, voximplant.management contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
name: sip_registration_summary
short_description: The summary of a list of SIP registrations, as the module computes it
version_added: 1.1.0
description:
  - Counts a list of SIP registration dicts (the API's field names) exactly as the RV(voximplant.management.sip_registration_info#module:summary)
    of M(voximplant.management.sip_registration_info) does, for example for records gathered from several accounts with the
    P(voximplant.management.sip_registrations#lookup) lookup, or for a subset selected in a playbook.
  - A registered result of the module is accepted too (its RV(voximplant.management.sip_registration_info#module:sip_registrations) are counted).
author:
  - Voximplant collection maintainers (@voximplant)
extends_documentation_fragment:
  - voximplant.management.filter_input
seealso:
  - module: voximplant.management.sip_registration_info
  - plugin: voximplant.management.sip_registrations_matching
    plugin_type: filter
"""

EXAMPLES = r"""
- name: One summary over two child accounts
  ansible.builtin.debug:
    msg: >-
      {{ (query('voximplant.management.sip_registrations', account_id=2345678)
          + query('voximplant.management.sip_registrations', account_id=3456789))
         | voximplant.management.sip_registration_summary }}

- name: No persistent registration failed
  ansible.builtin.assert:
    that:
      - (listing.sip_registrations | selectattr('is_persistent') | voximplant.management.sip_registration_summary).unsuccessful == 0
"""

RETURN = r"""
_value:
  description:
    - The summary, the same dict as the module's RV(voximplant.management.sip_registration_info#module:summary),
      whose keys are documented there.
  type: dict
"""

from ansible_collections.voximplant.management.plugins.module_utils._summary import summarize
from ansible_collections.voximplant.management.plugins.plugin_utils._template_face import records_of


def sip_registration_summary(records):
    return summarize(records_of(records, "sip_registration_summary"))


class FilterModule:
    def filters(self):
        return {"sip_registration_summary": sip_registration_summary}
