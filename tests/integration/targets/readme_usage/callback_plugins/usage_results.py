# -*- coding: utf-8 -*-
# Copyright (c) 2026, voximplant.management contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Test helper of the readme_usage target: writes every task's result and the play's stats to USAGE_RESULTS as JSON."""

from __future__ import annotations

import json
import os

from ansible.plugins.callback import CallbackBase

DOCUMENTATION = r"""
name: usage_results
type: aggregate
short_description: Write task results to the file named by USAGE_RESULTS (integration tests only)
description:
  - Collects the result of each task by task name and writes them with the play's stats when the playbook ends.
requirements:
  - enable in configuration
"""


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "aggregate"
    CALLBACK_NAME = "usage_results"
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self) -> None:
        super().__init__()
        self._tasks = {}

    def _keep(self, result, failed: bool) -> None:
        data = dict(self._convert_for_json(result._result))  # pylint: disable=protected-access
        data["failed"] = failed or bool(data.get("failed"))
        self._tasks[result._task.get_name()] = data  # pylint: disable=protected-access

    def _convert_for_json(self, value):
        return json.loads(json.dumps(value, default=str))

    def v2_runner_on_ok(self, result) -> None:
        self._keep(result, False)

    def v2_runner_on_failed(self, result, ignore_errors=False) -> None:
        self._keep(result, True)

    def v2_playbook_on_stats(self, stats) -> None:
        document = {"tasks": self._tasks, "stats": {host: stats.summarize(host) for host in stats.processed}}
        with open(os.environ["USAGE_RESULTS"], "w", encoding="utf-8") as handle:
            json.dump(document, handle)
