"""Signs the tokens and writes the foreign keys of the authentication target (test helper).

Usage: make_auth_inputs.py EMULATOR_CREDENTIALS OUT_DIR. Writes OUT_DIR/*.json (mode 0600) and prints
nothing; OUT_DIR/vars.json holds the extra vars naming them. Tokens are signed by the emulator's tokens helper
(voximplant_emulator.tokens, on PYTHONPATH) from its service-account key, as a user would sign them outside Ansible.
"""

from __future__ import annotations

import json
import os
import sys
import time
import uuid

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from voximplant_emulator.tokens import sign_token


def write(directory: str, name: str, content: str) -> str:
    path = os.path.join(directory, name)
    descriptor = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(content)
    return path


def main() -> None:
    key = json.load(open(sys.argv[1], encoding="utf-8"))
    out = sys.argv[2]
    os.makedirs(out, mode=0o700, exist_ok=True)
    other_rsa = rsa.generate_private_key(public_exponent=65537, key_size=2048).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode("ascii")
    now = int(time.time())
    account = int(key["account_id"])
    extra = {
        # the same account and key id, signed with another RSA key: a bad signature (API error 100)
        "wrong_key_file": write(out, "wrong_key.json", json.dumps(dict(key, private_key=other_rsa))),
        # the right key under a key id the API does not know (API error 433)
        "unknown_key_id_file": write(out, "unknown_key_id.json", json.dumps(dict(key, key_id=str(uuid.uuid4())))),
        "valid_token": sign_token(key, issued_at=now - 5, expires_at=now + 1800),
        "child_token": sign_token(key, issuer=account + 1, issued_at=now - 5, expires_at=now + 1800),
        # expired an hour ago (API error 456)
        "expired_token": sign_token(key, issued_at=now - 7200, expires_at=now - 3600),
        # lives two hours, more than the API accepts (API error 454)
        "long_lived_token": sign_token(key, issued_at=now - 5, expires_at=now + 7200),
    }
    write(out, "vars.json", json.dumps(extra))


if __name__ == "__main__":
    main()
