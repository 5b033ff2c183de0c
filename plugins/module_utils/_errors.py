# -*- coding: utf-8 -*-
# Copyright (c) 2026, voximplant.management contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Exceptions of the private core. PRIVATE: not a public API of the collection.

The core raises only these; the module and the lookup translate them. Every message is built
from option names, API codes and safe facts: never from a secret value.
"""

from __future__ import annotations

from typing import Any, Dict, Optional

# API codes that mean the token was refused because the clocks disagree.
CLOCK_SKEW_CODES = frozenset({455, 456})


class VoximplantError(Exception):
    """Base of everything the core raises."""

    def details(self) -> Dict[str, Any]:
        """Structured facts for the module's failure result (never secrets)."""
        return {}


class VoximplantValidationError(VoximplantError):
    """An option has a bad value; raised before any request is sent."""

    def __init__(self, option: str, problem: str) -> None:
        self.option = option
        self.problem = problem
        super().__init__(f"Invalid option '{option}': {problem}")

    def details(self) -> Dict[str, Any]:
        return {"option": self.option}


class VoximplantCredentialsError(VoximplantValidationError):
    """Credentials are missing, unreadable or malformed."""


class VoximplantApiError(VoximplantError):
    """The API answered with {"error": {"code", "msg"}}."""

    def __init__(self, method: str, code: Optional[int], message: str, attempts: int) -> None:
        self.method = method
        self.code = code
        self.api_message = message
        self.attempts = attempts
        text = f"{method} failed: API error {code}: {message} (after {_plural(attempts, 'attempt')})"
        if code in CLOCK_SKEW_CODES:
            text += ". The token was refused for its time claims: the clock of the host that signed it is probably off (check NTP)"
        super().__init__(text)

    def details(self) -> Dict[str, Any]:
        return {"api_code": self.code, "api_message": self.api_message, "attempts": self.attempts}


class VoximplantTransportError(VoximplantError):
    """No usable answer: connection failure, timeout, HTTP error status, or a body that is not the API's JSON."""

    def __init__(self, method: str, url: str, problem: str, attempts: int, http_status: Optional[int] = None) -> None:
        self.method = method
        self.url = url
        self.problem = problem
        self.attempts = attempts
        self.http_status = http_status
        super().__init__(f"{method} at {url} failed: {problem} (after {_plural(attempts, 'attempt')})")

    def details(self) -> Dict[str, Any]:
        return {"http_status": self.http_status, "attempts": self.attempts}


class VoximplantIncompleteError(VoximplantError):
    """The listing could not be proven complete; no partial list is ever returned."""


def _plural(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"
