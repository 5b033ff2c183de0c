# -*- coding: utf-8 -*-
# Copyright (c) 2026, voximplant.management contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Guarded imports of the third-party libraries. PRIVATE: not a public API of the collection.

The faces ask missing_libraries() first and report missing_required_lib() instead of a traceback.
"""

from __future__ import annotations

from typing import List, Tuple

try:
    import requests  # pylint: disable=unused-import  # used as _deps.requests
    import urllib3  # pylint: disable=unused-import  # used as _deps.urllib3 (requests depends on it): its stream errors
except ImportError as exc:  # pragma: no cover - exercised only where the library is absent
    requests = None
    urllib3 = None
    REQUESTS_ERROR = str(exc)
else:
    REQUESTS_ERROR = ""

try:
    import jwt  # pylint: disable=unused-import  # used as _deps.jwt
    import jwt.api_jws  # pylint: disable=unused-import
except ImportError as exc:  # pragma: no cover
    jwt = None
    JWT_ERROR = str(exc)
else:
    JWT_ERROR = ""

try:
    from cryptography.hazmat.primitives import serialization  # pylint: disable=unused-import  # used as _deps.serialization
    from cryptography.hazmat.primitives.asymmetric import rsa  # pylint: disable=unused-import  # used as _deps.rsa
except ImportError as exc:  # pragma: no cover
    serialization = None
    rsa = None
    CRYPTOGRAPHY_ERROR = str(exc)
else:
    CRYPTOGRAPHY_ERROR = ""


def missing_libraries() -> List[Tuple[str, str]]:
    """(pip name, import error) of each required library that cannot be imported."""
    candidates = (("requests", REQUESTS_ERROR), ("PyJWT", JWT_ERROR), ("cryptography", CRYPTOGRAPHY_ERROR))
    return [(name, error) for name, error in candidates if error]
