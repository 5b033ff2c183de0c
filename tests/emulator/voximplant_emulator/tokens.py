# -*- coding: utf-8 -*-
# Copyright (c) 2026, voximplant.management contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Sign service-account JWTs the way Voximplant's official clients do: the one test helper for tokens.

Integration targets, unit tests and the benchmark sign their tokens here (valid ones, expired ones, ones for a
child account or under another key), as a user would sign them outside Ansible.

    python -m voximplant_emulator.tokens CREDENTIALS_JSON [--issuer N] [--issued-at T] [--expires-at T] [--lifetime S]

prints one token. Times are Unix seconds; the default is issued 5 s ago (the official clients' back-dating) and
valid for ``lifetime`` seconds (300) from then.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any, Mapping, Sequence

import jwt

from voximplant_emulator.auth import CLOCK_SKEW, load_private_key

DEFAULT_LIFETIME = 300


def sign_token(credentials: Mapping[str, Any], *, issuer: int | None = None, issued_at: int | None = None,
               expires_at: int | None = None, lifetime: int = DEFAULT_LIFETIME, key_id: str | None = None,
               private_key: Any = None, claims: Mapping[str, Any] | None = None, omit_key_id: bool = False) -> str:
    """An RS256 JWT with the claims iss, iat and exp and the header kid.

    credentials: the content of credentials.json (account_id, key_id, private_key). issuer defaults to its
    account_id, key_id to its key_id, private_key (PEM text or a loaded key) to its private_key: override one to
    make a token the API must refuse (another account, an unknown key id, a foreign signature). claims replaces the
    whole claim set and omit_key_id drops the kid header, for malformed tokens.
    """
    issued = int(time.time()) - CLOCK_SKEW if issued_at is None else int(issued_at)
    if claims is None:
        claims = {
            "iss": int(credentials["account_id"]) if issuer is None else int(issuer),
            "iat": issued,
            "exp": issued + lifetime if expires_at is None else int(expires_at),
        }
    key = private_key if private_key is not None else credentials["private_key"]
    if isinstance(key, str):
        key = load_private_key(key)
    # Raw JWS: jwt.encode() insists on a string `iss` (PyJWT >= 2.10), and the API's is the numeric account id.
    payload = json.dumps(claims, separators=(",", ":")).encode("utf-8")
    headers = {"typ": "JWT"} if omit_key_id else {"kid": credentials["key_id"] if key_id is None else key_id, "typ": "JWT"}
    return jwt.api_jws.encode(payload, key, algorithm="RS256", headers=headers)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m voximplant_emulator.tokens", description=__doc__.split("\n\n", maxsplit=1)[0])
    parser.add_argument("credentials", type=Path, help="credentials.json (the emulator writes one in its state dir)")
    parser.add_argument("--issuer", type=int, help="the iss claim (default: the key's account_id)")
    parser.add_argument("--issued-at", type=int, help="the iat claim, Unix seconds (default: now - 5)")
    parser.add_argument("--expires-at", type=int, help="the exp claim, Unix seconds (default: iat + lifetime)")
    parser.add_argument("--lifetime", type=int, default=DEFAULT_LIFETIME, help=f"seconds from iat to exp (default {DEFAULT_LIFETIME})")
    parser.add_argument("--key-id", help="the kid header (default: the key's key_id)")
    args = parser.parse_args(argv)
    credentials = json.loads(args.credentials.read_text(encoding="utf-8"))
    print(sign_token(credentials, issuer=args.issuer, issued_at=args.issued_at, expires_at=args.expires_at,
                     lifetime=args.lifetime, key_id=args.key_id))
    return 0


if __name__ == "__main__":
    sys.exit(main())
