"""The test-token helper (voximplant_emulator.tokens): what it signs is what the emulator accepts or refuses."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from voximplant_emulator import tokens
from voximplant_emulator.tokens import sign_token


@pytest.fixture
def credentials(emu):
    return {"account_id": emu.keys.account_id, "key_id": emu.keys.key_id, "private_key": emu.keys.private_key_pem}


def test_defaults_are_the_official_clients_claims(credentials, emu):
    token = sign_token(credentials)
    header = jwt.get_unverified_header(token)
    claims = json.loads(jwt.api_jws.decode(token, emu.signing_key.public_key(), algorithms=["RS256"]))
    assert header == {"alg": "RS256", "kid": credentials["key_id"], "typ": "JWT"}
    assert claims["iss"] == credentials["account_id"] and isinstance(claims["iss"], int)
    assert claims["exp"] - claims["iat"] == 300
    assert emu.error_code(token=token) is None


def test_overrides_make_the_tokens_the_api_refuses(credentials, emu):
    other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    assert emu.error_code(token=sign_token(credentials, private_key=other_key)) == 100
    assert emu.error_code(token=sign_token(credentials, issued_at=1_000_000, lifetime=60)) == 456
    assert emu.error_code(token=sign_token(credentials, lifetime=7200)) == 454
    assert emu.error_code(token=sign_token(credentials, key_id="00000000-0000-0000-0000-000000000000")) == 433


def test_claims_and_omitted_kid_for_malformed_tokens(credentials, emu):
    token = sign_token(credentials, claims={"iss": "not a number"}, omit_key_id=True)
    assert "kid" not in jwt.get_unverified_header(token)
    assert json.loads(jwt.api_jws.decode(token, emu.signing_key.public_key(), algorithms=["RS256"])) == {"iss": "not a number"}


def test_cli_prints_one_token(credentials, emu, tmp_path):
    path = tmp_path / "credentials.json"
    path.write_text(json.dumps(credentials), encoding="utf-8")
    issuer = emu.keys.child_account_ids[0]
    out = subprocess.run([sys.executable, "-m", "voximplant_emulator.tokens", str(path), "--issuer", str(issuer)],
                         capture_output=True, text=True, check=True, timeout=60,
                         env={"PYTHONPATH": os.path.dirname(os.path.dirname(tokens.__file__)), "PATH": "/usr/bin:/bin"}).stdout.strip().splitlines()
    assert len(out) == 1
    claims = json.loads(jwt.api_jws.decode(out[0], emu.signing_key.public_key(), algorithms=["RS256"]))
    assert claims["iss"] == issuer
