# -*- coding: utf-8 -*-
# Copyright (c) 2026, voximplant.management contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""_paging.list_all over an in-memory server: completeness, windows, caps, shifting data, request counts."""

from __future__ import annotations

import math
import threading

import pytest

from ansible_collections.voximplant.management.plugins.module_utils._errors import VoximplantError, VoximplantIncompleteError
from ansible_collections.voximplant.management.plugins.module_utils._paging import Page, list_all

try:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st
except ImportError:  # pragma: no cover
    given = None

PAGE_SIZE = 10


class Server:
    """records[offset:offset+min(count, cap)]; `count` in the answer is the page length, the total, or absent."""

    def __init__(self, n, cap=None, semantics="page", first_id=1):
        self.records = [{"sip_registration_id": first_id + i, "sip_username": f"u{first_id + i}"} for i in range(n)]
        self.cap = cap
        self.semantics = semantics
        self.calls = []
        self.lock = threading.Lock()
        self.before_answer = None  # hook(call_number) run under the lock before answering

    def fetch(self, offset, count):
        with self.lock:
            self.calls.append((offset, count))
            if self.before_answer:
                self.before_answer(len(self.calls))
            size = count if self.cap is None else min(count, self.cap)
            page = [dict(record) for record in self.records[offset:offset + size]]
            reported = {"page": len(page), "total": len(self.records), "none": None}[self.semantics]
        return Page(records=page, reported_count=reported)


def _ids(records):
    return [record["sip_registration_id"] for record in records]


def _list(server, offset=0, limit=None, page_size=PAGE_SIZE, concurrency=1):
    return list_all(server.fetch, offset=offset, limit=limit, page_size=page_size, concurrency=concurrency)


SIZES = [0, 1, PAGE_SIZE - 1, PAGE_SIZE, PAGE_SIZE + 1, 10 * PAGE_SIZE + 3]


@pytest.mark.parametrize("semantics", ["page", "total", "none"])
@pytest.mark.parametrize("concurrency", [1, 4])
@pytest.mark.parametrize("n", SIZES)
def test_complete_listing(n, concurrency, semantics):
    server = Server(n, semantics=semantics)
    listing = _list(server, concurrency=concurrency)
    assert _ids(listing.records) == _ids(server.records)
    assert listing.records == server.records
    assert listing.pages_fetched == len(server.calls)
    assert all(count <= PAGE_SIZE for _offset, count in server.calls)


@pytest.mark.parametrize("semantics", ["page", "total"])
@pytest.mark.parametrize("concurrency", [1, 4])
@pytest.mark.parametrize("cap", [1, 3, 7])
@pytest.mark.parametrize("n", [0, 5, 21, 64])
def test_server_silently_caps_pages(n, cap, concurrency, semantics):
    server = Server(n, cap=cap, semantics=semantics)
    listing = _list(server, concurrency=concurrency)
    assert _ids(listing.records) == _ids(server.records)


@pytest.mark.parametrize("semantics", ["page", "total"])
@pytest.mark.parametrize("concurrency", [1, 4])
@pytest.mark.parametrize("offset,limit", [(0, 3), (0, PAGE_SIZE), (5, 3), (5, 12), (7, 1000), (0, 1000), (38, 5),
                                          (40, None), (55, None), (13, None), (0, 1)])
def test_offset_and_limit_windows(offset, limit, concurrency, semantics):
    server = Server(43, semantics=semantics)
    listing = _list(server, offset=offset, limit=limit, concurrency=concurrency)
    end = None if limit is None else offset + limit
    assert _ids(listing.records) == _ids(server.records[offset:end])


@pytest.mark.parametrize("concurrency", [1, 4])
def test_limit_smaller_than_a_page_asks_no_more_than_needed(concurrency):
    server = Server(100)
    listing = _list(server, limit=3, concurrency=concurrency)
    assert len(listing.records) == 3
    assert server.calls == [(0, 3)]


