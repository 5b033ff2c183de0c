# -*- coding: utf-8 -*-
# Copyright (c) 2026, voximplant.management contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""(c) The official Python SDK (voximplant-apiclient) paging GetSipRegistrations sequentially.

Run in the benchmark's SDK venv:  python sdk_list.py CREDENTIALS_FILE HOST:PORT PAGE_SIZE
The SDK always posts to https://{endpoint}/platform_api with cmd=GetSipRegistrations and trusts the
CA bundle named by REQUESTS_CA_BUNDLE. Paging: offset += len(page) until a page comes back empty
(complete whatever the server's page cap). Prints one JSON line: records, pages, import and listing
seconds.
"""

import json
import sys
import time

started = time.perf_counter()
from voximplant.apiclient import VoximplantAPI  # noqa: E402  (the import is timed on purpose)

imported = time.perf_counter()


def main() -> None:
    credentials_file, endpoint, page_size = sys.argv[1], sys.argv[2], int(sys.argv[3])
    begin = time.perf_counter()
    api = VoximplantAPI(credentials_file, endpoint=endpoint)
    records = []
    offset = 0
    pages = 0
    while True:
        response = api.get_sip_registrations(count=page_size, offset=offset)
        pages += 1
        page = response["result"]
        if not page:
            break
        records.extend(page)
        offset += len(page)
    listed = time.perf_counter()
    unique = len({record["sip_registration_id"] for record in records})
    print(json.dumps({"records": len(records), "unique": unique, "pages": pages,
                      "import_seconds": imported - started, "listing_seconds": listed - begin}))


if __name__ == "__main__":
    main()
