"""Checks the output of no_traceback.yml run at -vvv with ANSIBLE_DISPLAY_TRACEBACK=error (test helper).

ansible-core 2.19 prints a traceback for every failure when asked to, handled or not. A handled
failure's traceback ends in one of the collection's own errors (or in Ansible's wrapper of it); a crash
ends in anything else (ValueError, UnicodeEncodeError, a requests error...). Every traceback printed
must be of the first kind, and every case must have failed.

ansible-core 2.16 prints the traceback of a module failure at -vvv ("The full traceback is:"): for a
failure the module handled (fail_json inside the except block) only the frames, without the
"Traceback (most recent call last):" header and the exception line, so the last frame's source line, the
`raise` of one of the collection's errors, is what it ends in; a crash there is a full traceback.

Usage: check_tracebacks.py LOG EXPECTED_FAILURES
"""

from __future__ import annotations

import re
import sys

OURS = re.compile(r"^ansible_collections\.voximplant\.management\.plugins\.module_utils\._errors\.Voximplant\w*Error: ")
ANSIBLE = re.compile(r"^(ansible\.[\w.]+|Ansible\w+): ")
# The last frame of a handled failure's frames-only traceback (ansible-core 2.16): the collection raising its own error.
OURS_RAISED = re.compile(r"^raise Voximplant\w*Error\(")


def _indented(lines, start):
    """The indented lines from `start` on (a traceback's frames)."""
    block = []
    for line in lines[start:]:
        if not line.startswith(" "):
            break
        block.append(line)
    return block


def traceback_ends(lines):
    """(kind, line) for each traceback: ("exception", its 'Type: message' line) or ("raised", the raising source line)."""
    for number, line in enumerate(lines):
        if line.startswith("Traceback (most recent call last):"):
            frames = _indented(lines, number + 1)
            after = number + 1 + len(frames)
            yield "exception", lines[after] if after < len(lines) else ""
        elif line == "The full traceback is:" and number + 1 < len(lines) and lines[number + 1].startswith("  File "):
            frames = _indented(lines, number + 1)
            yield "raised", frames[-1].strip()


def main() -> int:
    lines = open(sys.argv[1], encoding="utf-8", errors="replace").read().splitlines()
    expected = int(sys.argv[2])
    problems = []
    ours, foreign = [], []
    for kind, line in traceback_ends(lines):
        if OURS.match(line) if kind == "exception" else OURS_RAISED.match(line):
            ours.append(line)
        elif not (kind == "exception" and ANSIBLE.match(line)):
            foreign.append(line)
    problems += [f"a traceback ends in a foreign exception: {line}" for line in foreign]
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
