# -*- coding: utf-8 -*-
# Copyright (c) 2026, voximplant.management contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The one entry point both plugins call. PRIVATE: not a public API of the collection.

options -> validated query and settings -> signed, retried, paged HTTP -> normalized records.
Raises only VoximplantError subclasses; never talks to Ansible.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any, Dict, List, Mapping, Optional

from ansible_collections.voximplant.management.plugins.module_utils._auth import build_authenticator
from ansible_collections.voximplant.management.plugins.module_utils._connection import build_settings
from ansible_collections.voximplant.management.plugins.module_utils._errors import VoximplantTransportError
from ansible_collections.voximplant.management.plugins.module_utils._filters import build_query
from ansible_collections.voximplant.management.plugins.module_utils._paging import RECORD_KEY, Page, list_all
from ansible_collections.voximplant.management.plugins.module_utils._summary import summarize
from ansible_collections.voximplant.management.plugins.module_utils._transport import ApiTransport

METHOD = "GetSipRegistrations"


@dataclass
class ListingResult:
    records: List[Dict[str, Any]]
    summary: Dict[str, Any]
    requests_made: int
    pages_fetched: int
    warnings: List[str] = field(default_factory=list)
    # What the listing cost: requests (retries included), pages, retries, seconds (wall clock).
    api_calls: Dict[str, Any] = field(default_factory=dict)


def list_sip_registrations(options: Mapping[str, Any], session: Optional[Any] = None) -> ListingResult:
    """List every registration the options select; validation happens before any request.

    `options` have their credentials resolved (_credentials.resolve_credentials, called by each face).
    """
    query = build_query(options)
    settings, warnings = build_settings(options)
    authenticator = build_authenticator(options)
    started = time.monotonic()
    with ApiTransport(settings, authenticator, session=session) as transport:

        def fetch_page(offset: int, count: int) -> Page:
            params = dict(query.wire_filters, offset=str(offset), count=str(count))
            return _page_from(transport.call(METHOD, params), f"{settings.api_url}/{METHOD}", count)

        listing = list_all(
            fetch_page,
            offset=query.offset,
            limit=query.limit,
            page_size=settings.page_size,
            concurrency=settings.concurrency,
            max_records=settings.max_records,
        )
        requests_made, retries = transport.requests_made, transport.retries
    api_calls = {"requests": requests_made, "pages": listing.pages_fetched, "retries": retries, "seconds": round(time.monotonic() - started, 3)}
    return ListingResult(listing.records, summarize(listing.records), requests_made, listing.pages_fetched, warnings, api_calls)


def _page_from(body: Dict[str, Any], url: str, asked: int) -> Page:
    records = body.get("result")
    if not isinstance(records, list) or not all(isinstance(record, dict) and isinstance(record.get(RECORD_KEY), int) for record in records):
        # Well-formed JSON of the wrong shape is not retried: the attempt that returned it is the only one.
        raise VoximplantTransportError(METHOD, url, "a response without a list of SIP registrations in 'result'", attempts=1)
    if len(records) > asked:
        # `count` is the most a page may hold: a server ignoring it is broken or hostile, and would bypass the window bound.
        raise VoximplantTransportError(METHOD, url, f"a page of {len(records)} SIP registrations when at most {asked} were asked for", attempts=1)
    count = body.get("count")
    return Page(records=records, reported_count=count if isinstance(count, int) and not isinstance(count, bool) else None)
