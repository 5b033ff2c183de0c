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
  - A keyword argument that is not one of the options below (a misspelt filter, for example C(succesful=false)) fails the
    lookup before any request, naming each unknown option and the closest valid one, as the module does.
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
      - Where it lives. In the private directory that ansible-core makes on the controller for each
        C(ansible-playbook) run (under C(ANSIBLE_LOCAL_TEMP), by default C(~/.ansible/tmp/ansible-local-<pid><random>),
        mode 0700) and removes when the run ends. No other user can predict or reach it, and no run sees another
        run's results, even where process IDs repeat (containers, PID namespaces).
      - What it holds. The records of each listing as plain JSON (files of mode 0600), named by a hash keyed with a
        random token of the run, over every option and the content of the key file O(credentials_file) (not its path,
        so that another key is another listing). Secrets are never written, only hashed into the name.
      - For how long. Until the end of the run, and one hour at most within a longer run. Failed lookups are never
        cached.
      - When it is skipped. If the run's directory or anything in it is not what the lookup made (another owner,
        a mode other than 0700 or 0600, a symbolic link, an entry that does not parse), the lookup shows a warning
        saying why and lists from the API without the cache; it never follows a link nor fails because of the cache.
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

from ansible_collections.voximplant.management.plugins.plugin_utils._lookup import VoximplantLookupBase


class LookupModule(VoximplantLookupBase):
    def run(self, terms, variables=None, **kwargs):
        options = self.core_options(terms, variables, kwargs)
        return self.list_records(options)
