# -*- coding: utf-8 -*-
# Copyright (c) 2026, voximplant.management contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Secrets removed from server-supplied text in every form a server may echo. PRIVATE: not a public API of the collection.

A server that echoes its request shows the api_key form-encoded, a JSON error shows it JSON-escaped;
no_log masks only the raw value. Each secret is replaced in all these forms.
"""

from __future__ import annotations

import json
import re
from typing import Iterable, List
from urllib.parse import quote, quote_plus

MASK = "********"


def secret_forms(secret: str) -> List[str]:
    """The raw secret, percent-encoded (spaces as + or %20) and JSON-escaped; longest first."""
    forms = {secret, quote_plus(secret, safe=""), quote(secret, safe="")}
    for escaped in (json.dumps(secret)[1:-1], json.dumps(secret, ensure_ascii=False)[1:-1]):
        forms.add(escaped)
        forms.add(escaped.replace("/", "\\/"))  # some encoders escape the solidus too
    return sorted((form for form in forms if form), key=len, reverse=True)


def redact(text: str, secrets: Iterable[str]) -> str:
    """`text` with every form of every non-empty secret replaced by MASK.

    Matched without regard to case: hex escapes come as %2F or %2f (or mixed), and masking a
    case-variant of a secret as well costs nothing.
    """
    forms = sorted({form for secret in secrets if secret for form in secret_forms(secret)}, key=len, reverse=True)
    if not forms:
        return text
    return re.sub("|".join(re.escape(form) for form in forms), MASK, text, flags=re.IGNORECASE)
