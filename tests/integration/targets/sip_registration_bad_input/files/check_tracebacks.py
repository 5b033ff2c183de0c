"""Checks the output of no_traceback.yml run at -vvv with ANSIBLE_DISPLAY_TRACEBACK=error (test helper).

ansible-core 2.19 prints a traceback for every failure when asked to, handled or not. A handled
failure's traceback ends in one of the collection's own errors (or in Ansible's wrapper of it); a crash
ends in anything else (ValueError, UnicodeEncodeError, a requests error...). Every traceback printed
must be of the first kind, and every case must have failed.

Usage: check_tracebacks.py LOG EXPECTED_FAILURES
"""

from __future__ import annotations

import re
import sys

OURS = re.compile(r"^ansible_collections\.voximplant\.management\.plugins\.module_utils\._errors\.Voximplant\w*Error: ")
ANSIBLE = re.compile(r"^(ansible\.[\w.]+|Ansible\w+): ")


def exception_lines(lines):
    """The 'Type: message' line that ends each traceback block."""
    inside = False
    for line in lines:
        if line.startswith("Traceback (most recent call last):"):
            inside = True
            continue
        if inside and line and not line.startswith(" "):
            inside = False
            yield line


def main() -> int:
    lines = open(sys.argv[1], encoding="utf-8", errors="replace").read().splitlines()
    expected = int(sys.argv[2])
    problems = []
    ends = list(exception_lines(lines))
    foreign = [line for line in ends if not (OURS.match(line) or ANSIBLE.match(line))]
    problems += [f"a traceback ends in a foreign exception: {line}" for line in foreign]
    ours = [line for line in ends if OURS.match(line)]
    if len(ours) < expected:
        problems.append(f"expected the tracebacks of {expected} handled module failures, found {len(ours)}")
    failed = sum(1 for line in lines if line.startswith("fatal: [") or line.startswith("failed: ["))
    if failed < expected:
        problems.append(f"expected at least {expected} failed tasks or items, found {failed}")
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
