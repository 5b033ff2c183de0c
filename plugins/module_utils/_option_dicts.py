# -*- coding: utf-8 -*-
# Copyright (c) 2026, voximplant.management contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Options given as one dict (the audit role's connection and filters), checked against the tables. PRIVATE: not a public API.

The role documents `sip_registration_audit_connection` and `sip_registration_audit_filters` as plain dicts "under the
module's names"; the names, types and bounds live only in _connection.py and _filters.py. So a misspelt key is caught
here, with the closest valid name, and every value goes through the core's own validation, before any request. Errors
name the dict (the role variable) and the key, e.g. `sip_registration_audit_connection.timeout`.
"""

from __future__ import annotations

import difflib
from typing import Any, Dict, Mapping, Sequence, Tuple

from ansible_collections.voximplant.management.plugins.module_utils._auth import build_authenticator
from ansible_collections.voximplant.management.plugins.module_utils._coerce import to_int
from ansible_collections.voximplant.management.plugins.module_utils._connection import CONNECTION_OPTION_NAMES, build_settings
from ansible_collections.voximplant.management.plugins.module_utils._credentials import explicit_credentials
from ansible_collections.voximplant.management.plugins.module_utils._errors import VoximplantValidationError
from ansible_collections.voximplant.management.plugins.module_utils._filters import FILTER_NAMES, build_query

# difflib's own default: 'succesful' -> 'successful', 'app_name' -> 'application_name', 'foo' -> nothing.
CLOSE_MATCH_CUTOFF = 0.6


def unknown_option(name: str, valid: Sequence[str]) -> str:
    """"unknown option 'name'", with the closest valid name when one is close enough."""
    matches = difflib.get_close_matches(name, sorted(valid), n=1, cutoff=CLOSE_MATCH_CUTOFF)
    hint = f" (did you mean '{matches[0]}'?)" if matches else ""
    return f"unknown option '{name}'{hint}"


def option_dict(where: str, value: Any, valid: Sequence[str]) -> Dict[str, Any]:
    """The set (not None) entries of a dict whose keys must be in `valid`; None is an empty dict."""
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise VoximplantValidationError(where, f"expected a dict of options, got {type(value).__name__}")
    unknown = sorted(str(key) for key in value if key not in valid)
    if unknown:
        raise VoximplantValidationError(where, ", ".join(unknown_option(name, valid) for name in unknown))
    return {key: item for key, item in value.items() if item is not None}


def listing_options(connection_where: str, connection: Any, filters_where: str, filters: Any,
                    beneath: Mapping[str, Any]) -> Tuple[Dict[str, Any], Dict[str, Any]]:
    """(connection options, filters) of one listing, validated before any request.

    `connection` goes over `beneath` (the connection options given to the task directly or by module_defaults) option
    by option. An error in a value from `connection` or `filters` names that dict and the key; one from `beneath`, the
    bare option. Credentials are checked for type only: a key file is read (and environment credentials are looked up)
    where the listing runs, which may not be here.
    """
    own = option_dict(connection_where, connection, CONNECTION_OPTION_NAMES)
    wanted = option_dict(filters_where, filters, FILTER_NAMES)
    merged = dict({key: value for key, value in beneath.items() if key in CONNECTION_OPTION_NAMES and value is not None}, **own)
    _named(own, connection_where, lambda: build_settings(merged))
    if merged.get("account_id") is not None:
        _named(own, connection_where, lambda: to_int("account_id", merged["account_id"], minimum=1))
    without_file = {key: value for key, value in merged.items() if key != "credentials_file"}
    if explicit_credentials(without_file):
        _named(own, connection_where, lambda: build_authenticator(without_file))
    _named(wanted, filters_where, lambda: build_query(wanted))
    return merged, wanted


def _named(given: Mapping[str, Any], where: str, check: Any) -> None:
    """Run a core check; an error about a key of `given` is renamed `where.key`."""
    try:
        check()
    except VoximplantValidationError as error:
        if error.option not in given:
            raise
        raise type(error)(f"{where}.{error.option}", error.problem) from None
