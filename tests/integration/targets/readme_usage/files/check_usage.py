"""The README's Usage example against the emulator (test helper).

check_usage.py extract README OUT: writes the first yaml code block of the README's "## Usage" section to OUT.
check_usage.py check RESULT_JSON RECORDS_JSON: checks the results (callback_plugins/usage_results.py) of that playbook against the
emulator's data set (GET /__emulator/records): each task selected what its filters say, the assert's fail_msg
names exactly the registrations the assert counts, and the lookup returned registrations.
"""

from __future__ import annotations

import json
import re
import sys
from typing import Any, Dict, List


def extract(readme: str, out: str) -> None:
    with open(readme, encoding="utf-8") as handle:
        text = handle.read()
    usage = text.split("\n## Usage\n", 1)[1]
    match = re.search(r"```yaml\n(.*?)```", usage, re.S)
    if not match:
        sys.exit("no yaml block in the README's Usage section")
    with open(out, "w", encoding="utf-8") as handle:
        handle.write(match.group(1))


def _fail(message: str) -> None:
    print(f"check_usage: FAILED: {message}", file=sys.stderr)
    sys.exit(1)


def check(result_path: str, records_path: str) -> None:
    with open(result_path, encoding="utf-8") as handle:
        result = json.load(handle)
    with open(records_path, encoding="utf-8") as handle:
        records = _records(json.load(handle))
    tasks = result["tasks"]
    stats = result["stats"]["localhost"]
    if stats.get("failures") or stats.get("unreachable"):
        _fail(f"the play failed: {stats}")

    def names(selected):
        return sorted(record["sip_username"] for record in selected)

    failed = tasks["Failed registrations answered with 4xx"]
    expected_failed = [r for r in records if r.get("successful") is False and 400 <= r.get("status_code", 0) <= 499]
    if names(failed["sip_registrations"]) != names(expected_failed) or not expected_failed:
        _fail("the 4xx task did not list the failed 4xx registrations of the data set")

    persistent = [r for r in records if r["is_persistent"]]
    not_registered = names(r for r in persistent if r.get("successful") is False)
    deactivated = names(r for r in persistent if r["deactivated"])
    compliance = tasks["Compliance - every persistent registration is registered and active"]
    if not_registered or deactivated:
        if not compliance.get("failed"):
            _fail("the assert passed although persistent registrations are unregistered or deactivated")
        message = compliance["msg"]
        first, _sep, second = message.partition("; persistent but deactivated: ")
        shown_not_registered = sorted(re.findall(r"'([^']*)'", first))
        shown_deactivated = sorted(re.findall(r"'([^']*)'", second))
        if shown_not_registered != not_registered or shown_deactivated != deactivated:
            _fail(f"fail_msg names other registrations than the assert counts: {message}")
    elif compliance.get("failed"):
        _fail("the assert failed with nothing to report")

    lookup = tasks["The same data through the lookup (module_defaults do not reach lookups, so it takes its own options)"]
    listed = lookup["msg"]
    expected_lookup = [r for r in records if r.get("rule_name") == "inbound" and r.get("successful") is False]
    if not expected_lookup or names(listed) != names(expected_lookup):
        _fail(f"the lookup returned {len(listed)} registrations, the data set has {len(expected_lookup)} that match")
    print(f"check_usage: passed ({len(expected_failed)} failed 4xx, {len(not_registered)} + {len(deactivated)} offenders, "
          f"{len(listed)} from the lookup)")


def _records(document: Any) -> List[Dict[str, Any]]:
    """The admin endpoint answers the account's records as a list."""
    if not isinstance(document, list):
        _fail("the emulator's records are not a list")
    return document


if __name__ == "__main__":
    if sys.argv[1] == "extract":
        extract(sys.argv[2], sys.argv[3])
    else:
        check(sys.argv[2], sys.argv[3])
