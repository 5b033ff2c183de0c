"""GetSipRegistrations semantics: data set shape, every filter, paging, validation errors, request forms."""
from __future__ import annotations

import os
import re
import sys
from typing import Any

import pytest

sys.path.insert(0, os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "emulator")))

ALWAYS = {"sip_registration_id": int, "sip_username": str, "proxy": str, "last_updated": int, "deactivated": bool,
          "next_subscription_renewal": str, "purchase_date": str, "subscription_price": str, "is_persistent": bool}
OPTIONAL = {"auth_user": str, "outbound_proxy": str, "successful": bool, "status_code": int, "error_message": str,
            "user_id": int, "user_name": str, "application_id": int, "application_name": str, "rule_id": int,
            "rule_name": str}


def fetch_all(emu, params: dict[str, Any]) -> list[dict[str, Any]]:
    """Every matching record, paging with the page cap."""
    out: list[dict[str, Any]] = []
    offset = 0
    while True:
        doc = emu.api({**params, "count": 50, "offset": offset})
        assert "error" not in doc, doc
        out.extend(doc["result"])
        if len(doc["result"]) < 50:
            return out
        offset += 50


def test_data_set_fields_and_mixture(emu):
    records = emu.records()
    assert len(records) == 400
    ids = [r["sip_registration_id"] for r in records]
    assert ids == sorted(set(ids))
    for rec in records:
        for name, kind in ALWAYS.items():
            assert isinstance(rec[name], kind), (name, rec)
        for name in set(rec) - set(ALWAYS):
            assert isinstance(rec[name], OPTIONAL[name]), (name, rec)
        assert re.fullmatch(r"\d{4}-\d\d-\d\d", rec["next_subscription_renewal"])
        assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", rec["purchase_date"])
        assert re.fullmatch(r"\d+\.\d+", rec["subscription_price"])
        if "successful" not in rec:
            assert "status_code" not in rec
        if rec.get("successful") is False:
            assert rec["status_code"] in (401, 403, 404, 408, 503) and rec["error_message"]
        if "rule_id" in rec or "user_id" in rec:
            assert "application_id" in rec
    assert any("successful" not in r for r in records)
    assert any(r.get("successful") is False for r in records)
    assert any(r["deactivated"] for r in records) and any(not r["is_persistent"] for r in records)
    assert any("rule_id" in r for r in records) and any("user_id" in r for r in records)
    assert any(not r["sip_username"].isascii() for r in records)


def test_data_set_is_deterministic(emu):
    first = emu.records()
    emu.admin("mutate", {"insert": 3})
    emu.admin("reset")
    assert emu.records() == first


def _ids(records):
    return [r["sip_registration_id"] for r in records]


def _sample(records, key, n=2):
    values = []
    for rec in records:
        if key in rec and rec[key] not in values:
            values.append(rec[key])
    return values[:n]


def expected(records: list[dict[str, Any]], name: str, value: str) -> list[dict[str, Any]]:
    """An independent reading of each filter."""
    truthy = value.lower() in ("true", "1")
    if name == "sip_registration_id":
        return [r for r in records if r["sip_registration_id"] == int(value)]
    if name == "sip_username":
        return [r for r in records if r["sip_username"] == value]
    if name in ("deactivated", "is_persistent"):
        return [r for r in records if r[name] == truthy]
    if name == "successful":
        return [r for r in records if "successful" in r and r["successful"] == truthy]
    if name == "in_progress":
        return [r for r in records if ("successful" not in r) == truthy]
    if name == "is_bound_to_application":
        return [r for r in records if ("application_id" in r) == truthy]
    if name in ("application_id", "rule_id", "user_id"):
        wanted = [int(v) for v in value.split(";")]
        return [r for r in records if name in r and r[name] in wanted]
    if name in ("application_name", "rule_name", "user_name", "proxy"):
        wanted_names = value.split(";")
        return [r for r in records if name in r and r[name] in wanted_names]
    if name == "status_code":
        out = []
        for rec in records:
            code = rec.get("status_code")
            for item in value.split(";"):
                low, _sep, high = item.partition(":")
                if code is not None and int(low) <= code <= int(high or low):
                    out.append(rec)
                    break
        return out
    raise AssertionError(name)


def filter_cases(records):
    """(name, value) pairs covering every filter with values taken from the data set."""
    cases = [(n, v) for n in ("deactivated", "successful", "is_persistent", "is_bound_to_application", "in_progress")
             for v in ("true", "false")]
    cases += [("successful", "True"), ("in_progress", "FALSE"), ("deactivated", "1"), ("is_persistent", "0")]
    cases.append(("sip_registration_id", str(records[17]["sip_registration_id"])))
    cases.append(("sip_registration_id", "1"))
    non_ascii = next(r["sip_username"] for r in records if not r["sip_username"].isascii())
    cases += [("sip_username", records[3]["sip_username"]), ("sip_username", non_ascii), ("sip_username", "nobody")]
    for name in ("application_id", "rule_id", "user_id"):
        values = _sample(records, name)
        cases += [(name, str(values[0])), (name, ";".join(map(str, values))), (name, "999999999")]
    for name in ("application_name", "rule_name", "user_name", "proxy"):
        values = _sample(records, name)
        cases += [(name, values[0]), (name, ";".join(values))]
    cases += [("status_code", v) for v in ("200", "401;403", "400:499", "200;500:599", "100:199")]
    return cases


def test_every_filter_matches_an_independent_computation(emu):
    records = emu.records()
    emu.admin("config", {"page_cap": 1000})
    for name, value in filter_cases(records):
        want = expected(records, name, value)
        got = emu.api({name: value, "count": 1000})["result"]
        assert _ids(got) == _ids(want), (name, value)
        assert got == want


