"""Fault injection, mutations, latency, concurrency limit, admin endpoints and statistics."""
from __future__ import annotations

import json
import os
import sys
import threading
import time

import pytest
import requests

sys.path.insert(0, os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "emulator")))


def set_faults(emu, *faults):
    response = emu.admin("faults", {"faults": list(faults)})
    assert response.status_code == 200, response.text
    return response.json()


def test_http_429_with_retry_after(emu):
    set_faults(emu, {"kind": "http_status", "status": 429, "retry_after": 1, "times": 2})
    for _index in range(2):
        response = emu.call({"count": 1})
        assert response.status_code == 429
        assert response.headers["Retry-After"] == "1"
        assert "error" not in response.json()
    assert emu.call({"count": 1}).status_code == 200
    assert [r["status"] for r in emu.stats()["requests"]] == [429, 429, 200]


def test_http_429_empty_body(emu):
    set_faults(emu, {"kind": "http_status", "status": 429, "body": "empty"})
    response = emu.call()
    assert response.status_code == 429 and response.content == b"" and "Retry-After" not in response.headers


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_http_5xx_html_page(emu, status):
    set_faults(emu, {"kind": "http_status", "status": status, "body": "html", "times": 1})
    response = emu.call()
    assert response.status_code == status
    assert response.headers["Content-Type"].startswith("text/html")
    assert b"<html>" in response.content and str(status).encode() in response.content
    assert emu.call().status_code == 200


def test_http_5xx_empty_body(emu):
    set_faults(emu, {"kind": "http_status", "status": 503, "body": "empty"})
    response = emu.call()
    assert response.status_code == 503 and response.content == b""


def test_api_error_fault(emu):
    set_faults(emu, {"kind": "api_error", "code": 340, "msg": "Rate limit exceeded", "times": 2})
    assert emu.api() == {"error": {"code": 340, "msg": "Rate limit exceeded"}}
    assert emu.error_code() == 340
    assert emu.error_code() is None
    assert [r["api_error"] for r in emu.stats()["requests"]] == [340, 340, None]


def test_malformed_json(emu):
    set_faults(emu, {"kind": "malformed_json"})
    response = emu.call({"count": 5})
    assert response.status_code == 200
    assert response.headers["Content-Length"] == str(len(response.content))
    with pytest.raises(ValueError):
        json.loads(response.content)
    assert len(emu.api({"count": 5})["result"]) == 5


def test_drop_connection(emu):
    set_faults(emu, {"kind": "drop_connection", "times": 1})
    with requests.Session() as fresh:
        with pytest.raises(requests.ConnectionError):
            fresh.post(f"{emu.url}/GetSipRegistrations", data={}, headers={"Authorization": f"Bearer {emu.token()}"}, timeout=5)
    assert emu.error_code() is None
    assert emu.stats()["requests"][0]["status"] == 0


def test_delay(emu):
    set_faults(emu, {"kind": "delay", "ms": 300, "times": 1})
    started = time.monotonic()
    assert emu.error_code() is None
    assert time.monotonic() - started >= 0.3
    started = time.monotonic()
    emu.call()
    assert time.monotonic() - started < 0.3


def test_skip_and_queue_order(emu):
    set_faults(emu,
               {"kind": "api_error", "code": 416, "skip": 1},
               {"kind": "http_status", "status": 502, "times": 1})
    assert emu.call().status_code == 200
    assert emu.error_code() == 416
    assert emu.call().status_code == 502
    assert emu.call().status_code == 200


def test_forever_fault_and_reset(emu):
    set_faults(emu, {"kind": "api_error", "code": 162, "times": -1})
    assert [emu.error_code() for _index in range(3)] == [162, 162, 162]
    assert emu.http.get(f"{emu.admin_url}/faults", timeout=5).json()["faults"][0]["times"] == -1
    emu.admin("reset")
    assert emu.error_code() is None


@pytest.mark.parametrize("bad", [
    {"kind": "nope"},
    {"kind": "http_status"},
    {"kind": "http_status", "status": 503, "body": "xml"},
    {"kind": "api_error"},
    {"kind": "delay", "ms": -1},
    {"kind": "api_error", "code": 340, "times": 0},
    "text",
])
def test_invalid_faults_are_rejected(emu, bad):
    assert emu.admin("faults", {"faults": [bad]}).status_code == 400


def test_mutate_after_inserts_before_the_paging_position(emu):
    before = emu.records()
    set_faults(emu, {"kind": "mutate_after", "requests": 1, "insert": 5, "delete": 2})
    page1 = emu.api({"count": 20})["result"]
    assert page1 == before[:20]
    page2 = emu.api({"count": 20, "offset": 20})["result"]
    after = emu.records()
    assert len(after) == len(before) + 3
    new_ids = {r["sip_registration_id"] for r in after} - {r["sip_registration_id"] for r in before}
    assert len(new_ids) == 5
    assert min(new_ids) < page1[-1]["sip_registration_id"]      # an insert landed behind the paging position
    assert page2 == after[20:40] and page2 != before[20:40]
    ids = [r["sip_registration_id"] for r in after]
    assert ids == sorted(set(ids))


