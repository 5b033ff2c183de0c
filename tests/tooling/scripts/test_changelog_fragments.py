# -*- coding: utf-8 -*-
# Copyright (c) 2026, voximplant.management contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""scripts/lib/changelog_fragments.py: the rule that a change under plugins/ or roles/ comes with a fragment."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys

import pytest

SCRIPT = os.path.join(os.path.dirname(__file__), "..", "..", "..", "scripts", "lib", "changelog_fragments.py")
spec = importlib.util.spec_from_file_location("changelog_fragments", SCRIPT)
rule = importlib.util.module_from_spec(spec)
sys.modules[spec.name] = rule  # dataclasses look their module up
spec.loader.exec_module(rule)

ENV = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.invalid", GIT_COMMITTER_NAME="t",
           GIT_COMMITTER_EMAIL="t@example.invalid", GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1")


class Repo:
    def __init__(self, path):
        self.path = str(path)
        self.git("init", "-q", "-b", "main")

    def git(self, *args):
        return subprocess.run(["git", "-C", self.path, *args], check=True, capture_output=True, text=True, env=ENV).stdout.strip()

    def write(self, name, text="x\n"):
        full = os.path.join(self.path, name)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "a", encoding="utf-8") as handle:
            handle.write(text)

    def commit(self, *names, message="change"):
        for name in names:
            self.write(name)
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message)
        return self.git("rev-parse", "HEAD")

    def check(self):
        return rule.main(self.path)


@pytest.fixture
def repo(tmp_path):
    """A repository whose last commit is a release (it changed changelogs/changelog.yaml)."""
    repo = Repo(tmp_path)
    repo.commit("plugins/modules/old.py", message="before the release, no fragment")
    repo.commit("changelogs/changelog.yaml", "galaxy.yml", message="release 1.0.0")
    return repo


def test_a_change_without_fragment_fails(repo):
    repo.commit("plugins/modules/m.py")
    assert repo.check() == 1


def test_history_before_the_release_is_not_judged(repo):
    repo.commit("docs/readme.md")
    assert repo.check() == 0


def test_direct_commits_are_one_range(repo):
    repo.commit("roles/r/tasks/main.yml")
    repo.commit("changelogs/fragments/topic.yml", message="the fragment, one commit later")
    assert repo.check() == 0


def test_a_merged_branch_needs_its_own_fragment(repo):
    repo.git("checkout", "-q", "-b", "feature")
    repo.commit("plugins/lookup/l.py")
    repo.git("checkout", "-q", "main")
    repo.git("merge", "-q", "--no-ff", "-m", "merge feature", "feature")
    repo.commit("changelogs/fragments/other.yml", message="a fragment of another change")
    assert repo.check() == 1


def test_a_merged_branch_with_a_fragment_passes(repo):
    repo.git("checkout", "-q", "-b", "feature")
    repo.commit("plugins/lookup/l.py")
    repo.commit("changelogs/fragments/feature.yml")
    repo.git("checkout", "-q", "main")
    repo.git("merge", "-q", "--no-ff", "-m", "merge feature", "feature")
    assert repo.check() == 0


def test_a_removed_fragment_does_not_count(repo):
    repo.commit("plugins/modules/m.py", "changelogs/fragments/gone.yml")
    repo.git("rm", "-q", "changelogs/fragments/gone.yml")
    repo.git("commit", "-q", "-m", "drop it")
    assert repo.check() == 1


def test_uncommitted_changes_need_a_fragment_too(repo):
    repo.write("plugins/modules/m.py")
    assert repo.check() == 1
    repo.write("changelogs/fragments/wip.yml")  # untracked
    assert repo.check() == 0


def test_the_rule_starts_when_it_was_added(repo):
    repo.commit("plugins/modules/m.py", message="made before the rule existed")
    repo.commit(rule.SELF, message="the rule")
    assert repo.check() == 0
    repo.commit("plugins/modules/m.py")
    assert repo.check() == 1


def test_not_a_git_checkout(tmp_path):
    assert rule.main(str(tmp_path / "nothing")) == 2
