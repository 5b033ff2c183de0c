# -*- coding: utf-8 -*-
# Copyright (c) 2026, voximplant.management contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Coercion and validation of single option values. PRIVATE: not a public API of the collection.

Values reach the core already typed by AnsibleModule, or as strings from lookup keywords and
environment variables; both paths end here, so both get the same checks and the same messages.
"""

from __future__ import annotations

import math
import re
from typing import Any, List, Optional

from ansible.module_utils.parsing.convert_bool import BOOLEANS_FALSE, BOOLEANS_TRUE

from ansible_collections.voximplant.management.plugins.module_utils._errors import VoximplantValidationError

_INTEGER = re.compile(r"[+-]?[0-9]+")


def to_bool(option: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    normalized = value.lower().strip() if isinstance(value, str) else value
    if isinstance(normalized, (str, int, float)):
        if normalized in BOOLEANS_TRUE:
            return True
        if normalized in BOOLEANS_FALSE:
            return False
    raise VoximplantValidationError(option, f"expected a boolean (true or false), got {_show(value)}")


def to_int(option: str, value: Any, minimum: Optional[int] = None, maximum: Optional[int] = None) -> int:
    if isinstance(value, bool):
        raise VoximplantValidationError(option, f"expected an integer, got the boolean {value}")
    if isinstance(value, int):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    elif isinstance(value, str) and _INTEGER.fullmatch(value.strip()):
        number = int(value.strip())
    else:
        raise VoximplantValidationError(option, f"expected an integer, got {_show(value)}")
    _check_range(option, number, minimum, maximum)
    return number


def to_float(option: str, value: Any, minimum: Optional[float] = None, maximum: Optional[float] = None) -> float:
    if isinstance(value, bool):
        raise VoximplantValidationError(option, f"expected a number, got the boolean {value}")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise VoximplantValidationError(option, f"expected a number, got {_show(value)}") from None
    if math.isnan(number):
        raise VoximplantValidationError(option, "expected a number, got NaN")
    _check_range(option, number, minimum, maximum)
    return number


def to_text(option: str, value: Any, forbidden: str = "") -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise VoximplantValidationError(option, f"expected a string, got {_show(value)}")
    text = str(value).strip()
    if not text:
        raise VoximplantValidationError(option, "must not be empty (omit the option instead)")
    for char in forbidden:
        if char in text:
            raise VoximplantValidationError(
                option, f"{_show(text)} contains '{char}', which the API uses as the list separator"
            )
    return text


def to_list(option: str, value: Any) -> List[Any]:
    """A list, or a comma-separated string (what lookup keywords and env vars carry)."""
    if isinstance(value, str):
        items: List[Any] = [item.strip() for item in value.split(",")]
    elif isinstance(value, (list, tuple)):
        items = list(value)
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        items = [value]
    else:
        raise VoximplantValidationError(option, f"expected a list, got {_show(value)}")
    if not items or items == [""]:
        # An empty filter list would silently widen the query to everything: refuse it.
        raise VoximplantValidationError(option, "must not be an empty list (omit the option to not filter)")
    return items


def _check_range(option: str, number: Any, minimum: Any, maximum: Any) -> None:
    if minimum is not None and number < minimum:
        raise VoximplantValidationError(option, f"must be at least {minimum}, got {number}")
    if maximum is not None and number > maximum:
        raise VoximplantValidationError(option, f"must be at most {maximum}, got {number}")


def _show(value: Any) -> str:
    """A short, quoted rendering of a rejected non-secret value."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
