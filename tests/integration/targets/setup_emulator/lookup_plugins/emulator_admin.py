# -*- coding: utf-8 -*-
# Copyright (c) 2026, voximplant.management contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Test helper of the integration targets (shared through setup_emulator): calls the emulator's admin API from the controller.

A lookup instead of ansible.builtin.uri: no module run per call, which keeps the matrix fast.
"""

from __future__ import annotations

import json
import ssl
import time
import urllib.request

from ansible.errors import AnsibleLookupError
from ansible.plugins.lookup import LookupBase

DOCUMENTATION = r"""
name: emulator_admin
short_description: Call the admin API of the Voximplant API emulator (integration tests only)
description:
  - C(query('emulator_admin', 'stats', admin_url=...)) GETs C({admin_url}/stats);
    with O(body) it POSTs the body as JSON instead. Returns the decoded JSON document.
options:
  _terms:
    description: The admin endpoint, such as C(stats), C(reset), C(faults).
    required: true
  admin_url:
    description: The admin base URL (C(.../__emulator)).
    type: str
    required: true
  body:
    description: A JSON document to POST; omitted means GET.
    type: raw
  ca_path:
    description: The emulator's CA (C(ca.pem)), when it serves HTTPS.
    type: path
  wait_idle:
    description:
      - With C(stats), first wait (up to 30 s) until no API request is in flight, because a request
        that outlived the client's timeout is still being served.
    type: bool
    default: false
"""


class LookupModule(LookupBase):
    def run(self, terms, variables=None, **kwargs):
        if len(terms) != 1:
            raise AnsibleLookupError("emulator_admin takes exactly one endpoint")
        admin_url = kwargs.get("admin_url")
        if not admin_url:
            raise AnsibleLookupError("emulator_admin needs admin_url")
        endpoint = terms[0]
        context = ssl.create_default_context(cafile=kwargs["ca_path"]) if kwargs.get("ca_path") else None
        if kwargs.get("wait_idle"):
            deadline = time.monotonic() + 30
            while _call(admin_url, endpoint, None, context)["in_flight"] and time.monotonic() < deadline:
                time.sleep(0.1)
        return [_call(admin_url, endpoint, kwargs.get("body"), context)]


def _call(admin_url, endpoint, body, context):
    data = None if body is None else json.dumps(body).encode("utf-8")
    request = urllib.request.Request(
        f"{admin_url}/{endpoint}", data=data, method="GET" if data is None else "POST", headers={"Content-Type": "application/json"}
    )
    # Never through a proxy: the emulator listens on loopback.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), urllib.request.HTTPSHandler(context=context))
    try:
        with opener.open(request, timeout=30) as response:
            return json.loads(response.read().decode("utf-8"))
    except OSError as exc:
        raise AnsibleLookupError(f"emulator admin {endpoint} failed: {exc}") from None
