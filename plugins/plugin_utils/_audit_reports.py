# -*- coding: utf-8 -*-
# Copyright (c) 2026, voximplant.management contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Where the audit's reports go and how they are written on the controller. PRIVATE: not a public API of the collection.

The action writes the files itself instead of running Ansible's template/copy modules: each module run costs a
worker fork and a Python start, which at 5 files was most of the role's overhead over the listing.
"""

from __future__ import annotations

import json
import os
import tempfile
from typing import Any, Dict, Mapping, Optional, Sequence, Tuple

# Report format -> (file suffix, template of the role that renders it), in report order.
FORMATS: Dict[str, Tuple[str, str]] = {
    "markdown": (".md", "report.md.j2"),
    "html": (".html", "report.html.j2"),
    "junit": (".junit.xml", "junit.xml.j2"),
    # Rendered in Python (no template): the JSON report carries the snapshot of every registration, which the role's
    # fact leaves out (20,000 entries through Ansible's templating cost more than the whole audit).
    "json": (".json", ""),
    # Rendered in Python (_audit_metrics.py): the text format's escaping is not a template's job.
    "prometheus": (".prom", ""),
}


def json_report(audit: Mapping[str, Any], snapshot: Any) -> str:
    """The JSON report: the result (the role's fact) plus `snapshot`, as to_nice_json(indent=2) wrote it."""
    return json.dumps(dict(audit, snapshot=snapshot), indent=2, sort_keys=True, separators=(",", ": ")) + "\n"


def report_paths(directory: str, basename: str, formats: Sequence[str], overrides: Optional[Mapping[str, str]] = None) -> Dict[str, str]:
    """Absolute paths by format (relative directories are taken from the current directory, like realpath);
    `overrides`: a path of its own for a format (the metrics file in the collector's directory)."""
    root = os.path.realpath(os.path.expanduser(directory))
    given = {name: path for name, path in (overrides or {}).items() if path}
    return {name: os.path.realpath(os.path.expanduser(given[name])) if name in given else os.path.join(root, basename + suffix)
            for name, (suffix, _template) in FORMATS.items() if name in formats}


def write_report(path: str, text: str, mode: int = 0o644) -> bool:
    """Write atomically (a private temporary file renamed over the path); False when the content was already there."""
    directory = os.path.dirname(path)
    os.makedirs(directory, mode=0o755, exist_ok=True)
    data = text.encode("utf-8")
    try:
        with open(path, "rb") as existing:
            if existing.read(len(data) + 1) == data:
                return False
    except OSError:
        pass
    descriptor, temporary = tempfile.mkstemp(dir=directory, prefix=".report-", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
        os.chmod(temporary, mode)
        os.replace(temporary, path)  # replaces a symlink at `path` itself, never writes through it
    except BaseException:
        os.unlink(temporary)
        raise
    return True
