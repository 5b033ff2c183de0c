"""Authentication: JWT acceptance and error codes, legacy api_key, child accounts."""
from __future__ import annotations

import os
import sys
import time

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

sys.path.insert(0, os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "emulator")))


def _other_key_pem() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption()).decode("ascii")


def test_valid_jwt_is_accepted(emu):
    doc = emu.api({"count": 3})
    assert doc["count"] == 3 and len(doc["result"]) == 3
    assert doc["result"] == emu.records()[:3]
    assert emu.stats()["requests"][-1]["auth"] == "jwt"


def test_token_with_string_iss_and_max_ttl_is_accepted(emu):
    now = int(time.time())
    assert emu.error_code(token=emu.token(iss=str(emu.keys.account_id), iat=now - 5, exp=now - 5 + 3600)) is None


@pytest.mark.parametrize("case, expected", [
    ("wrong_kid", 433),
    ("no_kid", 433),
    ("garbage", 447),
    ("empty_bearer", 447),
    ("missing_claims", 447),
    ("ttl_too_long", 454),
    ("issued_in_future", 455),
    ("expired", 456),
    ("unknown_iss", 100),
    ("bad_signature", 100),
    ("other_key", 100),
    ("tampered_payload", 100),
    ("no_auth", 100),
    ("basic_scheme", 100),
])
def test_jwt_errors(emu, case, expected):
    now = int(time.time())
    kwargs = {}
    if case == "wrong_kid":
        kwargs["token"] = emu.token(kid="00000000-0000-0000-0000-000000000000")
    elif case == "no_kid":
        kwargs["token"] = emu.token(kid=None)
    elif case == "garbage":
        kwargs["token"] = "not.a.jwt"
    elif case == "empty_bearer":
        kwargs["headers"] = {"Authorization": "Bearer "}
        kwargs["auth"] = False
    elif case == "missing_claims":
        kwargs["token"] = emu.token(payload={"iss": emu.keys.account_id})
    elif case == "ttl_too_long":
        kwargs["token"] = emu.token(iat=now - 5, exp=now - 5 + 3601)
    elif case == "issued_in_future":
        kwargs["token"] = emu.token(iat=now + 60, exp=now + 120)
    elif case == "expired":
        kwargs["token"] = emu.token(iat=now - 120, exp=now - 60)
    elif case == "unknown_iss":
        kwargs["token"] = emu.token(iss=emu.keys.account_id + 100)
    elif case == "bad_signature":
        head, payload, signature = emu.token().split(".")
        flipped = ("A" if signature[10] != "A" else "B")
        kwargs["token"] = ".".join([head, payload, signature[:10] + flipped + signature[11:]])
    elif case == "other_key":
        kwargs["token"] = emu.token(key=_other_key_pem())
    elif case == "tampered_payload":
        good = emu.token().split(".")
        other = emu.token(iss=emu.keys.child_account_ids[0]).split(".")
        kwargs["token"] = ".".join([good[0], other[1], good[2]])
    elif case == "no_auth":
        kwargs["auth"] = False
    elif case == "basic_scheme":
        kwargs["headers"] = {"Authorization": "Basic dXNlcjpwYXNz"}
        kwargs["auth"] = False
    assert emu.error_code({"count": 1}, **kwargs) == expected


def test_small_clock_skew_is_tolerated(emu):
    now = int(time.time())
    assert emu.error_code(token=emu.token(iat=now + 3, exp=now + 63)) is None


def test_api_key_auth(emu):
    params = {"account_id": emu.keys.account_id, "api_key": emu.info["api_key"], "count": 5}
    doc = emu.api(params, auth=False)
    assert [r["sip_registration_id"] for r in doc["result"]] == [r["sip_registration_id"] for r in emu.records()[:5]]
    entry = emu.stats()["requests"][-1]
    assert entry["auth"] == "api_key"
    assert "api_key" not in entry["params"] and entry["params"]["count"] == "5"


@pytest.mark.parametrize("params", [
    {"api_key": "wrong"},
    {"api_key": None},
    {"account_id": None},
    {"account_id": "12345"},
])
def test_api_key_errors(emu, params):
    base = {"account_id": emu.keys.account_id, "api_key": emu.info["api_key"]}
    base.update(params)
    form = {k: v for k, v in base.items() if v is not None}
    assert emu.error_code(form, auth=False) == 100


def test_child_account_iss_gets_child_data(emu):
    child = emu.keys.child_account_ids[0]
    child_records = emu.records(child)
    assert child_records and child_records != emu.records()
    doc = emu.api({"count": 50}, token=emu.token(iss=child))
    assert doc["result"] == child_records[:50]
    legacy = emu.api({"account_id": child, "api_key": emu.info["api_key"], "count": 50}, auth=False)
    assert legacy["result"] == child_records[:50]


def test_secrets_are_recorded(emu):
    token = emu.token()
    emu.call({"count": 1}, token=token)
    emu.call({"account_id": emu.keys.account_id, "api_key": "some-secret-key"}, auth=False)
    assert {token, "some-secret-key"} <= set(emu.stats()["secrets_seen"])
