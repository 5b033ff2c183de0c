# -*- coding: utf-8 -*-
# Copyright (c) 2026, voximplant.management contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""VoximplantLookupBase: the base of the collection's lookup (checked options, the cache, error translation). PRIVATE: not a public API of the collection."""

from __future__ import annotations

import configparser
import os
from typing import Any, Dict, List, Optional

from ansible import constants as C
from ansible.errors import AnsibleLookupError
from ansible.utils.display import Display

from ansible_collections.voximplant.management.plugins.module_utils._listing import list_sip_registrations
from ansible_collections.voximplant.management.plugins.module_utils._connection import CONNECTION_OPTION_NAMES
from ansible_collections.voximplant.management.plugins.module_utils._credentials import resolve_credentials
from ansible_collections.voximplant.management.plugins.module_utils._deps import missing_libraries
from ansible_collections.voximplant.management.plugins.module_utils._errors import VoximplantError
from ansible_collections.voximplant.management.plugins.module_utils._filters import FILTER_NAMES
from ansible_collections.voximplant.management.plugins.plugin_utils._compat import LookupBase
from ansible_collections.voximplant.management.plugins.plugin_utils._lookup_cache import cached, key_material
from ansible_collections.voximplant.management.plugins.plugin_utils._unknown_options import unknown_options_message

display = Display()

# Options of the lookup alone (the shared ones come from the filter and connection tables).
LOOKUP_ONLY_OPTIONS = ("cache",)
# The ansible.cfg section of the lookup's options (the ini: entries of the doc fragments).
INI_SECTION = "voximplant_management"


def _as_given(name: str, value: Any, origin: str, variables: Dict[str, Any], kwargs: Dict[str, Any]) -> Any:
    """The value as the user wrote it, for the core's strict checks.

    Ansible's config layer coerces leniently (a bool option turns 'ture' into false, silently);
    the core must see the original to refuse it with the same message the module gives.
    """
    if origin == "Direct" and name in kwargs:
        return kwargs[name]
    if origin.startswith("var: "):
        return variables.get(origin[len("var: "):], value)
    if origin.startswith("env: "):
        return os.environ.get(origin[len("env: "):], value)
    if isinstance(value, bool) and os.path.isabs(origin):
        # From ansible.cfg (the origin is its path): the text, so a misspelt boolean is refused there too.
        return _ini_text(origin, name, value)
    return value


def _ini_text(config_file: str, name: str, value: Any) -> Any:
    """The [voximplant_management] entry as written, parsed the way ansible-core parses ansible.cfg."""
    parser = configparser.ConfigParser(inline_comment_prefixes=(";",))
    try:
        parser.read(config_file, encoding="utf-8")
    except (OSError, UnicodeError, configparser.Error):
        return value
    return parser.get(INI_SECTION, name, raw=True, fallback=value)


class VoximplantLookupBase(LookupBase):
    """Reads every option through set_options/get_option, so keywords, vars and env all work."""

    def core_options(self, terms: List[Any], variables: Optional[Dict[str, Any]], kwargs: Dict[str, Any]) -> Dict[str, Any]:
        # Ansible ignores undeclared keywords: a misspelt filter would silently select everything.
        fqcn = getattr(self, "ansible_name", None) or self._load_name
        unknown = unknown_options_message(fqcn, "lookup", kwargs, CONNECTION_OPTION_NAMES + FILTER_NAMES + LOOKUP_ONLY_OPTIONS)
        if unknown:
            raise AnsibleLookupError(unknown)
        if terms:
            raise AnsibleLookupError("takes no positional terms; pass filters as keyword arguments")
        missing = missing_libraries()
        if missing:
            raise AnsibleLookupError(f"needs the Python libraries: {', '.join(name for name, _error in missing)}")
        variables = self._templated_option_variables(variables or {})
        self.set_options(var_options=variables, direct=kwargs)
        options = {}
        for name in CONNECTION_OPTION_NAMES + FILTER_NAMES:
            value, origin = self.get_option_and_origin(name)
            options[name] = _as_given(name, value, str(origin), variables, kwargs)
        # Credentials have no env: entries (the config layer never reads them): the core resolves them, on the controller.
        return dict(resolve_credentials(options, os.environ).options)

    def _templated_option_variables(self, variables: Dict[str, Any]) -> Dict[str, Any]:
        """Template the ansible_voximplant_* variables: lookups receive them as written, '{{ ... }}' included."""
        definitions = C.config.get_configuration_definitions(plugin_type="lookup", name=self._load_name)
        names = {entry["name"] for definition in definitions.values() for entry in definition.get("vars", [])}
        return dict(variables, **{name: self._templar.template(variables[name]) for name in names if name in variables})

    def list_records(self, options: Dict[str, Any]) -> List[Dict[str, Any]]:
        """The records, from this playbook run's cache when the option `cache` allows it.

        `options` come from core_options (credentials resolved), so the cache key covers credentials from the environment too.
        """
        if self.get_option("cache"):
            return cached(key_material(options), lambda: self._fetch(options), display.warning)
        return self._fetch(options)

    def _fetch(self, options: Dict[str, Any]) -> List[Dict[str, Any]]:
        try:
            result = list_sip_registrations(options)
        except VoximplantError as error:
            # from None: the core's message is complete, and the chained traceback adds nothing at -vvv.
            raise AnsibleLookupError(str(error)) from None
        for warning in result.warnings:
            display.warning(warning)
        # What the module returns as api_calls, shown at -v (a cached result costs nothing and shows nothing).
        display.v(f"voximplant.management.sip_registrations: api_calls={result.api_calls}")
        return result.records
