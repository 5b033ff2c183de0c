# -*- coding: utf-8 -*-
# Copyright (c) 2026, voximplant.management contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The registrations by status, for the reports' chart. PRIVATE: not a public API of the collection.

Unlike the summary (_summary.py), each registration counts in exactly one category: deactivated first,
then in progress (no `successful` yet), then successful, then failed by status code.
"""

from __future__ import annotations

from collections import Counter
from typing import Any, Dict, List, Mapping, Sequence

COLORS: Mapping[str, str] = {
    "successful": "#2e7d32",
    "failed": "#c62828",
    "in_progress": "#f9a825",
    "deactivated": "#757575",
}


def status_breakdown(records: Sequence[Mapping[str, Any]]) -> List[Dict[str, Any]]:
    counts: Counter = Counter()
    failed_by_code: Counter = Counter()
    for record in records:
        if record.get("deactivated") is True:
            counts["deactivated"] += 1
        elif record.get("successful") is None:
            counts["in_progress"] += 1
        elif record.get("successful") is True:
            counts["successful"] += 1
        elif record.get("status_code") is None:
            counts["failed_without_code"] += 1
        else:
            failed_by_code[int(record["status_code"])] += 1
    bars = [_bar("successful", "successful", counts["successful"])]
    bars += [_bar("failed", f"failed {code}", failed_by_code[code]) for code in sorted(failed_by_code)]
    if counts["failed_without_code"] or not failed_by_code:
        bars.append(_bar("failed", "failed (no code)" if failed_by_code else "failed", counts["failed_without_code"]))
    bars.append(_bar("in_progress", "in progress", counts["in_progress"]))
    bars.append(_bar("deactivated", "deactivated", counts["deactivated"]))
    return bars


def _bar(category: str, label: str, count: int) -> Dict[str, Any]:
    return {"category": category, "label": label, "count": count, "color": COLORS[category]}
