# -*- coding: utf-8 -*-
# Copyright (c) 2026, voximplant.management contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Shared fixtures of the plugin unit tests: collection loader, keys, fake HTTP session, fake API.

Under `ansible-test units` the collection loader is already installed. Under plain pytest this
file installs it, using the `ansible_collections` directory the tests were reached through
(e.g. /tmp/ut/ansible_collections/voximplant/management -> the checkout), or a temporary one.
"""

from __future__ import annotations

import atexit
import io
import json
import os
import random
import shutil
import sys
import tempfile
import threading
from typing import Any, Dict, List, Optional
from urllib.parse import urlsplit


def _install_collection_finder() -> None:
    from ansible.utils.collection_loader._collection_finder import _AnsibleCollectionFinder

    if any(isinstance(finder, _AnsibleCollectionFinder) for finder in sys.meta_path):
        return  # ansible-test units did it
    here = os.path.abspath(__file__)
    candidates = [here] + [os.path.join(cwd, "tests", "unit", "plugins", "conftest.py")
                           for cwd in (os.environ.get("PWD", ""), os.getcwd()) if cwd]
    root = None
    for candidate in candidates:
        parts = candidate.split(os.sep)
        if "ansible_collections" in parts:
            index = len(parts) - 1 - parts[::-1].index("ansible_collections")
            if parts[index + 1:index + 3] == ["voximplant", "management"]:
                root = os.sep.join(parts[:index]) or os.sep
                break
    if root is None:
        # Run from a plain checkout: expose it as ansible_collections/voximplant/management.
        root = tempfile.mkdtemp(prefix="vox-ut-")
        atexit.register(shutil.rmtree, root, True)
        os.makedirs(os.path.join(root, "ansible_collections", "voximplant"))
        checkout = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(here))))
        os.symlink(checkout, os.path.join(root, "ansible_collections", "voximplant", "management"))
    _AnsibleCollectionFinder(paths=[root])._install()  # pylint: disable=protected-access


_install_collection_finder()

import jwt  # noqa: E402  pylint: disable=wrong-import-position
import pytest  # noqa: E402  pylint: disable=wrong-import-position
import requests  # noqa: E402  pylint: disable=wrong-import-position
from cryptography.hazmat.primitives import serialization  # noqa: E402  pylint: disable=wrong-import-position
from cryptography.hazmat.primitives.asymmetric import rsa  # noqa: E402  pylint: disable=wrong-import-position
from requests.structures import CaseInsensitiveDict  # noqa: E402  pylint: disable=wrong-import-position

from ansible_collections.voximplant.management.plugins.module_utils._connection import CONNECTION_OPTIONS  # noqa: E402


# ---------------------------------------------------------------------------------------------
# Environment hygiene: the module's env fallbacks and the lookup's env: entries must not leak in.
# ---------------------------------------------------------------------------------------------

ENV_NAMES = sorted({name for spec in CONNECTION_OPTIONS for name in spec.env})


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch):
    for name in ENV_NAMES:
        monkeypatch.delenv(name, raising=False)
    for name in list(os.environ):
        if name.startswith("ANSIBLE_VOXIMPLANT_") or name.startswith("VOXIMPLANT_"):
            monkeypatch.delenv(name, raising=False)


# ---------------------------------------------------------------------------------------------
# Keys (generated at run time; never commit a private key)
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def rsa_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="session")
def rsa_pem(rsa_key) -> str:
    return rsa_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode("ascii")


@pytest.fixture(scope="session")
def service_account(rsa_pem) -> Dict[str, Any]:
    """The content of a credentials.json."""
    return {
        "account_email": "svc@example.test",
        "account_id": 4242,
        "key_id": "0b6f6d3e-7e38-4f4e-9a55-3c1d1f0c9a11",
        "private_key": rsa_pem,
    }


@pytest.fixture
def credentials_file(tmp_path, service_account) -> str:
    path = tmp_path / "credentials.json"
    path.write_text(json.dumps(service_account), encoding="utf-8")
    return str(path)


def decode_jwt(token: str, public_key: Any) -> tuple:
    """(header, claims) of a token, signature verified; time claims not checked against the real clock."""
    header = jwt.get_unverified_header(token)
    claims = jwt.decode(
        token, public_key, algorithms=["RS256"],
        options={"verify_exp": False, "verify_iat": False, "verify_nbf": False, "verify_iss": False},
    )
    return header, claims


@pytest.fixture
def jwt_decoder():
    return decode_jwt


# ---------------------------------------------------------------------------------------------
# Fake HTTP
# ---------------------------------------------------------------------------------------------


class FakeRaw:
    """What the transport reads of a streamed response: urllib3's read(amt, decode_content)."""

    def __init__(self, content: bytes) -> None:
        self._stream = io.BytesIO(content)
        self.reads: List[int] = []

    def read(self, amt: Optional[int] = None, decode_content: bool = True) -> bytes:
        assert decode_content is False, "the transport decodes the body itself, with bounds"
        self.reads.append(amt)
        return self._stream.read(amt)

    read1 = read  # urllib3 2's one-socket-read variant: the same bytes here


