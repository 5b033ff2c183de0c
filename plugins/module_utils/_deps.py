# -*- coding: utf-8 -*-
# Copyright (c) 2026, voximplant.management contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Guarded imports of the third-party libraries. PRIVATE: not a public API of the collection.

The faces ask missing_libraries() first and report missing_required_lib() instead of a traceback.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import List, Optional, Tuple


def _import_together(*names: str) -> Tuple[Tuple[Optional[ModuleType], ...], str]:
    """The modules of one library, or Nones and the import error when any of them is missing."""
    try:
        return tuple(importlib.import_module(name) for name in names), ""
    except ImportError as exc:  # pragma: no cover - exercised only where the library is absent
        return (None,) * len(names), str(exc)


# Used as _deps.requests, _deps.urllib3 (requests depends on it: its stream errors), _deps.jwt (with jwt.api_jws
# loaded), _deps.serialization and _deps.rsa of cryptography.
(requests, urllib3), REQUESTS_ERROR = _import_together("requests", "urllib3")
(jwt, _jwt_api_jws), JWT_ERROR = _import_together("jwt", "jwt.api_jws")
(serialization, rsa), CRYPTOGRAPHY_ERROR = _import_together(
    "cryptography.hazmat.primitives.serialization", "cryptography.hazmat.primitives.asymmetric.rsa"
)


def missing_libraries() -> List[Tuple[str, str]]:
    """(pip name, import error) of each required library that cannot be imported."""
    candidates = (("requests", REQUESTS_ERROR), ("PyJWT", JWT_ERROR), ("cryptography", CRYPTOGRAPHY_ERROR))
    return [(name, error) for name, error in candidates if error]