@pytest.mark.parametrize("concurrency", [1, 4])
@pytest.mark.parametrize("inserted", [1, 3, PAGE_SIZE - 1])
def test_records_inserted_before_the_offset_mid_listing(concurrency, inserted):
    n = 5 * PAGE_SIZE + 4
    server = Server(n, first_id=1000)
    originals = _ids(server.records)
    next_id = [1]

    def insert_at_front(call_number):
        if call_number in (2, 4):
            for _index in range(inserted):
                server.records.insert(0, {"sip_registration_id": next_id[0], "sip_username": "new"})
                next_id[0] += 1

    server.before_answer = insert_at_front
    ids = _ids(_list(server, concurrency=concurrency).records)
    assert len(ids) == len(set(ids)), "duplicates"
    assert set(originals) <= set(ids), "an original record is missing"
    assert [i for i in ids if i >= 1000] == originals  # server order kept


@pytest.mark.parametrize("concurrency", [1, 4])
def test_many_records_inserted_mid_listing_never_give_a_wrong_list(concurrency):
    n = 5 * PAGE_SIZE + 4
    server = Server(n, first_id=1000)
    originals = _ids(server.records)
    next_id = [1]

    def insert_at_front(call_number):
        if call_number == 2:
            for _index in range(3 * PAGE_SIZE):
                server.records.insert(0, {"sip_registration_id": next_id[0]})
                next_id[0] += 1

    server.before_answer = insert_at_front
    try:
        ids = _ids(_list(server, concurrency=concurrency).records)
    except VoximplantIncompleteError:
        return  # refusing is acceptable: no partial list
    assert len(ids) == len(set(ids)) and set(originals) <= set(ids)


@pytest.mark.parametrize("concurrency", [1, 4])
def test_a_failing_page_fails_the_listing(concurrency):
    server = Server(10 * PAGE_SIZE + 3)
    original = server.fetch

    class Boom(VoximplantError):
        pass

    def fetch(offset, count):
        if offset >= 3 * PAGE_SIZE:
            raise Boom("page failed")
        return original(offset, count)

    result = []
    with pytest.raises(Boom):
        result.append(list_all(fetch, offset=0, limit=None, page_size=PAGE_SIZE, concurrency=concurrency))
    assert result == []


def test_a_server_ignoring_offset_is_not_listed_forever():
    server = Server(3 * PAGE_SIZE)

    def fetch(_offset, count):
        if len(server.calls) > 200:
            raise AssertionError("still paging after 200 requests")
        return server.fetch(0, count)

    with pytest.raises(VoximplantIncompleteError):
        list_all(fetch, offset=0, limit=None, page_size=PAGE_SIZE, concurrency=2)


# --- request counts -----------------------------------------------------------------------------


def _requests(n, cap, semantics, concurrency, page_size=PAGE_SIZE):
    server = Server(n, cap=cap, semantics=semantics)
    listing = _list(server, page_size=page_size, concurrency=concurrency)
    assert _ids(listing.records) == _ids(server.records)
    return len(server.calls)


CAPS = [None, 3, 7]


def _served(cap, page_size=PAGE_SIZE):
    return page_size if cap is None else min(cap, page_size)


@pytest.mark.parametrize("semantics", ["page", "total", "none"])
@pytest.mark.parametrize("cap", CAPS)
@pytest.mark.parametrize("n", SIZES + [2 * PAGE_SIZE, 3 * PAGE_SIZE + 1])
def test_sequential_requests_are_exactly_the_pages_plus_the_empty_one(n, cap, semantics):
    # every page holds `served` records; the listing ends on one empty page at offset n
    assert _requests(n, cap, semantics, 1) == math.ceil(n / _served(cap)) + 1