class FakeResponse:
    def __init__(self, status_code: int = 200, body: Any = None, text: Optional[str] = None,
                 reason: str = "", headers: Optional[Dict[str, str]] = None, content: Optional[bytes] = None) -> None:
        self.status_code = status_code
        self.reason = reason or {200: "OK", 429: "Too Many Requests", 500: "Internal Server Error",
                                 502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout",
                                 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden",
                                 404: "Not Found"}.get(status_code, "")
        self.headers = CaseInsensitiveDict(headers or {})
        self._body = body
        self.text = text if text is not None else (json.dumps(body) if body is not None else "")
        # The bytes on the wire; each attempt reading this response gets a fresh stream of them.
        self.content = content if content is not None else self.text.encode("utf-8")
        self.closed = 0

    @property
    def raw(self) -> FakeRaw:
        return FakeRaw(self.content)

    def close(self) -> None:
        self.closed += 1

    def json(self) -> Any:
        if self._body is None:
            raise requests.exceptions.JSONDecodeError("Expecting value", self.text, 0)
        return self._body


class ScriptedSession:
    """Answers each post() with the next scripted outcome (a FakeResponse, or an exception to raise).

    The last outcome repeats when the script runs out.
    """

    def __init__(self, outcomes: List[Any]) -> None:
        self.outcomes = list(outcomes)
        self.calls: List[Dict[str, Any]] = []
        self.closed = False

    def post(self, url, data=None, headers=None, timeout=None, verify=None, **kwargs):
        self.calls.append({"url": url, "data": dict(data or {}), "headers": dict(headers or {}),
                           "timeout": timeout, "verify": verify, "kwargs": kwargs})
        outcome = self.outcomes[min(len(self.calls), len(self.outcomes)) - 1]
        if isinstance(outcome, BaseException):
            raise outcome
        return outcome

    def close(self):
        self.closed = True


def _status_matches(code: Optional[int], grammar: str) -> bool:
    if code is None:
        return False
    for item in grammar.split(";"):
        low, _sep, high = item.partition(":")
        if int(low) <= code <= int(high or low):
            return True
    return False


class FakeRegistrationApi:
    """A tiny in-memory GetSipRegistrations behind a requests-like session.

    Parses the form, applies a few filters, then offset/count (capped at `cap`), and answers
    {"result": [...], "count": len(page)}. `check_auth(headers, form)` may veto a request.
    """

    def __init__(self, records: List[Dict[str, Any]], cap: int = 10000, check_auth: Any = None,
                 body_override: Any = None) -> None:
        self.records = records
        self.cap = cap
        self.check_auth = check_auth
        self.body_override = body_override
        self.calls: List[Dict[str, Any]] = []
        self.closed = False
        self._lock = threading.Lock()

    def post(self, url, data=None, headers=None, timeout=None, verify=None, **kwargs):
        form = dict(data or {})
        with self._lock:
            self.calls.append({"url": url, "data": form, "headers": dict(headers or {}),
                               "timeout": timeout, "verify": verify, "kwargs": kwargs})
        if not urlsplit(url).path.endswith("/GetSipRegistrations"):
            return FakeResponse(404, text="<html>no such method</html>")
        if self.check_auth is not None:
            refusal = self.check_auth(dict(headers or {}), form)
            if refusal is not None:
                return FakeResponse(200, {"error": refusal})
        if self.body_override is not None:
            return FakeResponse(200, self.body_override)
        selected = [record for record in self.records if self._matches(record, form)]
        offset = int(form.get("offset", 0))
        count = min(int(form.get("count", 20)), self.cap)
        page = selected[offset:offset + count]
        return FakeResponse(200, {"result": [dict(record) for record in page], "count": len(page)})

    @staticmethod
    def _matches(record: Dict[str, Any], form: Dict[str, str]) -> bool:
        if "sip_username" in form and record["sip_username"] != form["sip_username"]:
            return False
        if "successful" in form and record.get("successful") is not (form["successful"] == "true"):
            return False
        if "deactivated" in form and record["deactivated"] is not (form["deactivated"] == "true"):
            return False
        if "application_id" in form:
            wanted = {int(item) for item in form["application_id"].split(";")}
            if record.get("application_id") not in wanted:
                return False
        if "status_code" in form and not _status_matches(record.get("status_code"), form["status_code"]):
            return False
        return True

    def close(self):
        self.closed = True


