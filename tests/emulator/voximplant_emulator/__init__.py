"""Emulator of the Voximplant Management API method GetSipRegistrations (a test double, shipped with the collection for its users' CI)."""
from __future__ import annotations

__version__ = "1.0.0"
__all__ = ["__version__"]