@pytest.mark.parametrize("concurrency", [2, 5])
@pytest.mark.parametrize("cap", CAPS)
@pytest.mark.parametrize("n", SIZES + [2 * PAGE_SIZE, 3 * PAGE_SIZE + 1, 4 * PAGE_SIZE + 1])
def test_concurrent_requests_bound_with_page_length_counts(n, cap, concurrency):
    assert _requests(n, cap, "page", concurrency) <= math.ceil(n / _served(cap)) + 1 + concurrency


def _total_cases():
    for n in SIZES + [2 * PAGE_SIZE, 3 * PAGE_SIZE + 1, 4 * PAGE_SIZE + 1]:
        for cap in CAPS:
            for concurrency in (2, 5):
                yield pytest.param(n, cap, concurrency, id=f"{n}-{cap}-{concurrency}")


@pytest.mark.parametrize("n,cap,concurrency", list(_total_cases()))
def test_concurrent_requests_bound_with_total_counts(n, cap, concurrency):
    requests = _requests(n, cap, "total", concurrency)
    if n == _served(cap):
        # Exactly one full page: its count equals its length, which reads as a page length as well as a
        # total, so nothing tells the pager there is no more: it must look, with one window.
        assert requests <= 1 + concurrency
    else:
        assert requests <= math.ceil(n / _served(cap)) + 1


@pytest.mark.parametrize("concurrency", [1, 4])
@pytest.mark.parametrize("limit", [1, 9, 10, 11, 35])
def test_requests_with_a_reached_limit(limit, concurrency):
    # the limit is reached: no empty page is needed to prove the end
    server = Server(100)
    listing = _list(server, limit=limit, concurrency=concurrency)
    assert len(listing.records) == limit
    assert len(server.calls) == math.ceil(limit / PAGE_SIZE)
    assert sum(count for _offset, count in server.calls) <= limit + PAGE_SIZE


# --- property -----------------------------------------------------------------------------------

if given is not None:

    @settings(max_examples=120, deadline=None, database=None, derandomize=True,
              suppress_health_check=[HealthCheck.too_slow])
    @given(
        n=st.integers(0, 80),
        cap=st.one_of(st.none(), st.integers(1, 15)),
        page_size=st.integers(1, 20),
        concurrency=st.integers(1, 5),
        offset=st.one_of(st.just(0), st.integers(0, 90)),
        limit=st.one_of(st.none(), st.integers(1, 90)),
        semantics=st.sampled_from(["page", "total", "none"]),
    )
    def test_property_listing_is_the_window(n, cap, page_size, concurrency, offset, limit, semantics):
        server = Server(n, cap=cap, semantics=semantics)
        listing = list_all(server.fetch, offset=offset, limit=limit, page_size=page_size, concurrency=concurrency)
        end = None if limit is None else offset + limit
        assert listing.records == server.records[offset:end]
        assert listing.pages_fetched == len(server.calls)
        assert all(0 < count <= page_size for _at, count in server.calls)
        if offset == 0 and limit is None:
            served = page_size if cap is None else min(cap, page_size)
            pages = math.ceil(n / served)
            if concurrency == 1:
                assert len(server.calls) == pages + 1
            elif semantics != "total":
                assert len(server.calls) <= pages + 1 + concurrency
            elif n != served:  # n == served: the known inefficiency, see AMBIGUOUS_FULL_FIRST_PAGE
                assert len(server.calls) <= pages + 1


# --- bounds: whatever the server claims, the planner holds one window and the listing max_records ---


class LyingServer(Server):
    """Serves its real records but claims `claimed` of them in every answer's count."""

    def __init__(self, n, claimed, cap=None):
        super().__init__(n, cap=cap)
        self.claimed = claimed

    def fetch(self, offset, count):
        page = super().fetch(offset, count)
        return Page(records=page.records, reported_count=self.claimed)


