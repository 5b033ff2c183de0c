# -*- coding: utf-8 -*-
# Copyright (c) 2026, voximplant.management contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations


class ModuleDocFragment:
    # Connection options shared by the module and the lookup. Their types, defaults and module
    # environment fallbacks come from CONNECTION_OPTIONS in plugins/module_utils/_connection.py.
    DOCUMENTATION = r"""
options:
  api_url:
    description:
      - The base URL of the Voximplant Management API. Methods are posted to C({api_url}/<method>).
      - Secrets are never sent over C(http://) to a host other than loopback unless O(allow_insecure_http=true).
      - The module falls back to the environment variable E(ANSIBLE_VOXIMPLANT_API_URL) of the host it runs on.
    type: str
    default: https://api.voximplant.com/platform_api
  credentials_file:
    description:
      - Path to the service-account key file C(credentials.json) made in the Voximplant control panel
        (fields C(account_id), C(key_id), C(private_key)). Each request carries a short-lived RS256 JWT signed with it.
      - It must be a regular file (a symbolic link to one is followed) of at most 64 KiB, and its RSA key at least
        2048 bits long; anything else is refused before any request.
      - The module falls back to the environment variables E(ANSIBLE_VOXIMPLANT_CREDENTIALS_FILE), then
        E(VOXIMPLANT_CREDENTIALS) (the official clients' name), of the host it runs on.
      - The lowest-ranked way to authenticate; see O(token) for the precedence.
    type: path
  credentials:
    description:
      - The content of C(credentials.json), as a dictionary or a JSON string. Use it with Ansible Vault.
      - Only C(account_id), C(key_id) and C(private_key) are read; C(private_key) must be an unencrypted RSA key in PEM
        of at least 2048 bits.
      - In the module's output only the values of C(account_id), C(key_id) and C(account_email) are shown (they are
        identifiers); every other field of the dictionary is treated as secret and masked.
    type: raw
  token:
    description:
      - A ready bearer token, sent as it is in the C(Authorization) header. Give the token alone, without the
        C(Bearer) prefix. It is not renewed, so it must stay valid for the whole run.
      - The module falls back to the environment variables E(ANSIBLE_VOXIMPLANT_TOKEN), then E(VOXIMPLANT_TOKEN),
        of the host it runs on.
      - "When several ways to authenticate are set, the first of these wins: O(token), O(credentials),
        O(api_key) (with O(account_id)), O(credentials_file). Credentials from environment variables count only
        when none is set otherwise (in the task, or for the lookup also in Ansible variables), so an exported
        E(VOXIMPLANT_TOKEN) never overrides the key file a task names."
      - A string. The type is C(raw) only so that a mistaken non-string value is refused without being echoed.
    type: raw
  account_id:
    description:
      - With O(credentials_file) or O(credentials), the account the token is issued for (its C(iss) claim) instead of
        the key's own account, to act on a child account with the parent's key.
      - With O(api_key), the account of the legacy authentication.
      - The child-account override follows the official API clients; the API reference does not describe it.
      - The module falls back to the environment variable E(ANSIBLE_VOXIMPLANT_ACCOUNT_ID) of the host it runs on.
    type: int
  api_key:
    description:
      - The account's API key, for the legacy authentication with O(account_id). Deprecated by Voximplant in
        favour of service-account keys.
      - The module falls back to the environment variable E(ANSIBLE_VOXIMPLANT_API_KEY) of the host it runs on.
      - A string. The type is C(raw) only so that a mistaken non-string value is refused without being echoed.
    type: raw
  validate_certs:
    description:
      - Whether to verify the TLS certificate of the API. Turning it off emits a warning.
      - The module falls back to the environment variable E(ANSIBLE_VOXIMPLANT_VALIDATE_CERTS) of the host it runs on.
    type: bool
    default: true
  ca_path:
    description:
      - A PEM bundle of the certificate authorities to trust instead of the system ones, for example behind a
        TLS-inspecting proxy.
      - The module falls back to the environment variable E(ANSIBLE_VOXIMPLANT_CA_PATH) of the host it runs on.
    type: path
  allow_insecure_http:
    description:
      - Allow sending credentials over plain C(http://) to a host that is not loopback.
    type: bool
    default: false
  timeout:
    description:
      - Seconds each HTTP request may take, from 0.1 to 3600. Connecting and each wait for data are bounded by it,
        and the whole response body must have arrived within O(timeout) of the request's start (checked while it
        is read, so a server trickling bytes is cut off too). A task therefore takes at most about
        O(timeout) times the number of attempts (see O(retries)) plus the waits between them.
      - The module falls back to the environment variable E(ANSIBLE_VOXIMPLANT_TIMEOUT) of the host it runs on.
    type: float
    default: 30
  retries:
    description:
      - How many times a request is retried after a failure that may pass, from 0 to 20. Retried are HTTP 408, 425,
        429 and 5xx answers, connection errors and timeouts, bodies that are not JSON, and the API errors 162, 314,
        340, 416 and 484.
      - Before retry n the wait is a random time between half and all of min(20, 0.5 * 2^(n-1)) seconds; a
        C(Retry-After) header is honoured up to 60 s. No retry is made whose wait would end more than 300 s after the
        listing began; the last error is then reported, with the number of attempts.
      - Other API errors (such as 100 authorization failed or 101 invalid arguments), redirects (HTTP 3xx, never
        followed) and TLS verification failures fail at once.
      - The module falls back to the environment variable E(ANSIBLE_VOXIMPLANT_RETRIES) of the host it runs on.
    type: int
    default: 5
  page_size:
    description:
      - How many records to ask for in each request, from 1 to 10000. The listing stays complete if the server
        serves fewer per page.
    type: int
    default: 1000
  concurrency:
    description:
      - How many pages to fetch at the same time once the first page shows that there are more, from 1 to 16.
    type: int
    default: 4
  max_records:
    description:
      - The most registrations one listing may hold, at least 1. A listing that would hold more fails with an error
        naming this bound; a partial list is never returned. It guards against a server that keeps serving new
        records, and bounds the memory a task uses.
      - The filter O(count) limits how many records are returned; with O(count) at most O(max_records) this bound
        is never reached. A larger O(count) is allowed, and fails only if more than O(max_records) records match.
      - The module falls back to the environment variable E(ANSIBLE_VOXIMPLANT_MAX_RECORDS) of the host it runs on.
    type: int
    default: 100000
    version_added: 1.1.0
notes:
  - The module runs on the managed host (usually C(localhost)); its environment variable fallbacks read that host's
    environment. The lookup runs on the controller and reads the controller's.
requirements:
  - requests >= 2.25.0
  - PyJWT >= 2.0.0
  - cryptography >= 3.4
"""

    # Lookups only: the same options may also come from Ansible variables and the controller's environment.
    # Precedence: keyword argument > Ansible variable > environment; among environment variables the last listed wins.
    PLUGINS = r"""
options:
  api_url:
    env:
      - name: ANSIBLE_VOXIMPLANT_API_URL
    vars:
      - name: ansible_voximplant_api_url
  credentials_file:
    env:
      - name: VOXIMPLANT_CREDENTIALS
      - name: ANSIBLE_VOXIMPLANT_CREDENTIALS_FILE
    vars:
      - name: ansible_voximplant_credentials_file
  credentials:
    vars:
      - name: ansible_voximplant_credentials
  token:
    env:
      - name: VOXIMPLANT_TOKEN
      - name: ANSIBLE_VOXIMPLANT_TOKEN
    vars:
      - name: ansible_voximplant_token
  account_id:
    env:
      - name: ANSIBLE_VOXIMPLANT_ACCOUNT_ID
    vars:
      - name: ansible_voximplant_account_id
  api_key:
    env:
      - name: ANSIBLE_VOXIMPLANT_API_KEY
    vars:
      - name: ansible_voximplant_api_key
  validate_certs:
    env:
      - name: ANSIBLE_VOXIMPLANT_VALIDATE_CERTS
    vars:
      - name: ansible_voximplant_validate_certs
  ca_path:
    env:
      - name: ANSIBLE_VOXIMPLANT_CA_PATH
    vars:
      - name: ansible_voximplant_ca_path
  allow_insecure_http:
    vars:
      - name: ansible_voximplant_allow_insecure_http
  timeout:
    env:
      - name: ANSIBLE_VOXIMPLANT_TIMEOUT
    vars:
      - name: ansible_voximplant_timeout
  retries:
    env:
      - name: ANSIBLE_VOXIMPLANT_RETRIES
    vars:
      - name: ansible_voximplant_retries
  page_size:
    vars:
      - name: ansible_voximplant_page_size
  concurrency:
    vars:
      - name: ansible_voximplant_concurrency
  max_records:
    env:
      - name: ANSIBLE_VOXIMPLANT_MAX_RECORDS
    vars:
      - name: ansible_voximplant_max_records
"""
