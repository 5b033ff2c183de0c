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
      - Falls back to the environment variable E(ANSIBLE_VOXIMPLANT_API_URL), read by the module on the managed host it runs on
        and by the lookup on the controller.
    type: str
    default: https://api.voximplant.com/platform_api
  credentials_file:
    description:
      - Path to the service-account key file C(credentials.json) made in the Voximplant control panel
        (fields C(account_id), C(key_id), C(private_key)). Each request carries a short-lived RS256 JWT signed with it.
      - It must be a regular file (a symbolic link to one is followed) of at most 64 KiB, and its RSA key at least
        2048 bits long; anything else is refused before any request.
      - Falls back to the environment variables E(ANSIBLE_VOXIMPLANT_CREDENTIALS_FILE), then
        E(VOXIMPLANT_CREDENTIALS) (the official clients' name), read by the module on the managed host it runs on and
        by the lookup on the controller.
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
      - Falls back to the environment variables E(ANSIBLE_VOXIMPLANT_TOKEN), then E(VOXIMPLANT_TOKEN), read by the
        module on the managed host it runs on and by the lookup on the controller.
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
      - Falls back to the environment variable E(ANSIBLE_VOXIMPLANT_ACCOUNT_ID), read by the module on the managed host it runs on
        and by the lookup on the controller.
    type: int
  api_key:
    description:
      - The account's API key, for the legacy authentication with O(account_id). Deprecated by Voximplant in
        favour of service-account keys.
      - Falls back to the environment variable E(ANSIBLE_VOXIMPLANT_API_KEY), read by the module on the managed host it runs on
        and by the lookup on the controller.
      - A string. The type is C(raw) only so that a mistaken non-string value is refused without being echoed.
    type: raw
  validate_certs:
    description:
      - Whether to verify the TLS certificate of the API. Turning it off emits a warning.
      - Falls back to the environment variable E(ANSIBLE_VOXIMPLANT_VALIDATE_CERTS), read by the module on the managed host it runs on
        and by the lookup on the controller.
    type: bool
    default: true
  ca_path:
    description:
      - A PEM bundle of the certificate authorities to trust instead of the system ones, for example behind a
        TLS-inspecting proxy.
      - Falls back to the environment variable E(ANSIBLE_VOXIMPLANT_CA_PATH), read by the module on the managed host it runs on
        and by the lookup on the controller.
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
      - Falls back to the environment variable E(ANSIBLE_VOXIMPLANT_TIMEOUT), read by the module on the managed host it runs on
        and by the lookup on the controller.
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
      - Falls back to the environment variable E(ANSIBLE_VOXIMPLANT_RETRIES), read by the module on the managed host it runs on
        and by the lookup on the controller.
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
      - The filter C(count) limits how many records are returned; with C(count) at most O(max_records) this bound
        is never reached. A larger C(count) is allowed, and fails only if more than O(max_records) records match.
      - Falls back to the environment variable E(ANSIBLE_VOXIMPLANT_MAX_RECORDS), read by the module on the managed host
        it runs on and by the lookup on the controller.
    type: int
    default: 100000
    version_added: 1.1.0
  proxy_url:
    description:
      - The HTTP proxy to send the API requests through, as C(http://host:port) or C(https://host:port), optionally
        with C(user:password@) before the host (percent-encode special characters). No path, query or fragment.
      - When set, it is used for every request, whatever E(HTTPS_PROXY), E(HTTP_PROXY), E(ALL_PROXY) and E(NO_PROXY)
        say.
      - When not set and O(use_proxy=true), the proxy environment variables decide, as the C(requests) library reads
        them (the module on the managed host it runs on, the lookup on the controller). E(HTTPS_PROXY) (or
        E(ALL_PROXY)) serves an C(https://) O(api_url), E(HTTP_PROXY) an C(http://) one, except for the hosts that
        E(NO_PROXY) lists. Loopback addresses are not exempted by default; put them in E(NO_PROXY) if needed.
      - The password in it is a secret; the module masks it in its output and no message shows it. Keep a URL with a
        password in Ansible Vault, not in C(ansible.cfg).
    type: str
    version_added: 1.1.0
  use_proxy:
    description:
      - Whether the proxy environment variables (E(HTTPS_PROXY), E(HTTP_PROXY), E(ALL_PROXY), E(NO_PROXY)) may choose
        a proxy. Set V(false) to connect directly although they are set, for example when a lookup on the controller
        would otherwise go through a corporate proxy that cannot reach the API and time out.
      - Has no effect on O(proxy_url), which is always used when set. Other environment settings of C(requests), such
        as E(REQUESTS_CA_BUNDLE), still apply.
      - The name and meaning are those of the C(use_proxy) option of C(ansible.builtin.uri) and C(ansible.builtin.get_url).
    type: bool
    default: true
    version_added: 1.1.0
notes:
  - The module runs on the managed host (usually C(localhost)); its environment variable fallbacks read that host's
    environment. The lookup runs on the controller and reads the controller's.
  - "The lookup also reads its connection options from Ansible variables (C(ansible_voximplant_<option>)), from the
    controller's environment variables and from the C([voximplant_management]) section of C(ansible.cfg), with the
    option names as keys. The first of these that is set wins, as ansible-core orders plugin options: keyword argument,
    Ansible variable, environment variable, C(ansible.cfg), default. O(credentials), O(token) and O(api_key) have no
    C(ansible.cfg) entry: a secret does not belong in a configuration file that C(ansible-config dump) prints;
    O(credentials_file) names the key's path instead. C(module_defaults) do not reach lookups."
  - "The credentials (O(token), O(credentials), O(api_key), O(credentials_file)) are the exception to that order, for
    the module and the lookup alike: their environment variables are read only when none of the four is set otherwise
    (in the task; for the lookup as a keyword argument, an Ansible variable or, for O(credentials_file), in
    C(ansible.cfg)). So for the lookup a O(credentials_file) in C(ansible.cfg) wins over every credential from the
    environment, E(ANSIBLE_VOXIMPLANT_CREDENTIALS_FILE) included."
requirements:
  - requests >= 2.25.0
  - PyJWT >= 2.0.0
  - cryptography >= 3.4
"""

    # Lookups only: the same options may also come from Ansible variables, the controller's environment and ansible.cfg.
    # Precedence: keyword argument > Ansible variable > environment > ansible.cfg; among environment variables the last
    # listed wins. Secrets (no_log in the table) have no ini: entry. The credential options (CREDENTIAL_OPTIONS) have
    # no env: entry: _credentials.resolve_credentials reads their variables, below every explicit source.
    PLUGINS = r"""
options:
  api_url:
    env:
      - name: ANSIBLE_VOXIMPLANT_API_URL
    ini:
      - section: voximplant_management
        key: api_url
        version_added: 1.1.0
    vars:
      - name: ansible_voximplant_api_url
  credentials_file:
    ini:
      - section: voximplant_management
        key: credentials_file
        version_added: 1.1.0
    vars:
      - name: ansible_voximplant_credentials_file
  credentials:
    vars:
      - name: ansible_voximplant_credentials
  token:
    vars:
      - name: ansible_voximplant_token
  account_id:
    env:
      - name: ANSIBLE_VOXIMPLANT_ACCOUNT_ID
    ini:
      - section: voximplant_management
        key: account_id
        version_added: 1.1.0
    vars:
      - name: ansible_voximplant_account_id
  api_key:
    vars:
      - name: ansible_voximplant_api_key
  validate_certs:
    env:
      - name: ANSIBLE_VOXIMPLANT_VALIDATE_CERTS
    ini:
      - section: voximplant_management
        key: validate_certs
        version_added: 1.1.0
    vars:
      - name: ansible_voximplant_validate_certs
  ca_path:
    env:
      - name: ANSIBLE_VOXIMPLANT_CA_PATH
    ini:
      - section: voximplant_management
        key: ca_path
        version_added: 1.1.0
    vars:
      - name: ansible_voximplant_ca_path
  allow_insecure_http:
    ini:
      - section: voximplant_management
        key: allow_insecure_http
        version_added: 1.1.0
    vars:
      - name: ansible_voximplant_allow_insecure_http
  timeout:
    env:
      - name: ANSIBLE_VOXIMPLANT_TIMEOUT
    ini:
      - section: voximplant_management
        key: timeout
        version_added: 1.1.0
    vars:
      - name: ansible_voximplant_timeout
  retries:
    env:
      - name: ANSIBLE_VOXIMPLANT_RETRIES
    ini:
      - section: voximplant_management
        key: retries
        version_added: 1.1.0
    vars:
      - name: ansible_voximplant_retries
  page_size:
    ini:
      - section: voximplant_management
        key: page_size
        version_added: 1.1.0
    vars:
      - name: ansible_voximplant_page_size
  concurrency:
    ini:
      - section: voximplant_management
        key: concurrency
        version_added: 1.1.0
    vars:
      - name: ansible_voximplant_concurrency
  max_records:
    env:
      - name: ANSIBLE_VOXIMPLANT_MAX_RECORDS
    ini:
      - section: voximplant_management
        key: max_records
        version_added: 1.1.0
    vars:
      - name: ansible_voximplant_max_records
  proxy_url:
    ini:
      - section: voximplant_management
        key: proxy_url
        version_added: 1.1.0
    vars:
      - name: ansible_voximplant_proxy_url
  use_proxy:
    ini:
      - section: voximplant_management
        key: use_proxy
        version_added: 1.1.0
    vars:
      - name: ansible_voximplant_use_proxy
"""
