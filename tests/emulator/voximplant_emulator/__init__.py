"""Emulator of the Voximplant Management API method GetSipRegistrations (test tool, not shipped)."""
from __future__ import annotations

__version__ = "1.0.0"
__all__ = ["__version__"]
