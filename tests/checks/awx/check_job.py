"""Check an ansible-runner job that ran the audit (test helper).

Usage: check_job.py PRIVATE_DATA_DIR IDENT REPORT_DIR EMULATOR_STATS_JSON CREDENTIALS_JSON EXPECTED_RECORDS

Passes when the job's status is successful with rc 0, its events show the audit action succeeded and
wrote the reports, the reports exist and count the emulator's records, the emulator was called with a signed
service-account token, and no secret (a line of the private key, a JWT the emulator received) appears in any
artifact, event or report.
"""

from __future__ import annotations

import glob
import json
import os
import sys
from typing import List


def _fail(message: str) -> None:
    print(f"check_job: FAILED: {message}", file=sys.stderr)
    sys.exit(1)


def _read(path: str) -> str:
    with open(path, encoding="utf-8", errors="replace") as handle:
        return handle.read()


def main() -> None:
    private_data_dir, ident, report_dir, stats_path, credentials_path, expected = sys.argv[1:7]
    artifacts = os.path.join(private_data_dir, "artifacts", ident)
    status = _read(os.path.join(artifacts, "status")).strip()
    rc = _read(os.path.join(artifacts, "rc")).strip()
    if status != "successful" or rc != "0":
        _fail(f"job status {status!r}, rc {rc!r}")

    events = [json.loads(_read(path)) for path in sorted(glob.glob(os.path.join(artifacts, "job_events", "*.json")))]
    if not events:
        _fail("no job events")
    stats = [event for event in events if event.get("event") == "playbook_on_stats"]
    if len(stats) != 1 or stats[0]["event_data"].get("failures") or stats[0]["event_data"].get("dark"):
        _fail(f"the play's stats show failures: {stats}")
    # The audit lists inside its action (the records never become an event): the action must have succeeded.
    ok_actions = [event["event_data"].get("task_action", "") for event in events if event.get("event") == "runner_on_ok"]
    if not any(action.endswith("sip_registration_audit_evaluate") for action in ok_actions):
        _fail(f"no successful audit task among the actions {ok_actions}")

    reports = {suffix: os.path.join(report_dir, "sip_registration_audit" + suffix) for suffix in (".md", ".html", ".junit.xml", ".json")}
    for suffix, path in reports.items():
        if not os.path.isfile(path) or os.path.getsize(path) == 0:
            _fail(f"report {path} was not written")
    result = json.loads(_read(reports[".json"]))
    total = result.get("summary", {}).get("total")
    if total != int(expected):
        _fail(f"the JSON report counts {total} registrations, the emulator holds {expected}")

    emulator = json.loads(_read(stats_path))
    if not emulator["requests"] or {request["auth"] for request in emulator["requests"]} != {"jwt"}:
        _fail(f"the emulator was not called with the service-account key: {[r['auth'] for r in emulator['requests']]}")

    key = json.loads(_read(credentials_path))
    secrets: List[str] = [line for line in key["private_key"].splitlines() if len(line) >= 16 and "-----" not in line]
    secrets += emulator["secrets_seen"]
    if len(secrets) < 2:
        _fail("found no secrets to look for")
    scanned = [path for path in glob.glob(os.path.join(artifacts, "**"), recursive=True) if os.path.isfile(path)]
    scanned += list(reports.values())
    for path in scanned:
        text = _read(path)
        for secret in secrets:
            if secret in text:
                _fail(f"a secret appears in {path}")
    print(f"check_job: passed ({len(events)} events, {len(scanned)} files scanned for {len(secrets)} secrets)")


if __name__ == "__main__":
    main()
