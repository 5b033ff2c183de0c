# -*- coding: utf-8 -*-
# Copyright (c) 2026, voximplant.management contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Action face of the audit engine (docs: plugins/modules/sip_registration_audit_evaluate.py).

Validates the audit configuration, lists the registrations by running the module once (or takes the given
ones), evaluates them with the core engine, and returns the evaluation. The records stay inside this
worker: they are never templated, copied into facts or sent back to the controller's main process.
"""

from __future__ import annotations

import datetime
import os
import time
from typing import Any, Dict, List, Mapping, Optional, Tuple

from ansible.plugins.action import ActionBase

from ansible_collections.voximplant.management.plugins.module_utils._audit import evaluate, parse_audit_config, stale_waiver_warnings
from ansible_collections.voximplant.management.plugins.module_utils._audit_accounts import evaluate_accounts, list_accounts, parse_accounts
from ansible_collections.voximplant.management.plugins.module_utils._audit_drift import Baseline, BaselineUnreadable, read_baseline
from ansible_collections.voximplant.management.plugins.module_utils._audit_metrics import prometheus_text
from ansible_collections.voximplant.management.plugins.module_utils._audit_waivers import to_date
from ansible_collections.voximplant.management.plugins.module_utils._connection import CONNECTION_OPTION_NAMES
from ansible_collections.voximplant.management.plugins.module_utils._errors import VoximplantError, VoximplantValidationError
from ansible_collections.voximplant.management.plugins.module_utils._coerce import to_bool
from ansible_collections.voximplant.management.plugins.plugin_utils._audit_reports import FORMATS, json_report, report_paths, write_report
from ansible_collections.voximplant.management.plugins.plugin_utils._compat import trust_as_template

MODULE = "voximplant.management.sip_registration_info"
OWN_OPTIONS = ("filters", "registrations", "checks", "custom_checks", "waivers", "max_offenders", "today", "option_prefix",
               "report_dir", "report_basename", "report_formats", "baseline", "baseline_missing_ok", "accounts",
               "prometheus_path", "prometheus_mode")
# The variable the role's templates read the result from.
TEMPLATE_VARIABLE = "__sip_registration_audit_r"


class ActionModule(ActionBase):
    TRANSFERS_FILES = False
    _requires_connection = False

    def run(self, tmp: Any = None, task_vars: Any = None) -> Dict[str, Any]:
        result = super().run(tmp, task_vars)
        result["changed"] = False
        args = dict(self._task.args)
        unknown = sorted(key for key in args if key not in OWN_OPTIONS and key not in CONNECTION_OPTION_NAMES)
        if unknown:
            return dict(result, failed=True, msg=f"Unsupported parameters: {', '.join(unknown)}")
        prefix = str(args.get("option_prefix") or "")
        try:
            config = parse_audit_config(args.get("checks"), args.get("custom_checks"), args.get("waivers"),
                                        args.get("max_offenders", 20), prefix=prefix)
            records = _given_records(args.get("registrations"), f"{prefix}registrations")
            filters = _filters(args.get("filters"), f"{prefix}filters")
            today = to_date(f"{prefix}today", args["today"]) if args.get("today") is not None else None
            mode = _file_mode(args.get("prometheus_mode") or "0644", f"{prefix}prometheus_mode")
            baseline, baseline_skip_reason = _baseline(args.get("baseline"), args.get("baseline_missing_ok", False), prefix)
            accounts = None
            if args.get("accounts") is not None:
                if records is not None:
                    raise VoximplantValidationError(f"{prefix}accounts", f"cannot be combined with {prefix}registrations")
                connection = {key: args[key] for key in CONNECTION_OPTION_NAMES if args.get(key) is not None}
                # The accounts are listed here, in the controller's worker: its environment supplies missing credentials.
                accounts = parse_accounts(f"{prefix}accounts", args["accounts"], connection, filters, os.environ)
        except VoximplantError as error:
            return dict(result, failed=True, msg=str(error), **error.details())

        started = time.monotonic()
        warnings: List[str] = []
        labelled = None
        if accounts is not None:
            try:
                listed, listing_warnings = list_accounts(accounts)
            except VoximplantError as error:
                return dict(result, failed=True, msg=str(error))
            labelled = [(account.label, records) for account, records in zip(accounts, listed)]
            warnings += listing_warnings
            source = "accounts"
        elif records is None:
            module_args = {key: args[key] for key in CONNECTION_OPTION_NAMES if args.get(key) is not None}
            module_args.update(filters)
            listing = self._execute_module(module_name=MODULE, module_args=module_args, task_vars=task_vars)
            if listing.get("failed"):
                # The module's own message (it never contains a secret) and structured facts.
                return dict(result, **{key: value for key, value in listing.items() if key not in ("invocation", "sip_registrations")})
            records = listing.get("sip_registrations") or []
            warnings += listing.get("warnings") or []
            source = "api"
        else:
            filters = {}
            source = f"{prefix}registrations"  # the option the records came from
        duration = time.monotonic() - started

        if labelled is not None:
            evaluation = evaluate_accounts(labelled, config, today, baseline, baseline_skip_reason)
        else:
            evaluation = evaluate(records, config, today, baseline, baseline_skip_reason)
        warnings += [f"Audit check {entry['name']} (severity warning): {entry['message']}"
                     for entry in evaluation["checks"] if entry["status"] == "warning"]
        warnings += stale_waiver_warnings(evaluation)
        formats = args.get("report_formats") or []
        unknown_formats = [name for name in formats if name not in FORMATS]
        if unknown_formats:
            return dict(result, failed=True, msg=f"{prefix}report_formats: unknown {', '.join(map(str, unknown_formats))}; use {', '.join(FORMATS)}")
        paths = report_paths(str(args.get("report_dir") or "."), str(args.get("report_basename") or "sip_registration_audit"), formats,
                             {"prometheus": args.get("prometheus_path")})
        lines = evaluation.pop("lines")
        snapshot = evaluation.pop("snapshot")  # in the JSON report only: see _audit_reports.FORMATS
        now = datetime.datetime.now(datetime.timezone.utc)
        audit = dict(evaluation, filters=filters, source=source, generated=now.strftime("%Y-%m-%dT%H:%M:%SZ"),
                     duration=round(duration, 3), reports=paths, lines=lines)
        if not self._task.check_mode:
            for name, path in paths.items():
                if name == "prometheus":
                    written = write_report(path, prometheus_text(audit, now.timestamp()), mode)
                elif name == "json":
                    written = write_report(path, json_report(audit, snapshot))
                else:
                    written = write_report(path, self._render(FORMATS[name][1], audit, task_vars))
                result["changed"] = written or result["changed"]
        result["audit"] = audit
        if warnings:
            result["warnings"] = warnings
        return result

    def _render(self, template: str, audit: Dict[str, Any], task_vars: Any) -> str:
        """One of the role's templates, found and rendered the way ansible.builtin.template does, on the controller."""
        source = self._find_needle("templates", template)
        text = trust_as_template(self._loader.get_text_file_contents(source))
        templar = self._templar.copy_with_new_env(available_variables=dict(task_vars or {}, **{TEMPLATE_VARIABLE: audit}))
        return templar.template(text, escape_backslashes=False)


