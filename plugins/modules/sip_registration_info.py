#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, voximplant.management contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: sip_registration_info
short_description: List the SIP registrations of a Voximplant account
version_added: 1.0.0
description:
  - Calls the Voximplant Management API method C(GetSipRegistrations) and returns every SIP registration that the
    filters select, across all pages, together with a summary that playbooks can assert on.
  - Every filter has the name of the API parameter it sets. Filters you do not set are not sent.
  - The listing is complete or the task fails; a partial list is never returned.
author:
  - Voximplant collection maintainers (@voximplant)
extends_documentation_fragment:
  - voximplant.management.connection
  - voximplant.management.filters
  - voximplant.management.attributes
  - voximplant.management.attributes.info_module
seealso:
  - plugin: voximplant.management.sip_registrations
    plugin_type: lookup
  - name: GetSipRegistrations
    description: The API method this module calls.
    link: https://voximplant.com/docs/references/httpapi/sipregistration#getsipregistrations
"""

EXAMPLES = r"""
# The module calls the API from the host it runs on: use it in a play on localhost, or with delegate_to: localhost.
- name: List every SIP registration of the account
  voximplant.management.sip_registration_info:
    credentials_file: /etc/voximplant/credentials.json
  register: sip

- name: Only the failed registrations of two applications, with 4xx or 5xx answers
  voximplant.management.sip_registration_info:
    credentials_file: /etc/voximplant/credentials.json
    application_name:
      - pbx-bridge
      - call-center
    successful: false
    status_code: "400:599"
  register: failing

- name: Compliance check - every persistent registration is registered
  voximplant.management.sip_registration_info:
    credentials_file: /etc/voximplant/credentials.json
    is_persistent: true
  register: persistent

- name: Fail the play when one of them is not
  ansible.builtin.assert:
    that:
      - persistent.summary.unsuccessful == 0
      - persistent.summary.in_progress == 0
    fail_msg: >-
      Not registered: {{ persistent.sip_registrations | rejectattr('successful', 'defined')
      | map(attribute='sip_username') | list + (persistent.sip_registrations | selectattr('successful', 'defined')
      | rejectattr('successful') | map(attribute='sip_username') | list) }}

- name: Through a proxy, and what the listing cost
  voximplant.management.sip_registration_info:
    credentials_file: /etc/voximplant/credentials.json
    proxy_url: http://proxy.example.net:3128
  register: listing

- name: Show the number of API requests, retries included
  ansible.builtin.debug:
    msg: "{{ listing.api_calls.requests }} requests, {{ listing.api_calls.retries }} retries, {{ listing.api_calls.seconds }} s"

- name: Set the credentials once for every task of the play
  module_defaults:
    group/voximplant.management.voximplant:
      credentials_file: /etc/voximplant/credentials.json
  block:
    - name: One registration by id
      voximplant.management.sip_registration_info:
        sip_registration_id: 1234
      register: one
"""

RETURN = r"""
sip_registrations:
  description:
    - The registrations the filters selected, in the order the API returned them, without duplicates.
    - An empty list when none match.
  returned: success
  type: list
  elements: dict
  contains:
    sip_registration_id:
      description: The SIP registration ID.
      type: int
      returned: always
      sample: 1742
    sip_username:
      description: The user name of the registration.
      type: str
      returned: always
      sample: pbx-office-1
    proxy:
      description: The SIP proxy the registration is made at.
      type: str
      returned: always
      sample: sip.example.net
    auth_user:
      description: The authentication user name, when one is set.
      type: str
      returned: when set
      sample: office1
    outbound_proxy:
      description: The outbound proxy.
      type: str
      returned: when set
      sample: out.example.net
    last_updated:
      description: When the registration last changed, as a Unix timestamp.
      type: int
      returned: always
      sample: 1795000000
    successful:
      description: Whether the registration succeeded. Absent while the registration is in progress.
      type: bool
      returned: when the registration is not in progress
      sample: true
    status_code:
      description: The SIP response code of the last registration attempt.
      type: int
      returned: when known
      sample: 200
    error_message:
      description: The error message of a failed registration.
      type: str
      returned: when the registration failed
      sample: Forbidden
    deactivated:
      description: Whether the registration is frozen.
      type: bool
      returned: always
      sample: false
    next_subscription_renewal:
      description: The next renewal date, C(YYYY-MM-DD).
      type: str
      returned: always
      sample: "2026-12-01"
    purchase_date:
      description: The purchase date and time in UTC, C(YYYY-MM-DD HH:MM:SS).
      type: str
      returned: always
      sample: "2026-01-15 09:30:00"
    subscription_price:
      description: The subscription price, a decimal number as a string.
      type: str
      returned: always
      sample: "0.5000"
    is_persistent:
      description: Whether the registration is persistent.
      type: bool
      returned: always
      sample: true
    user_id:
      description: The ID of the bound user.
      type: int
      returned: when bound to a user
      sample: 7
    user_name:
      description: The name of the bound user.
      type: str
      returned: when bound to a user
      sample: alice
    application_id:
      description: The ID of the bound application.
      type: int
      returned: when bound to an application
      sample: 10
    application_name:
      description: The name of the bound application.
      type: str
      returned: when bound to an application
      sample: pbx-bridge
    rule_id:
      description: The ID of the bound rule.
      type: int
      returned: when bound to a rule
      sample: 100
    rule_name:
      description: The name of the bound rule.
      type: str
      returned: when bound to a rule
      sample: inbound
