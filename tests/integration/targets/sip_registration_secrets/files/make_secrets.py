"""Writes the extra vars of the secrets test (test helper): the secrets travel only in this 0600 file.

Usage: make_secrets.py EMULATOR_INFO OUT_FILE. The vars: secret_credentials (the key as a dict),
secret_credentials_json (the same as a JSON string), secret_token (a valid JWT signed with the key by the
emulator's tokens helper, voximplant_emulator.tokens on PYTHONPATH),
secret_api_key and secret_account_id (legacy authentication).
"""

from __future__ import annotations

import json
import os
import sys
import time

from voximplant_emulator.tokens import sign_token


def main() -> None:
    info = json.load(open(sys.argv[1], encoding="utf-8"))
    credentials = json.load(open(info["credentials_path"], encoding="utf-8"))
    now = int(time.time())
    token = sign_token(credentials, issued_at=now - 5, expires_at=now + 900)
    extra = {
        "secret_credentials": credentials,
        "secret_credentials_json": json.dumps(credentials),
        "secret_token": token,
        "secret_api_key": info["api_key"],
        "secret_account_id": info["account_id"],
    }
    descriptor = os.open(sys.argv[2], os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        json.dump(extra, handle)


if __name__ == "__main__":
    main()