@pytest.mark.parametrize("concurrency", [1, 4, 16])
def test_a_claimed_count_of_a_trillion_plans_one_window(concurrency, monkeypatch):
    from ansible_collections.voximplant.management.plugins.module_utils import _paging

    planned = []
    original = _paging._plan

    def recording_plan(*args, **kwargs):
        plan = original(*args, **kwargs)
        planned.append(len(plan))
        return plan

    monkeypatch.setattr(_paging, "_plan", recording_plan)
    server = LyingServer(5 * PAGE_SIZE + 3, claimed=10**12)
    listing = list_all(server.fetch, offset=0, limit=None, page_size=PAGE_SIZE, concurrency=concurrency)
    assert _ids(listing.records) == _ids(server.records)
    assert max(planned) <= concurrency + 1
    assert len(server.calls) <= math.ceil(len(server.records) / PAGE_SIZE) + 1 + concurrency


@pytest.mark.parametrize("concurrency", [1, 4])
def test_a_lying_count_costs_requests_for_the_real_records_only(concurrency):
    server = LyingServer(30, claimed=200000)
    listing = list_all(server.fetch, offset=0, limit=None, page_size=1000, concurrency=concurrency)
    assert _ids(listing.records) == list(range(1, 31))
    # The 30 records, then the empty page at offset 30 that proves the end.
    assert server.calls == [(0, 1000), (30, 1000)]


def test_a_lying_count_with_full_pages_ends_at_the_first_empty_page():
    server = LyingServer(25, claimed=200000)
    listing = list_all(server.fetch, offset=0, limit=None, page_size=PAGE_SIZE, concurrency=4)
    assert _ids(listing.records) == list(range(1, 26))
    assert len(server.calls) <= 3 + 1 + 4


def test_endless_new_records_are_stopped_by_max_records():
    calls = []

    def endless(offset, count):
        calls.append(offset)
        if len(calls) > 1000:
            raise AssertionError("still paging after 1000 requests")
        return Page(records=[{"sip_registration_id": offset + i + 1} for i in range(count)], reported_count=count)

    with pytest.raises(VoximplantIncompleteError) as failure:
        list_all(endless, offset=0, limit=None, page_size=PAGE_SIZE, concurrency=4, max_records=95)
    assert "max_records=95" in str(failure.value) and "set the option max_records higher" in str(failure.value)
    # One window past the bound at most: the bound stops the listing, not the server.
    assert len(calls) <= math.ceil(95 / PAGE_SIZE) + 1 + 4


@pytest.mark.parametrize("concurrency", [1, 3])
def test_exactly_max_records_is_a_complete_listing(concurrency):
    server = Server(4 * PAGE_SIZE)
    listing = list_all(server.fetch, offset=0, limit=None, page_size=PAGE_SIZE, concurrency=concurrency, max_records=4 * PAGE_SIZE)
    assert _ids(listing.records) == _ids(server.records)


def test_one_record_over_max_records_fails_without_a_partial_list():
    server = Server(4 * PAGE_SIZE + 1)
    result = []
    with pytest.raises(VoximplantIncompleteError, match="max_records=40"):
        result.append(list_all(server.fetch, offset=0, limit=None, page_size=PAGE_SIZE, concurrency=2, max_records=4 * PAGE_SIZE))
    assert result == []


@pytest.mark.parametrize("limit,max_records", [(15, 15), (15, 100), (15, 20)])
def test_a_count_within_max_records_never_reaches_the_bound(limit, max_records):
    server = Server(10 * PAGE_SIZE)
    listing = list_all(server.fetch, offset=0, limit=limit, page_size=PAGE_SIZE, concurrency=2, max_records=max_records)
    assert _ids(listing.records) == list(range(1, limit + 1))


def test_a_count_above_max_records_fails_only_when_more_records_match():
    small = Server(12)
    assert len(list_all(small.fetch, offset=0, limit=500, page_size=PAGE_SIZE, concurrency=2, max_records=20).records) == 12
    large = Server(50)
    with pytest.raises(VoximplantIncompleteError, match="max_records=20"):
        list_all(large.fetch, offset=0, limit=500, page_size=PAGE_SIZE, concurrency=2, max_records=20)