summary:
  description: Counts over RV(sip_registrations), for assertions.
  returned: success
  type: dict
  contains:
    total:
      description: The number of registrations returned.
      type: int
      returned: always
      sample: 12
    successful:
      description: Registrations whose C(successful) is true.
      type: int
      returned: always
      sample: 7
    unsuccessful:
      description: Registrations whose C(successful) is false.
      type: int
      returned: always
      sample: 3
    in_progress:
      description: Registrations still in progress (no C(successful) field).
      type: int
      returned: always
      sample: 2
    deactivated:
      description: Frozen registrations.
      type: int
      returned: always
      sample: 1
    persistent:
      description: Persistent registrations.
      type: int
      returned: always
      sample: 9
    bound_to_application:
      description: Registrations bound to an application.
      type: int
      returned: always
      sample: 8
    by_status_code:
      description: The number of registrations for each SIP status code (keys are strings).
      type: dict
      returned: always
      sample: {"200": 7, "403": 2, "503": 1}
api_calls:
  description:
    - What the listing cost. O(retries) and O(page_size) change it; the API's rate limits count RV(api_calls.requests).
  returned: success
  type: dict
  version_added: 1.1.0
  contains:
    requests:
      description: HTTP requests sent, retries included.
      type: int
      returned: always
      sample: 4
    pages:
      description: Pages of records received.
      type: int
      returned: always
      sample: 3
    retries:
      description: Requests sent again after a failure that may pass (see O(retries)).
      type: int
      returned: always
      sample: 1
    seconds:
      description: Wall-clock seconds the listing took, from the first request to the last answer, waits included.
      type: float
      returned: always
      sample: 0.734
option:
  description: The option refused before any request was sent.
  returned: failure, on an invalid option
  type: str
  sample: status_code
api_code:
  description: The error code the API answered with.
  returned: failure, when the API answered with an error
  type: int
  sample: 104
api_message:
  description: The error message the API answered with.
  returned: failure, when the API answered with an error
  type: str
  sample: Forbidden command
http_status:
  description: The HTTP status of the last attempt; null when no HTTP answer came.
  returned: failure, on transport errors
  type: int
  sample: 503
attempts:
  description: Requests made for the failing page, retries included.
  returned: failure, on API and transport errors
  type: int
  sample: 6
"""

from ansible_collections.voximplant.management.plugins.module_utils._listing import list_sip_registrations
from ansible_collections.voximplant.management.plugins.module_utils._errors import VoximplantError
from ansible_collections.voximplant.management.plugins.module_utils._voximplant_module import VoximplantModule


def main() -> None:
    module = VoximplantModule()
    try:
        result = list_sip_registrations(module.core_options())
    except VoximplantError as error:
        module.fail_from(error)
        return
    for warning in result.warnings:
        module.warn(warning)
    module.exit_json(changed=False, sip_registrations=result.records, summary=result.summary, api_calls=result.api_calls)


if __name__ == "__main__":
    main()
