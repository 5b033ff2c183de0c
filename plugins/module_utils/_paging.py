# -*- coding: utf-8 -*-
# Copyright (c) 2026, voximplant.management contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Complete listings over count/offset pages. PRIVATE: not a public API of the collection.

The API does not say whether the response's `count` is the page length or the number of matches,
nor the largest page it serves. So a listing is complete only when a page requested exactly where
the data ended comes back empty (or when the user's `count` is reached). The response `count` is
used as a planning hint only: when it exceeds the page length it must be a total, which tells where the
confirming page is; pages are fetched `concurrency` at a time whatever it says, so a server claiming
10**12 records costs no memory and a lying count no more requests than the real data (an empty page at
the frontier ends the listing). `max_records` bounds what a listing may hold: a server serving new
records forever fails the listing instead of filling the memory.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Callable, Dict, List, Optional

from ansible_collections.voximplant.management.plugins.module_utils._errors import VoximplantIncompleteError

RECORD_KEY = "sip_registration_id"
# Registrations arriving mid-listing can make a batch bring only records already seen; a server that
# ignores `offset` does so every time. After this many such batches in a row the listing gives up.
MAX_FRUITLESS_BATCHES = 3
# Pages fetched concurrently are not fetched in offset order: a registration inserted meanwhile shifts
# the later-fetched pages, which can skip records. Any skip also leaves a duplicate in the same pass
# (the first shifted page repeats the end of the page before it), so a pass with duplicates is
# repeated; a pass without any is consistent. After this many passes the listing gives up.
MAX_PASSES = 3


@dataclass(frozen=True)
class Page:
    records: List[Dict[str, Any]]
    reported_count: Optional[int]


# fetch_page(offset, count) -> Page
FetchPage = Callable[[int, int], Page]


@dataclass
class Listing:
    records: List[Dict[str, Any]]
    pages_fetched: int


class _Collector:
    """Records in server order, deduplicated: pages shift when registrations arrive mid-listing."""

    def __init__(self, limit: Optional[int], max_records: Optional[int]) -> None:
        self.limit = limit
        self.max_records = max_records
        self.records: Dict[Any, Dict[str, Any]] = {}
        self.shifted = False  # a record came twice: the data moved under the pages

    def add(self, records: List[Dict[str, Any]]) -> None:
        for record in records:
            if self.full:
                return
            if record[RECORD_KEY] in self.records:
                self.shifted = True
                continue
            if self.max_records is not None and len(self.records) >= self.max_records:
                raise VoximplantIncompleteError(
                    f"GetSipRegistrations: the listing holds more than max_records={self.max_records} registrations, "
                    "the bound on what one listing may hold; set the option max_records higher to list them all, "
                    "or select fewer with filters or count"
                )
            self.records[record[RECORD_KEY]] = record

    @property
    def full(self) -> bool:
        return self.limit is not None and len(self.records) >= self.limit


def list_all(
    fetch_page: FetchPage, *, offset: int, limit: Optional[int], page_size: int, concurrency: int, max_records: Optional[int] = None
) -> Listing:
    """Every record from `offset` (at most `limit`); raises VoximplantIncompleteError past `max_records`."""
    pages_fetched = 0
    for _attempt in range(MAX_PASSES):
        collector, pages = _one_pass(fetch_page, _Collector(limit, max_records), offset=offset, page_size=page_size, concurrency=concurrency)
        pages_fetched += pages
        if not collector.shifted:
            return Listing(records=list(collector.records.values()), pages_fetched=pages_fetched)
    raise VoximplantIncompleteError(
        f"GetSipRegistrations: registrations kept changing while they were listed ({MAX_PASSES} passes): "
        "the listing cannot be proven complete; try again"
    )


def _one_pass(fetch_page: FetchPage, collector: _Collector, *, offset: int, page_size: int, concurrency: int) -> tuple:
    limit = collector.limit
    frontier = offset  # every record before this server offset has been consumed
    stride = page_size  # the page length the server really serves (it may cap silently)
    longest_seen = 0
    total_hint: Optional[int] = None
    window = 1  # the first page alone: it tells whether there is more, and the server's page length
    pages_fetched = 0
    fruitless = 0
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        while not collector.full:
            remaining = None if limit is None else limit - len(collector.records)
            plan = _plan(frontier, stride, total_hint, window, remaining, page_size)
            pages = _fetch_batch(pool, fetch_page, plan)
            pages_fetched += len(pages)
            known = len(collector.records)
            end_seen, new_frontier = _consume(pages, frontier, collector)
            if end_seen or collector.full:
                break
            fruitless = fruitless + 1 if len(collector.records) == known else 0
            if new_frontier <= frontier or fruitless >= MAX_FRUITLESS_BATCHES:
                raise VoximplantIncompleteError(
                    f"GetSipRegistrations returned no new records at offset {frontier}: the listing cannot be proven complete"
                )
            window = 1 if _probably_ended(pages, plan, new_frontier, longest_seen) else concurrency
            longest_seen = max([longest_seen] + [len(page.records) for page in pages.values()])
            frontier, stride = new_frontier, max(1, min(page_size, longest_seen))
            total_hint = _total_hint(pages, total_hint)
    return collector, pages_fetched


def _probably_ended(pages: Dict[int, Page], plan: Dict[int, int], frontier: int, longest_seen: int) -> bool:
    """Whether the last page looks like the end of the data, so one confirming request beats a window.

    It does when it is shorter than asked, and either it is the first page (a short first page is the end or
    the server's cap: the next page tells) or it is shorter than pages seen before.
    """
    for at, page in pages.items():
        length = len(page.records)
        if at + length == frontier and length < plan[at]:
            return longest_seen == 0 or length < longest_seen
    return False


def _plan(frontier: int, stride: int, total_hint: Optional[int], window: int, remaining: Optional[int], page_size: int) -> Dict[int, int]:
    """Offsets to request next, each with the count to ask for: at most `window` pages and a confirming one.

    Never more, whatever `total_hint` claims: the hint only stops the window at the claimed end and adds
    the page that must come back empty there.
    """
    offsets = [frontier + index * stride for index in range(window)]
    if total_hint is not None and total_hint > frontier:
        offsets = [at for at in offsets if at < total_hint]
        if frontier + window * stride >= total_hint:
            offsets.append(total_hint)
    ask = page_size
    if remaining is not None:
        ask = min(page_size, remaining)
        offsets = [at for at in offsets if at < frontier + remaining]
    return {at: ask for at in offsets}


def _fetch_batch(pool: ThreadPoolExecutor, fetch_page: FetchPage, plan: Dict[int, int]) -> Dict[int, Page]:
    if len(plan) == 1:
        ((at, count),) = plan.items()
        return {at: fetch_page(at, count)}
    futures = {at: pool.submit(fetch_page, at, count) for at, count in plan.items()}
    try:
        return {at: future.result() for at, future in futures.items()}
    except BaseException:
        # One failed page fails the listing: do not start the ones still queued.
        for future in futures.values():
            future.cancel()
        raise


def _consume(pages: Dict[int, Page], frontier: int, collector: _Collector) -> tuple:
    """Take pages in offset order while they are contiguous; returns (end proven, new frontier)."""
    for at in sorted(pages):
        if at > frontier:
            break  # a page came back shorter than the stride: refetch from the frontier
        records = pages[at].records
        if not records:
            if at == frontier:
                return True, frontier
            continue
        if at + len(records) <= frontier:
            continue
        collector.add(records[frontier - at:])
        frontier = at + len(records)
    return False, frontier


def _total_hint(pages: Dict[int, Page], previous: Optional[int]) -> Optional[int]:
    """A reported count larger than its page can only be the number of matches."""
    hint = previous
    for page in pages.values():
        count = page.reported_count
        if isinstance(count, int) and count > len(page.records):
            hint = count
    return hint
