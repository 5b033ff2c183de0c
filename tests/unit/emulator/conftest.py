"""Fixtures of the emulator tests: one in-process emulator for the session, reset before each test."""
from __future__ import annotations

import os
import sys
import time
from typing import Any, Iterator

import pytest
import requests

EMULATOR_DIR = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "emulator"))
if EMULATOR_DIR not in sys.path:
    sys.path.insert(0, EMULATOR_DIR)

from voximplant_emulator.auth import load_private_key  # noqa: E402  pylint: disable=wrong-import-position
from voximplant_emulator.config import Options, RuntimeConfig  # noqa: E402  pylint: disable=wrong-import-position
from voximplant_emulator.server import EmulatorServer  # noqa: E402  pylint: disable=wrong-import-position
from voximplant_emulator.tokens import sign_token  # noqa: E402  pylint: disable=wrong-import-position

RECORDS = 400


class EmuClient:
    """Small client for the emulator under test."""

    def __init__(self, server: EmulatorServer) -> None:
        self.server = server
        self.info = server.info
        self.keys = server.keys
        self.url = server.url
        self.admin_url = server.admin_url
        self.http = requests.Session()
        self.signing_key = load_private_key(self.keys.private_key_pem)

    def token(self, **overrides: Any) -> str:
        """A valid JWT; keyword overrides: iss, iat, exp, kid, key (PEM), payload (replaces claims)."""
        now = int(time.time())
        iat = overrides.get("iat", now - 5)
        claims = overrides.get("payload", {
            "iss": overrides.get("iss", self.keys.account_id),
            "iat": iat,
            "exp": overrides.get("exp", iat + 60),
        })
        kid = overrides.get("kid", self.keys.key_id)
        return sign_token({"account_id": self.keys.account_id, "key_id": self.keys.key_id}, claims=claims, key_id=kid,
                          omit_key_id=kid is None, private_key=overrides.get("key", self.signing_key))

    def call(self, params: dict[str, Any] | None = None, *, token: str | None = None, auth: bool = True,
             method: str = "GetSipRegistrations", **kwargs: Any) -> requests.Response:
        """POST {url}/{method} form-encoded, with a fresh JWT unless ``token``/``auth`` say otherwise."""
        headers = kwargs.pop("headers", {})
        if auth:
            headers["Authorization"] = f"Bearer {token or self.token()}"
        return self.http.post(f"{self.url}/{method}", data=params or {}, headers=headers, timeout=10, **kwargs)

    def api(self, params: dict[str, Any] | None = None, **kwargs: Any) -> dict[str, Any]:
        """The JSON document of an API call (asserts HTTP 200)."""
        response = self.call(params, **kwargs)
        assert response.status_code == 200, response.text
        return response.json()

    def error_code(self, params: dict[str, Any] | None = None, **kwargs: Any) -> int | None:
        """The API error code of a call, None on success."""
        doc = self.api(params, **kwargs)
        return doc["error"]["code"] if "error" in doc else None

    def records(self, account_id: int | None = None) -> list[dict[str, Any]]:
        """The whole data set from the admin API."""
        params = {"account_id": account_id} if account_id is not None else {}
        response = self.http.get(f"{self.admin_url}/records", params=params, timeout=10)
        response.raise_for_status()
        return response.json()

    def stats(self) -> dict[str, Any]:
        """Admin statistics."""
        return self.http.get(f"{self.admin_url}/stats", timeout=10).json()

    def admin(self, name: str, doc: dict[str, Any] | None = None) -> requests.Response:
        """POST an admin endpoint."""
        return self.http.post(f"{self.admin_url}/{name}", json=doc or {}, timeout=10)


@pytest.fixture(scope="session")
def emu_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmulatorServer]:
    """The emulator, in-process on a free port.

    The state directory is a fixed one under the session's base temp dir so that, when ansible-test
    runs every test in its own fork (session fixtures set up again each time), the RSA key made by the
    first test is reused by the others.
    """
    options = Options(state_dir=tmp_path_factory.getbasetemp() / "emulator-state", records=RECORDS, seed=7, quiet=True,
                      runtime=RuntimeConfig(page_cap=50, default_count=20))
    server = EmulatorServer(options)
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def emu_client(emu_server: EmulatorServer) -> Iterator[EmuClient]:
    """One client for the session (parsing the RSA key once)."""
    client = EmuClient(emu_server)
    yield client
    client.http.close()


@pytest.fixture()
def emu(emu_client: EmuClient) -> EmuClient:
    """The client, with the emulator freshly reset."""
    assert emu_client.admin("reset").status_code == 200
    return emu_client
