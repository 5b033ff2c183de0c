"""Writes the malformed credentials files and the tokens of the bad-input matrix (test helper).

Usage: make_inputs.py EMULATOR_CREDENTIALS OUT_DIR, with the emulator package (voximplant_emulator, whose tokens helper
signs the tokens) on PYTHONPATH. Writes OUT_DIR/*.json and OUT_DIR/vars.json, the extra vars that name them (no secret
of the emulator goes into vars.json except the test's own tokens).
"""

from __future__ import annotations

import json
import os
import sys
import time
import uuid

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from voximplant_emulator.tokens import sign_token


def pem(key) -> str:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()).decode("ascii")


def write(directory: str, name: str, content: str) -> str:
    path = os.path.join(directory, name)
    descriptor = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(content)
    return path


def main() -> None:
    emulator = json.load(open(sys.argv[1], encoding="utf-8"))
    out = sys.argv[2]
    os.makedirs(out, mode=0o700, exist_ok=True)
    good = {field: emulator[field] for field in ("account_id", "key_id", "private_key")}
    rsa_pem = pem(rsa.generate_private_key(public_exponent=65537, key_size=2048))
    files = {
        "not_json": "this is { not JSON",
        "json_array": json.dumps([good]),
        "lacks_private_key": json.dumps({k: v for k, v in good.items() if k != "private_key"}),
        "lacks_key_id": json.dumps({k: v for k, v in good.items() if k != "key_id"}),
        "lacks_account_id": json.dumps({k: v for k, v in good.items() if k != "account_id"}),
        "ec_key": json.dumps(dict(good, private_key=pem(ec.generate_private_key(ec.SECP256R1())))),
        "not_pem": json.dumps(dict(good, private_key="not a key at all")),
        "broken_pem": json.dumps(dict(good, private_key="-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n")),
        "unknown_key_id": json.dumps(dict(good, key_id=str(uuid.uuid4()), private_key=rsa_pem)),
    }
    extra = {f"input_{name}": write(out, f"{name}.json", content) for name, content in files.items()}
    now = int(time.time())
    extra["token_from_the_future"] = sign_token(emulator, issued_at=now + 3600, expires_at=now + 3900)
    extra["token_expired"] = sign_token(emulator, issued_at=now - 3900, expires_at=now - 3600)
    extra["input_missing"] = os.path.join(out, "does-not-exist.json")
    extra["input_directory"] = out
    write(out, "vars.json", json.dumps(extra))


if __name__ == "__main__":
    main()