def test_mutate_now_and_reset_restores(emu):
    before = emu.records()
    result = emu.admin("mutate", {"insert": 3, "delete": 4}).json()
    assert len(result["inserted"]) == 3 and len(result["deleted"]) == 4
    after = emu.records()
    ids = {r["sip_registration_id"] for r in after}
    assert len(after) == len(before) - 1 and set(result["inserted"]) <= ids and not set(result["deleted"]) & ids
    again = emu.admin("mutate", {"insert": 3}).json()
    assert not set(again["inserted"]) & (set(result["deleted"]) | set(result["inserted"]))
    emu.admin("reset")
    assert emu.records() == before
    assert emu.admin("mutate", {"insert": -1}).status_code == 400


def _concurrent(emu, n):
    results = [None] * n
    token = emu.token()

    def run(i):
        with requests.Session() as session:
            started = time.monotonic()
            response = session.post(f"{emu.url}/GetSipRegistrations", data={"count": 1},
                                    headers={"Authorization": f"Bearer {token}"}, timeout=10)
            results[i] = (response.json(), time.monotonic() - started)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_latency_overlaps_between_concurrent_requests(emu):
    emu.admin("config", {"latency_ms": 250})
    started = time.monotonic()
    results = _concurrent(emu, 4)
    elapsed = time.monotonic() - started
    assert all("result" in doc and took >= 0.25 for doc, took in results)
    assert elapsed < 0.9
    assert emu.stats()["max_in_flight"] >= 2


def test_max_concurrent_returns_340(emu):
    emu.admin("config", {"latency_ms": 300, "max_concurrent": 1})
    codes = [doc.get("error", {}).get("code") for doc, _took in _concurrent(emu, 3)]
    assert 340 in codes and None in codes
    emu.admin("config", {"max_concurrent": None, "latency_ms": 0})
    assert emu.error_code() is None


def test_stats_shape(emu):
    emu.call({"count": 2, "sip_username": "x"})
    emu.call({"account_id": emu.keys.account_id, "api_key": emu.info["api_key"]}, auth=False)
    emu.call(auth=False)
    stats = emu.stats()
    assert stats["api_requests"] == 3
    first, second, third = stats["requests"]
    assert first["path"] == "/platform_api/GetSipRegistrations"
    assert first["params"] == {"count": "2", "sip_username": "x"} and first["auth"] == "jwt"
    assert second["auth"] == "api_key" and "api_key" not in second["params"]
    assert third["auth"] == "none" and third["api_error"] == 100
    assert first["t"] <= second["t"] <= third["t"]
    assert emu.info["api_key"] in stats["secrets_seen"]
    emu.admin("reset")
    assert emu.stats()["api_requests"] == 0 and emu.stats()["secrets_seen"] == []


def test_admin_info_and_unknown_endpoint(emu):
    assert emu.http.get(f"{emu.admin_url}/info", timeout=5).json()["url"] == emu.url
    assert emu.http.get(f"{emu.admin_url}/nothing", timeout=5).status_code == 404
    assert emu.http.get(f"{emu.admin_url}/records", params={"account_id": 1}, timeout=5).status_code == 404


def test_update_changes_one_record_served_by_the_api_and_reset_restores(emu):
    before = emu.records()
    target = before[3]
    changed = emu.admin("update", {"sip_registration_id": target["sip_registration_id"],
                                   "fields": {"status_code": 503, "successful": False, "application_id": None}}).json()
    assert changed["status_code"] == 503 and changed["successful"] is False and "application_id" not in changed
    served = emu.api({"sip_registration_id": target["sip_registration_id"]})["result"]
    assert served == [changed]                        # the API serves the new record, not a cached encoding
    assert emu.records()[:3] == before[:3] and emu.records()[4:] == before[4:]
    child = emu.info["child_account_ids"][0]
    child_record = emu.records(child)[0]
    assert emu.admin("update", {"sip_registration_id": child_record["sip_registration_id"], "account_id": child,
                                "fields": {"proxy": "moved.example"}}).json()["proxy"] == "moved.example"
    assert emu.admin("update", {"sip_registration_id": 1, "fields": {"proxy": "x"}}).status_code == 404
    assert emu.admin("update", {"sip_registration_id": target["sip_registration_id"], "fields": {}}).status_code == 400
    emu.admin("reset")
    assert emu.records() == before
