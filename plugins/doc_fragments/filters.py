# -*- coding: utf-8 -*-
# Copyright (c) 2026, voximplant.management contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations


class ModuleDocFragment:
    # The GetSipRegistrations filters; the names are the API's parameters. Types and encoding come
    # from FILTERS in plugins/module_utils/_filters.py.
    DOCUMENTATION = r"""
options:
  sip_registration_id:
    description: Only the registration with this ID.
    type: int
  sip_username:
    description: Only registrations with this SIP user name.
    type: str
  deactivated:
    description: Only frozen registrations (V(true)) or only registrations that are not frozen (V(false)).
    type: bool
  successful:
    description:
      - Only successful registrations (V(true)) or only failed ones (V(false)).
      - Registrations still in progress match neither; see O(in_progress).
    type: bool
  is_persistent:
    description: Only persistent registrations (V(true)) or only non-persistent ones (V(false)).
    type: bool
  application_id:
    description: Only registrations bound to one of these applications, given by ID.
    type: list
    elements: int
  application_name:
    description: Only registrations bound to one of these applications, given by name.
    type: list
    elements: str
  is_bound_to_application:
    description: Only registrations bound to some application (V(true)) or bound to none (V(false)).
    type: bool
  rule_id:
    description: Only registrations bound to one of these rules, given by ID.
    type: list
    elements: int
  rule_name:
    description: Only registrations bound to one of these rules, given by name.
    type: list
    elements: str
  user_id:
    description: Only registrations bound to one of these users, given by ID.
    type: list
    elements: int
  user_name:
    description:
      - Only registrations bound to one of these users, given by name.
      - Older API clients send it and the current reference page does not list it; the server's support is not documented.
    type: list
    elements: str
  proxy:
    description: Only registrations at one of these SIP proxies.
    type: list
    elements: str
  in_progress:
    description: Only registrations still in progress (V(true)) or only finished ones (V(false)).
    type: bool
  status_code:
    description:
      - Only registrations whose last SIP response code matches. Items are joined with V(;); each item is a code
        from 100 to 699 or an inclusive range V(low:high), for example V(200;400:499).
      - The grammar is checked before any request is sent.
      - Registrations still in progress have no status code and match no value.
    type: str
  count:
    description:
      - The largest number of registrations to return in all. Without it every matching registration is returned.
      - Not a page size (see O(page_size)). With O(offset) it selects a window in the order the server returns,
        which the API does not document.
      - Without it, or above O(max_records), a listing that would hold more than O(max_records) registrations fails.
    type: int
  offset:
    description: How many matching registrations to skip before the first one returned. Without it none are skipped.
    type: int
notes:
  - "The list filters (O(application_id), O(application_name), O(rule_id), O(rule_name), O(user_id), O(user_name),
    O(proxy)) select registrations whose value is one of the items; they are sent joined with V(;)."
  - "A binding is given by ID or by name, not both: O(application_id) or O(application_name), O(rule_id) or
    O(rule_name), O(user_id) or O(user_name). Setting both of a pair fails before any request."
"""
