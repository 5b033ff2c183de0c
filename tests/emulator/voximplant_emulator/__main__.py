"""Entry point: ``python -m voximplant_emulator``."""
from __future__ import annotations

import sys

from voximplant_emulator.cli import main

if __name__ == "__main__":
    sys.exit(main())
