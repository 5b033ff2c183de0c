# -*- coding: utf-8 -*-
# Copyright (c) 2026, voximplant.management contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Where the credentials come from: the one place that reads credential environment variables. PRIVATE: not a public API of the collection.

The sources, in order: the options set explicitly (module: task arguments and module_defaults; lookup:
keywords, Ansible variables, ansible.cfg), then, only when none of CREDENTIAL_OPTIONS is set there, the
environment variables CONNECTION_OPTIONS lists for each credential option (first listed, set and non-empty
wins). Which option then authenticates is _auth.build_authenticator's precedence. Every face calls
resolve_credentials with os.environ of the process it runs in: the module on the managed host, the lookup
and the audit action on the controller.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, FrozenSet, Mapping, Tuple

from ansible_collections.voximplant.management.plugins.module_utils._connection import CONNECTION_OPTIONS, CREDENTIAL_OPTIONS

# The environment sources of each credential option, from the connection table (never restated).
CREDENTIAL_ENVIRONMENT: Tuple[Tuple[str, Tuple[str, ...]], ...] = tuple(
    (spec.name, spec.env) for spec in CONNECTION_OPTIONS if spec.name in CREDENTIAL_OPTIONS and spec.env
)
_SECRET_OPTIONS = frozenset(spec.name for spec in CONNECTION_OPTIONS if spec.no_log)


@dataclass(frozen=True)
class ResolvedCredentials:
    # The options the core acts on: the explicit ones, plus the environment's credentials when none was explicit.
    options: Mapping[str, Any]
    # The credential options whose values came from environment variables.
    from_environment: FrozenSet[str] = frozenset()

    @property
    def environment_secrets(self) -> FrozenSet[str]:
        """The secret values the environment supplied (token, api_key): a face masks them like no_log options."""
        return frozenset(str(self.options[name]) for name in self.from_environment if name in _SECRET_OPTIONS)


def explicit_credentials(options: Mapping[str, Any]) -> Tuple[str, ...]:
    """The credential options set in `options` (None means unset)."""
    return tuple(name for name in CREDENTIAL_OPTIONS if options.get(name) is not None)


def credentials_from_environment(environ: Mapping[str, str]) -> Dict[str, str]:
    """The credential options the environment sets: per option the first listed variable that is set and non-empty."""
    found: Dict[str, str] = {}
    for name, variables in CREDENTIAL_ENVIRONMENT:
        value = next((environ[variable] for variable in variables if environ.get(variable)), None)
        if value is not None:
            found[name] = value
    return found


def resolve_credentials(options: Mapping[str, Any], environ: Mapping[str, str]) -> ResolvedCredentials:
    """The options with their credentials resolved: explicit ones win; the environment counts only when none is set.

    So an exported VOXIMPLANT_TOKEN never overrides the key file a task names.
    """
    if explicit_credentials(options):
        return ResolvedCredentials(dict(options))
    found = credentials_from_environment(environ)
    return ResolvedCredentials(dict(options, **found), frozenset(found))
