# -*- coding: utf-8 -*-
# Copyright (c) 2026, voximplant.management contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What every module of the collection shares: argument spec and error translation. PRIVATE: not a public API of the collection."""

from __future__ import annotations

import os
from typing import Any, Dict

from ansible.module_utils.basic import AnsibleModule, env_fallback, missing_required_lib

from ansible_collections.voximplant.management.plugins.module_utils._connection import connection_argument_spec, credentials_from_environment
from ansible_collections.voximplant.management.plugins.module_utils._deps import missing_libraries
from ansible_collections.voximplant.management.plugins.module_utils._errors import VoximplantError
from ansible_collections.voximplant.management.plugins.module_utils._filters import EXCLUSIVE_PAIRS, filter_argument_spec
from ansible_collections.voximplant.management.plugins.module_utils._proxy import proxy_url_secrets


def registration_module() -> AnsibleModule:
    """An AnsibleModule with the shared options; fails early when a required library is missing."""
    argument_spec: Dict[str, Any] = dict(connection_argument_spec(env_fallback), **filter_argument_spec())
    module = AnsibleModule(
        argument_spec=argument_spec,
        mutually_exclusive=[list(pair) for pair in EXCLUSIVE_PAIRS],
        supports_check_mode=True,
    )
    for library, error in missing_libraries():
        module.fail_json(msg=missing_required_lib(library), exception=error)
    _unmask_public_key_fields(module)
    # proxy_url is not no_log (its host and port are worth showing); the password in it is masked everywhere.
    module.no_log_values.update(proxy_url_secrets(module.params.get("proxy_url")))
    return module


# The identifiers of a service-account key: shown in clear. Any other field (private_key, or one a
# future key format adds) stays masked: no_log cannot know which unknown field is secret.
PUBLIC_KEY_FIELDS = ("account_id", "key_id", "account_email")


def _unmask_public_key_fields(module: AnsibleModule) -> None:
    """Of a service-account key given as a dict, show only the identifiers in PUBLIC_KEY_FIELDS.

    no_log on `credentials` makes Ansible mask every value of the dict wherever it appears in the
    result; the account id would then be starred inside application names (ivr.acc********.example).
    """
    credentials = module.params.get("credentials")
    if isinstance(credentials, dict):
        public = {str(credentials[key]) for key in PUBLIC_KEY_FIELDS if credentials.get(key) is not None}
        # A public value that is also some other field's value stays masked.
        secret = {str(value) for key, value in credentials.items() if key not in PUBLIC_KEY_FIELDS}
        module.no_log_values.difference_update(public - secret)


def environment_credentials(module: AnsibleModule) -> Dict[str, str]:
    """Credentials from the environment of the host the module runs on, masked like no_log options."""
    found = credentials_from_environment(os.environ)
    module.no_log_values.update(value for name, value in found.items() if name != "credentials_file")
    return found


def fail_from(module: AnsibleModule, error: VoximplantError) -> None:
    """Report a core error as a task failure: its message and structured facts, no traceback."""
    module.fail_json(msg=str(error), **error.details())
