# -*- coding: utf-8 -*-
# Copyright (c) 2026, voximplant.management contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
name: sip_registrations
short_description: List the SIP registrations of a Voximplant account
version_added: 1.0.0
description:
  - Calls the Voximplant Management API method C(GetSipRegistrations) and returns every SIP registration that the
    filters select, across all pages.
  - Takes the same options as M(voximplant.management.sip_registration_info), as keyword arguments. Connection
    options may also come from Ansible variables and the controller's environment (see each option).
  - The listing is complete or the lookup fails; a partial list is never returned.
  - List options also accept a comma-separated string, for example C(rule_id='12,15').
  - Call it with C(query()) or C(wantlist=true); C(lookup()) returns a single registration as a dictionary.
author:
  - Voximplant collection maintainers (@voximplant)
extends_documentation_fragment:
  - voximplant.management.connection
  - voximplant.management.connection.plugins
  - voximplant.management.filters
options:
  cache:
    description:
      - Reuse the result of an identical lookup (same options) made earlier in the same playbook run, instead of
        calling the API again. Ansible evaluates a lookup each time the variable holding it is templated.
      - The cache lives in private files (mode 0600, plain JSON records) under the controller's temporary directory,
        keyed by a hash of the options, and is removed by the next cached lookup of the same user after the run ends.
        Results are reused for one hour at most.
      - Set V(false) to always read fresh data, for example when a play changes registrations and then checks them.
    type: bool
    default: true
    env:
      - name: ANSIBLE_VOXIMPLANT_CACHE
    ini:
      - section: voximplant_management
        key: cache
        version_added: 1.1.0
    vars:
      - name: ansible_voximplant_cache
seealso:
  - module: voximplant.management.sip_registration_info
"""

EXAMPLES = r"""
- name: Usernames of every failed registration
  ansible.builtin.debug:
    msg: "{{ query('voximplant.management.sip_registrations', successful=false) | map(attribute='sip_username') }}"
  vars:
    ansible_voximplant_credentials_file: /etc/voximplant/credentials.json

- name: Registrations of two rules, answered 4xx
  ansible.builtin.set_fact:
    rejected: >-
      {{ query('voximplant.management.sip_registrations', rule_id=[12, 15], status_code='400:499',
               credentials_file='/etc/voximplant/credentials.json') }}

- name: Connect directly although the controller exports HTTPS_PROXY for other tools
  ansible.builtin.debug:
    msg: "{{ query('voximplant.management.sip_registrations', in_progress=true, use_proxy=false) | length }} in progress"
  vars:
    ansible_voximplant_credentials_file: /etc/voximplant/credentials.json

- name: Compliance - no frozen registration
  ansible.builtin.assert:
    that:
      - query('voximplant.management.sip_registrations', deactivated=true) | length == 0
  vars:
    ansible_voximplant_credentials: "{{ vaulted_voximplant_key }}"
"""

RETURN = r"""
_list:
  description:
    - One dictionary for each registration, with the fields the API returns; see the RV(voximplant.management.sip_registration_info#module:sip_registrations)
      return value of the module.
  type: list
  elements: dict
"""

from ansible_collections.voximplant.management.plugins.plugin_utils._lookup_face import RegistrationLookupBase


class LookupModule(RegistrationLookupBase):
    def run(self, terms, variables=None, **kwargs):
        options = self.core_options(terms, variables, kwargs)
        return self.list_records(options)
