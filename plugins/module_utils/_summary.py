# -*- coding: utf-8 -*-
# Copyright (c) 2026, voximplant.management contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The summary playbooks assert on, computed from the records. PRIVATE: not a public API of the collection."""

from __future__ import annotations

from collections import Counter
from typing import Any, Dict, List


def summarize(records: List[Dict[str, Any]]) -> Dict[str, Any]:
    status_codes = Counter(str(record["status_code"]) for record in records if record.get("status_code") is not None)
    return {
        "total": len(records),
        "successful": sum(1 for record in records if record.get("successful") is True),
        "unsuccessful": sum(1 for record in records if record.get("successful") is False),
        # The API leaves `successful` out while a registration is still in progress.
        "in_progress": sum(1 for record in records if record.get("successful") is None),
        "deactivated": sum(1 for record in records if record.get("deactivated") is True),
        "persistent": sum(1 for record in records if record.get("is_persistent") is True),
        "bound_to_application": sum(1 for record in records if record.get("application_id") is not None),
        "by_status_code": dict(sorted(status_codes.items())),
    }
