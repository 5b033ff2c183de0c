# -*- coding: utf-8 -*-
# Copyright (c) 2026, voximplant.management contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""VoximplantModule: the AnsibleModule of sip_registration_info. PRIVATE: not a public API of the collection."""

from __future__ import annotations

import os
from typing import Any, Dict, Mapping

from ansible.module_utils.basic import AnsibleModule, env_fallback, missing_required_lib

from ansible_collections.voximplant.management.plugins.module_utils._connection import connection_argument_spec
from ansible_collections.voximplant.management.plugins.module_utils._credentials import resolve_credentials
from ansible_collections.voximplant.management.plugins.module_utils._deps import missing_libraries
from ansible_collections.voximplant.management.plugins.module_utils._errors import VoximplantError
from ansible_collections.voximplant.management.plugins.module_utils._filters import EXCLUSIVE_PAIRS, filter_argument_spec
from ansible_collections.voximplant.management.plugins.module_utils._proxy import proxy_url_secrets

# The identifiers of a service-account key: shown in clear. Any other field (private_key, or one a
# future key format adds) stays masked: no_log cannot know which unknown field is secret.
PUBLIC_KEY_FIELDS = ("account_id", "key_id", "account_email")


class VoximplantModule(AnsibleModule):
    """The connection and filter options from their tables; fails early when a required library is missing."""

    def __init__(self) -> None:
        argument_spec: Dict[str, Any] = dict(connection_argument_spec(env_fallback), **filter_argument_spec())
        super().__init__(
            argument_spec=argument_spec,
            mutually_exclusive=[list(pair) for pair in EXCLUSIVE_PAIRS],
            supports_check_mode=True,
        )
        for library, error in missing_libraries():
            self.fail_json(msg=missing_required_lib(library), exception=error)
        self._unmask_public_key_fields()
        # proxy_url is not no_log (its host and port are worth showing); the password in it is masked everywhere.
        self.no_log_values.update(proxy_url_secrets(self.params.get("proxy_url")))

    def _unmask_public_key_fields(self) -> None:
        """Of a service-account key given as a dict, show only the identifiers in PUBLIC_KEY_FIELDS.

        no_log on `credentials` makes Ansible mask every value of the dict wherever it appears in the
        result; the account id would then be starred inside application names (ivr.acc********.example).
        """
        credentials = self.params.get("credentials")
        if isinstance(credentials, dict):
            public = {str(credentials[key]) for key in PUBLIC_KEY_FIELDS if credentials.get(key) is not None}
            # A public value that is also some other field's value stays masked.
            secret = {str(value) for key, value in credentials.items() if key not in PUBLIC_KEY_FIELDS}
            self.no_log_values.difference_update(public - secret)

    def core_options(self) -> Mapping[str, Any]:
        """The options for the core, credentials resolved against the environment of the host the module runs on.

        A secret taken from that environment is masked like a no_log option.
        """
        resolved = resolve_credentials(self.params, os.environ)
        self.no_log_values.update(resolved.environment_secrets)
        return resolved.options

    def fail_from(self, error: VoximplantError) -> None:
        """Report a core error as a task failure: its message and structured facts, no traceback."""
        self.fail_json(msg=str(error), **error.details())