@pytest.fixture
def fake_response():
    return FakeResponse


@pytest.fixture
def scripted_session():
    return ScriptedSession


@pytest.fixture
def fake_api():
    return FakeRegistrationApi


# ---------------------------------------------------------------------------------------------
# Records
# ---------------------------------------------------------------------------------------------


def make_records(count: int, seed: int = 7, first_id: int = 1) -> List[Dict[str, Any]]:
    """Varied SIPRegistration records: in-progress ones lack `successful`, some lack `status_code`."""
    rng = random.Random(seed)
    records = []
    for index in range(count):
        ident = first_id + index
        record: Dict[str, Any] = {
            "sip_registration_id": ident,
            "sip_username": f"user{ident}",
            "proxy": rng.choice(["sip.example.net", "pbx.example.org"]),
            "last_updated": 1790000000 + ident,
            "deactivated": rng.random() < 0.2,
            "next_subscription_renewal": "2026-12-01",
            "purchase_date": "2026-01-15 09:30:00",
            "subscription_price": "0.5000",
            "is_persistent": rng.random() < 0.7,
        }
        state = rng.choice(["ok", "failed", "progress", "progress-nocode"])
        if state == "ok":
            record["successful"] = True
            record["status_code"] = 200
        elif state == "failed":
            record["successful"] = False
            record["status_code"] = rng.choice([401, 403, 404, 408, 503])
            record["error_message"] = "failed"
        elif state == "progress":
            record["status_code"] = rng.choice([100, 180])
        if rng.random() < 0.6:
            record["application_id"] = rng.choice([10, 11, 12])
            record["application_name"] = f"app{record['application_id']}"
        if rng.random() < 0.3:
            record["user_id"] = rng.choice([7, 8])
            record["user_name"] = f"u{record['user_id']}"
        records.append(record)
    return records


@pytest.fixture
def records_factory():
    return make_records


def independent_summary(records: List[Dict[str, Any]]) -> Dict[str, Any]:
    """The output contract's summary, computed in the test without the plugin code."""
    summary = {"total": 0, "successful": 0, "unsuccessful": 0, "in_progress": 0, "deactivated": 0,
               "persistent": 0, "bound_to_application": 0, "by_status_code": {}}
    for record in records:
        summary["total"] += 1
        if "successful" not in record:
            summary["in_progress"] += 1
        elif record["successful"]:
            summary["successful"] += 1
        else:
            summary["unsuccessful"] += 1
        summary["deactivated"] += 1 if record.get("deactivated") else 0
        summary["persistent"] += 1 if record.get("is_persistent") else 0
        summary["bound_to_application"] += 1 if "application_id" in record else 0
        if "status_code" in record:
            key = "%d" % record["status_code"]
            summary["by_status_code"][key] = summary["by_status_code"].get(key, 0) + 1
    return summary


@pytest.fixture
def expected_summary():
    return independent_summary


# ---------------------------------------------------------------------------------------------
# The lookup cache's home: ansible-core's private per-run directory (C.DEFAULT_LOCAL_TMP)
# ---------------------------------------------------------------------------------------------


@pytest.fixture
def ansible_run_dir(tmp_path, monkeypatch):
    """A stand-in for the directory ansible-core makes per run (mkdtemp: 0700, ours), as C.DEFAULT_LOCAL_TMP."""
    from ansible import constants as C

    path = tmp_path / "ansible-local-4242abcd"
    path.mkdir(mode=0o700)
    monkeypatch.setattr(C, "DEFAULT_LOCAL_TMP", str(path))
    return path


@pytest.fixture
def token_only_the_resolver_finds(monkeypatch) -> str:
    """The token a face finds only through _credentials.resolve_credentials.

    The resolver's token variable is renamed to one no doc fragment or argument spec names; VOXIMPLANT_TOKEN and
    ANSIBLE_VOXIMPLANT_TOKEN hold another value. A face that read those itself would hold it as explicit, and it would win.
    """
    from ansible_collections.voximplant.management.plugins.module_utils import _credentials

    monkeypatch.setattr(_credentials, "CREDENTIAL_ENVIRONMENT", (("token", ("VOXIMPLANT_TEST_ONLY_TOKEN",)),))
    monkeypatch.setenv("VOXIMPLANT_TEST_ONLY_TOKEN", "via-the-resolver")
    for name in ("VOXIMPLANT_TOKEN", "ANSIBLE_VOXIMPLANT_TOKEN"):
        monkeypatch.setenv(name, "read-by-the-face")
    return "via-the-resolver"
