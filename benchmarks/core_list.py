# -*- coding: utf-8 -*-
# Copyright (c) 2026, voximplant.management contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The collection's core listing in-process, without Ansible: isolates the network part.

Run with the Ansible venv's python:  python core_list.py COLLECTIONS_DIR OPTIONS_JSON
(COLLECTIONS_DIR holds ansible_collections/voximplant/management). Prints one JSON line.
"""

import json
import sys
import time


def main() -> None:
    sys.path.insert(0, sys.argv[1])
    options = json.loads(sys.argv[2])
    started = time.perf_counter()
    from ansible_collections.voximplant.management.plugins.module_utils._listing import list_sip_registrations

    imported = time.perf_counter()
    result = list_sip_registrations(options)
    listed = time.perf_counter()
    print(json.dumps({"records": len(result.records), "requests_made": result.requests_made, "pages": result.pages_fetched,
                      "import_seconds": imported - started, "listing_seconds": listed - imported}))


if __name__ == "__main__":
    main()
