# -*- coding: utf-8 -*-
# Copyright (c) 2026, voximplant.management contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Fail if any secret the hostile server received appears, in any encoding, in the given logs.

Usage: check_secrets.py SERVER_URL MIN_SECRETS LOG... The secrets are never printed, only which form leaked where.
"""

from __future__ import annotations

import json
import re
import sys
import urllib.request
from urllib.parse import quote, quote_plus


def forms(secret: str) -> dict:
    found = {"raw": secret, "quote_plus": quote_plus(secret, safe=""), "quote": quote(secret, safe=""),
             "json": json.dumps(secret)[1:-1], "json-unicode": json.dumps(secret, ensure_ascii=False)[1:-1]}
    if secret.count(".") == 2:
        found["jwt signature"] = secret.split(".")[2]
    return found


def main() -> int:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(sys.argv[1] + "/__secrets", timeout=10) as answer:
        secrets = json.load(answer)["secrets"]
    if len(secrets) < int(sys.argv[2]):
        print(f"the server saw {len(secrets)} secrets, expected at least {sys.argv[2]}")
        return 1
    leaks = []
    for path in sys.argv[3:]:
        with open(path, encoding="utf-8", errors="replace") as handle:
            text = handle.read()
        for number, secret in enumerate(secrets):
            for name, form in forms(secret).items():
                match = re.search(re.escape(form), text, re.IGNORECASE)
                if match:
                    # Where it leaked, with the secret itself replaced.
                    line_start = text.rfind("\n", 0, match.start()) + 1
                    line_end = text.find("\n", match.end())
                    line = re.sub(re.escape(form), "<SECRET>", text[line_start:line_end if line_end >= 0 else None], flags=re.IGNORECASE)
                    leaks.append(f"secret #{number} ({name} form) in {path}: {line.strip()[:300]}")
    print("\n".join(leaks) or f"no secret of {len(secrets)} in any form in {len(sys.argv) - 3} logs")
    return 1 if leaks else 0


if __name__ == "__main__":
    sys.exit(main())
