# -*- coding: utf-8 -*-
# Copyright (c) 2026, voximplant.management contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Inputs of the hostile target: a 2048-bit and a 1024-bit service-account key, secrets to echo.

Usage: make_inputs.py WORK_DIR. Writes strong.json, weak.json (mode 0600) and vars.json (the weak key
inline, the api_key and token the echo cases send).
"""

from __future__ import annotations

import json
import os
import sys

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa


def _key(bits: int) -> dict:
    pem = rsa.generate_private_key(public_exponent=65537, key_size=bits).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()).decode("ascii")
    return {"account_email": "svc@hostile.test", "account_id": 4242, "key_id": f"hostile-{bits}", "private_key": pem}


def _write(path: str, content: dict) -> None:
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        json.dump(content, handle)


def main() -> None:
    work = sys.argv[1]
    weak = _key(1024)
    _write(os.path.join(work, "strong.json"), _key(2048))
    _write(os.path.join(work, "weak.json"), weak)
    _write(os.path.join(work, "vars.json"), {
        "weak_key_content": weak,
        # Characters that every encoding changes: / + space & é " (and a token safe for a header).
        "echo_api_key": 's3cr3t/K+ey with space&\u00e9"q-0f9e8d7c',
        "echo_token": "tok/en+x=y.SECRET~z-5a6b7c",
    })


if __name__ == "__main__":
    main()
