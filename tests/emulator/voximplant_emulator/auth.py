"""Service-account key material, JWT (RS256) verification and legacy api_key checks."""
from __future__ import annotations

import hmac
import json
import os
import secrets
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Mapping

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from voximplant_emulator.errors import ApiError
from voximplant_emulator.files import write_private_file

MAX_TTL = 3600
CLOCK_SKEW = 5
CHILD_ACCOUNTS = 2


def load_private_key(pem: str) -> Any:
    """Parse a PEM private key, skipping the slow (~80 ms) RSA consistency check where supported."""
    data = pem.encode("ascii")
    try:
        return serialization.load_pem_private_key(data, password=None, unsafe_skip_rsa_key_validation=True)
    except TypeError:  # cryptography < 39
        return serialization.load_pem_private_key(data, password=None)


@dataclass
class KeyMaterial:
    """The service-account key the emulator trusts (the one in ``credentials.json``)."""

    account_id: int
    account_email: str
    key_id: str
    private_key_pem: str

    @property
    def child_account_ids(self) -> list[int]:
        """Child accounts a JWT signed with this key may name as ``iss``."""
        return [self.account_id + i for i in range(1, CHILD_ACCOUNTS + 1)]

    def public_key(self) -> Any:
        """The RSA public key."""
        return load_private_key(self.private_key_pem).public_key()

    def credentials(self) -> dict[str, Any]:
        """The ``credentials.json`` document."""
        return {
            "account_email": self.account_email,
            "account_id": self.account_id,
            "key_id": self.key_id,
            "private_key": self.private_key_pem,
        }

    @classmethod
    def load_or_create(cls, state_dir: Path, seed: int) -> KeyMaterial:
        """Reuse ``state_dir/credentials.json`` when it is valid, else create it (mode 0600)."""
        path = state_dir / "credentials.json"
        if path.exists():
            try:
                doc = json.loads(path.read_text(encoding="utf-8"))
                keys = cls(int(doc["account_id"]), str(doc["account_email"]), str(doc["key_id"]), str(doc["private_key"]))
                keys.public_key()
                os.chmod(path, 0o600)
                return keys
            except (ValueError, KeyError, TypeError):
                pass
        private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        pem = private.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        ).decode("ascii")
        account_id = 1_000_000 + (seed % 1_000) * 1_000
        keys = cls(account_id, f"emulator-{account_id}@sa.example.com", str(uuid.uuid4()), pem)
        write_private_file(path, json.dumps(keys.credentials(), indent=2) + "\n")
        return keys


def _int_claim(payload: Mapping[str, Any], name: str) -> int:
    value = payload.get(name)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ApiError(447, f"Invalid token format: claim {name!r} missing or not a number")
    return int(value)


def _account_claim(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return None


class Authenticator:
    """Decides which account a request acts as, or raises ApiError with the API's code."""

    def __init__(self, keys: KeyMaterial, api_key: str | None = None, clock: Callable[[], float] = time.time) -> None:
        self.keys = keys
        self.public_key = keys.public_key()
        self.accounts = {keys.account_id, *keys.child_account_ids}
        self.api_key = api_key or secrets.token_hex(16)
        self.clock = clock
        self._jws = jwt.PyJWS()

    def verify_jwt(self, token: str) -> int:
        """The account id of a valid token."""
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as exc:
            raise ApiError(447) from exc
        if header.get("kid") != self.keys.key_id:
            raise ApiError(433)
        try:
            decoded = self._jws.decode_complete(token, key=self.public_key, algorithms=["RS256"])
        except jwt.InvalidSignatureError as exc:
            raise ApiError(100) from exc
        except jwt.InvalidAlgorithmError as exc:
            raise ApiError(100) from exc
        except jwt.PyJWTError as exc:
            raise ApiError(447) from exc
        try:
            payload = json.loads(decoded["payload"])
        except ValueError as exc:
            raise ApiError(447) from exc
        if not isinstance(payload, dict):
            raise ApiError(447)
        iat = _int_claim(payload, "iat")
        exp = _int_claim(payload, "exp")
        if exp - iat > MAX_TTL:
            raise ApiError(454)
        now = self.clock()
        if iat > now + CLOCK_SKEW:
            raise ApiError(455)
        if exp <= now:
            raise ApiError(456)
        account = _account_claim(payload.get("iss"))
        if account is None or account not in self.accounts:
            raise ApiError(100)
        return account

    def verify_api_key(self, account_id: str | None, api_key: str) -> int:
        """Legacy ``account_id`` + ``api_key``: the key is valid for the account and its children."""
        account = _account_claim(account_id)
        if account is None or account not in self.accounts:
            raise ApiError(100)
        if not hmac.compare_digest(api_key.encode("utf-8"), self.api_key.encode("utf-8")):
            raise ApiError(100)
        return account


def split_authorization(header: str) -> tuple[str, str]:
    """``("bearer", token)`` for ``Authorization: Bearer token``; the scheme is lower-cased."""
    scheme, _sep, credentials = header.strip().partition(" ")
    return scheme.lower(), credentials.strip()