def _baseline(path: Any, missing_ok: Any, prefix: str) -> Tuple[Optional[Baseline], str]:
    """The baseline report, read before any request; (None, why) when none is given or a missing one is allowed."""
    if path in (None, ""):
        return None, ""
    option = f"{prefix}baseline"
    try:
        return read_baseline(os.path.expanduser(str(path)), option), ""
    except BaselineUnreadable as error:
        if not to_bool(f"{prefix}baseline_missing_ok", missing_ok):
            raise
        return None, f"no baseline: {error.problem} ({prefix}baseline_missing_ok)"


def _file_mode(value: Any, option: str) -> int:
    """An octal file mode such as '0644'; the metrics file must stay readable by the collector, never writable by others."""
    text = str(value).strip()
    if not text.isdigit() or any(digit > "7" for digit in text) or int(text, 8) > 0o777 or int(text, 8) & 0o002:
        raise VoximplantValidationError(option, f"expected an octal file mode such as '0644' (not writable by others), got {value!r}")
    return int(text, 8)


def _given_records(value: Any, option: str) -> Any:
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(item, Mapping) for item in value):
        raise VoximplantValidationError(option, "expected a list of registration dicts (the API's field names)")
    return value


def _filters(value: Any, option: str) -> Dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise VoximplantValidationError(option, "expected a dict of the module's filters")
    return {key: item for key, item in value.items() if item is not None}