def test_filters_combine_with_and(emu):
    records = emu.records()
    app = _sample(records, "application_id")[0]
    want = [r for r in records if r.get("application_id") == app and r.get("successful") is True and not r["deactivated"]]
    got = fetch_all(emu, {"application_id": app, "successful": "true", "deactivated": "false"})
    assert got == want


def test_default_count_paging_and_cap(emu):
    records = emu.records()
    doc = emu.api({})
    assert doc["result"] == records[:20] and doc["count"] == 20
    doc = emu.api({"count": 7, "offset": 30})
    assert doc["result"] == records[30:37] and doc["count"] == 7
    doc = emu.api({"count": 1000})
    assert doc["result"] == records[:50] and doc["count"] == 50
    doc = emu.api({"offset": len(records) - 3, "count": 10})
    assert doc["result"] == records[-3:] and doc["count"] == 3
    assert emu.api({"offset": 10_000}) == {"result": [], "count": 0}


def test_count_means_total_and_config(emu):
    records = emu.records()
    assert emu.admin("config", {"count_means": "total", "page_cap": 10, "default_count": 5}).status_code == 200
    doc = emu.api({})
    assert len(doc["result"]) == 5 and doc["count"] == len(records)
    doc = emu.api({"count": 100, "successful": "false"})
    failing = [r for r in records if r.get("successful") is False]
    assert doc["result"] == failing[:10] and doc["count"] == len(failing)
    assert emu.admin("config", {"count_means": "sometimes"}).status_code == 400
    assert emu.admin("config", {"bogus": 1}).status_code == 400
    emu.admin("reset")
    assert emu.http.get(f"{emu.admin_url}/config", timeout=5).json()["page_cap"] == 50


@pytest.mark.parametrize("params, code", [
    ({"application_id": "1", "application_name": "x"}, 458),
    ({"rule_id": "1", "rule_name": "x"}, 458),
    ({"user_id": "1", "user_name": "x"}, 458),
    ({"application_id": "abc"}, 116),
    ({"application_id": "1;x"}, 116),
    ({"user_id": "1;;2"}, 117),
    ({"rule_id": "-3"}, 147),
    ({"deactivated": "yes"}, 496),
    ({"successful": ""}, 496),
    ({"in_progress": "2"}, 496),
    ({"sip_registration_id": "x"}, 496),
    ({"status_code": "abc"}, 496),
    ({"status_code": "200;"}, 496),
    ({"status_code": "499:400"}, 496),
    ({"status_code": "200:300:400"}, 496),
    ({"count": "0"}, 496),
    ({"count": "-5"}, 496),
    ({"count": "1.5"}, 496),
    ({"offset": "-1"}, 496),
    ({"offset": "ten"}, 496),
    ({"proxy": ";"}, 496),
])
def test_validation_errors(emu, params, code):
    doc = emu.api(params)
    assert doc["error"]["code"] == code
    if code == 496:
        assert doc["error"]["msg"].startswith("Invalid parameter value: ")


def test_unknown_command_and_missing_cmd(emu):
    assert emu.error_code({}, method="GetSipRegistrationz") == 103
    response = emu.http.post(emu.url, data={}, headers={"Authorization": f"Bearer {emu.token()}"}, timeout=5)
    assert response.json()["error"]["code"] == 102
    response = emu.http.post(emu.url, data={"cmd": "GetAccountInfo"}, headers={"Authorization": f"Bearer {emu.token()}"}, timeout=5)
    assert response.json()["error"]["code"] == 103


def test_sdk_style_cmd_form_field(emu):
    response = emu.http.post(emu.url, data={"cmd": "GetSipRegistrations", "count": 4},
                             headers={"Authorization": f"Bearer {emu.token()}"}, timeout=5)
    assert response.status_code == 200
    assert response.json()["result"] == emu.records()[:4]


def test_multipart_body(emu):
    records = emu.records()
    name = next(r["sip_username"] for r in records if not r["sip_username"].isascii())
    files = {"cmd": (None, "GetSipRegistrations"), "sip_username": (None, name), "count": (None, "50")}
    response = emu.http.post(emu.url, files=files, headers={"Authorization": f"Bearer {emu.token()}"}, timeout=5)
    assert response.json()["result"] == [r for r in records if r["sip_username"] == name]
    response = emu.http.post(f"{emu.url}/GetSipRegistrations", files={"is_persistent": (None, "false")},
                             headers={"Authorization": f"Bearer {emu.token()}"}, timeout=5)
    assert response.json()["result"] == [r for r in records if not r["is_persistent"]][:20]


def test_get_with_query_string(emu):
    records = emu.records()
    response = emu.http.get(f"{emu.url}/GetSipRegistrations", params={"count": 3, "offset": 2},
                            headers={"Authorization": f"Bearer {emu.token()}"}, timeout=5)
    assert response.json()["result"] == records[2:5]


def test_non_ascii_round_trip_and_http11_keepalive(emu):
    records = emu.records()
    name = next(r["sip_username"] for r in records if not r["sip_username"].isascii())
    response = emu.call({"sip_username": name})
    assert response.raw.version == 11
    assert response.headers["Content-Length"] == str(len(response.content))
    assert "utf-8" in response.headers["Content-Type"]
    assert all(r["sip_username"] == name for r in response.json()["result"])


def test_unknown_path_is_http_404(emu):
    response = emu.http.post(emu.url.replace("/platform_api", "/elsewhere"), data={}, timeout=5)
    assert response.status_code == 404
