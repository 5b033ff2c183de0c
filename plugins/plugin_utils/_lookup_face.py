# -*- coding: utf-8 -*-
# Copyright (c) 2026, voximplant.management contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What every lookup of the collection shares: options and error translation. PRIVATE: not a public API of the collection."""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from ansible.errors import AnsibleLookupError
from ansible.plugins.lookup import LookupBase
from ansible.utils.display import Display

from ansible_collections.voximplant.management.plugins.module_utils._client import list_sip_registrations
from ansible_collections.voximplant.management.plugins.module_utils._connection import CONNECTION_OPTION_NAMES, CREDENTIAL_OPTIONS
from ansible_collections.voximplant.management.plugins.module_utils._deps import missing_libraries
from ansible_collections.voximplant.management.plugins.module_utils._errors import VoximplantError
from ansible_collections.voximplant.management.plugins.module_utils._filters import FILTER_NAMES
from ansible_collections.voximplant.management.plugins.plugin_utils._lookup_cache import cached

display = Display()


class RegistrationLookupBase(LookupBase):
    """Reads every option through set_options/get_option, so keywords, vars and env all work."""

    def core_options(self, terms: List[Any], variables: Optional[Dict[str, Any]], kwargs: Dict[str, Any]) -> Dict[str, Any]:
        if terms:
            raise AnsibleLookupError("takes no positional terms; pass filters as keyword arguments")
        missing = missing_libraries()
        if missing:
            raise AnsibleLookupError(f"needs the Python libraries: {', '.join(name for name, _error in missing)}")
        self.set_options(var_options=variables, direct=kwargs)
        return {name: self.get_option(name) for name in CONNECTION_OPTION_NAMES + FILTER_NAMES}

    def environment_credentials(self, options: Dict[str, Any]) -> Dict[str, Any]:
        """Move credentials that came from the controller's environment out of `options` (they rank lowest)."""
        moved = {}
        for name in CREDENTIAL_OPTIONS:
            _value, origin = self.get_option_and_origin(name)
            if options.get(name) is not None and str(origin).startswith("env:"):
                moved[name] = options.pop(name)
        return moved

    def list_records(self, options: Dict[str, Any]) -> List[Dict[str, Any]]:
        """The records, from this playbook run's cache when the option `cache` allows it."""
        environment = self.environment_credentials(options)
        if self.get_option("cache"):
            return cached({"options": options, "environment": environment}, lambda: self._fetch(options, environment))
        return self._fetch(options, environment)

    def _fetch(self, options: Dict[str, Any], environment: Dict[str, Any]) -> List[Dict[str, Any]]:
        try:
            result = list_sip_registrations(options, environment)
        except VoximplantError as error:
            # from None: the core's message is complete, and the chained traceback adds nothing at -vvv.
            raise AnsibleLookupError(str(error)) from None
        for warning in result.warnings:
            display.warning(warning)
        return result.records
