# Copyright (c) 2026, voximplant.management contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A change under plugins/ or roles/ comes with a changelog fragment (nox -e changelog-fragments).

The rule (CONTRIBUTING.md): the history since the base is cut into ranges, and every range that changes a
file under plugins/ or roles/ must add a fragment (changelogs/fragments/*.yml or *.yaml, still present).
  * base: the newer of the last release (the last commit that changed changelogs/changelog.yaml) and the
    commit that added this script (older commits were made before the rule existed);
  * ranges, along the first-parent history from the base to HEAD: each merge is one range (the commits it
    brings in); consecutive commits made directly on the branch form one range; the uncommitted changes
    (staged, unstaged, untracked) belong to the range of direct commits at HEAD.

Usage: python changelog_fragments.py [REPOSITORY]      exit 0: every range is covered; 1: some are not; 2: no git history
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass, field

WATCHED = ("plugins/", "roles/")
FRAGMENTS = "changelogs/fragments/"
SELF = "scripts/lib/changelog_fragments.py"
WORKING_TREE = "(uncommitted changes)"


@dataclass
class Range:
    """Commits judged together: what they change and which fragments they add."""

    commits: list[str] = field(default_factory=list)
    changed: set[str] = field(default_factory=set)
    added: set[str] = field(default_factory=set)

    def touches_watched(self) -> bool:
        return any(path.startswith(WATCHED) for path in self.changed)

    def adds_fragment(self, existing: set[str]) -> bool:
        return any(path in existing for path in self.added)


class Git:
    def __init__(self, repo: str) -> None:
        self.repo = repo

    def __call__(self, *args: str) -> str:
        return subprocess.run(["git", "-C", self.repo, *args], check=True, capture_output=True, text=True).stdout

    def lines(self, *args: str) -> list[str]:
        return [line for line in self(*args).splitlines() if line]

    def is_ancestor(self, older: str, newer: str) -> bool:
        return subprocess.run(["git", "-C", self.repo, "merge-base", "--is-ancestor", older, newer], check=False).returncode == 0


def base_commit(git: Git) -> str | None:
    """The newer of the last release commit and the commit that introduced this rule (None: judge all history)."""
    candidates = git.lines("log", "-1", "--format=%H", "--", "changelogs/changelog.yaml")
    candidates += git.lines("log", "--diff-filter=A", "--format=%H", "--", SELF)[-1:]
    base = None
    for commit in candidates:
        if base is None or git.is_ancestor(base, commit):
            base = commit
    return base


def add_changes(git: Git, into: Range, *diff_args: str) -> None:
    for line in git.lines("diff", "--name-status", "--no-renames", *diff_args):
        status, path = line.split("\t", 1)
        into.changed.add(path)
        if status == "A" and path.startswith(FRAGMENTS) and path.endswith((".yml", ".yaml")):
            into.added.add(path)


def ranges_since(git: Git, base: str | None) -> list[Range]:
    """The ranges of the first-parent history base..HEAD, oldest first, plus the working tree."""
    spec = [f"{base}..HEAD"] if base else ["HEAD"]
    ranges: list[Range] = []
    direct: Range | None = None
    for line in reversed(git.lines("rev-list", "--first-parent", "--parents", *spec)):
        commit, *parents = line.split()
        if len(parents) > 1:  # a merge: the commits it brings in
            merged = Range(commits=git.lines("rev-list", f"{parents[0]}..{parents[1]}"))
            add_changes(git, merged, parents[0], commit)
            ranges.append(merged)
            direct = None
            continue
        if direct is None:
            direct = Range()
            ranges.append(direct)
        direct.commits.append(commit)
        add_changes(git, direct, *(parents or [git("hash-object", "-t", "tree", "/dev/null").strip()]), commit)
    if direct is None:
        direct = Range()
        ranges.append(direct)
    direct.commits.append(WORKING_TREE)
    add_changes(git, direct, "HEAD")
    for path in git.lines("ls-files", "--others", "--exclude-standard"):
        direct.changed.add(path)
        if path.startswith(FRAGMENTS) and path.endswith((".yml", ".yaml")):
            direct.added.add(path)
    return ranges


def main(repo: str) -> int:
    git = Git(repo)
    try:
        git("rev-parse", "--verify", "HEAD")
    except (OSError, subprocess.CalledProcessError):
        print(f"{repo} is not a git checkout with history: the rule needs the commits since the last release")
        return 2
    base = base_commit(git)
    existing = set(git.lines("ls-files", "--cached", "--others", "--exclude-standard", "--", FRAGMENTS))
    missing = [r for r in ranges_since(git, base) if r.touches_watched() and not r.adds_fragment(existing)]
    print(f"base: {base or '(the first commit)'}")
    for uncovered in missing:
        watched = sorted(p for p in uncovered.changed if p.startswith(WATCHED))
        print(f"no changelog fragment for the change of {', '.join(watched[:8])}{' ...' if len(watched) > 8 else ''}")
        print(f"  in {', '.join(c if c == WORKING_TREE else c[:10] for c in uncovered.commits)}")
        print(f"  add one: {FRAGMENTS}<branch>-<topic>.yml (CONTRIBUTING.md, Changelog fragments)")
    if not missing:
        print("every change under plugins/ or roles/ since the base comes with a changelog fragment")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "."))
