# -*- coding: utf-8 -*-
# Copyright (c) 2026, voximplant.management contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Benchmark-only callback: writes one JSON line per finished task to $BENCH_TIMING_FILE.

A line holds the task name, its duration on the controller (queued -> result processed, so it
includes the worker fork, the lookup or the module run and the transfer of the result), the
status, and how many registrations the task saw (to check that every listing is complete).
"""

from __future__ import annotations

DOCUMENTATION = r"""
name: bench_timing
type: aggregate
short_description: Task durations for benchmarks/run.py
description: Writes one JSON line per finished task to the file named by BENCH_TIMING_FILE.
requirements:
  - enabled in callbacks_enabled
"""

import json
import os
import time

from ansible.plugins.callback import CallbackBase


def _count(result):
    """How many registrations the task result carries (None when it carries none)."""
    if isinstance(result.get("sip_registrations"), list):
        return len(result["sip_registrations"])
    body = result.get("json")
    if isinstance(body, dict) and isinstance(body.get("result"), list):
        return len(body["result"])
    message = result.get("msg")
    if isinstance(message, int) or (isinstance(message, str) and message.isdigit()):
        return int(message)
    return None


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "aggregate"
    CALLBACK_NAME = "bench_timing"
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._path = os.environ.get("BENCH_TIMING_FILE")
        self._started = {}

    def v2_playbook_on_task_start(self, task, is_conditional):
        self._started[task._uuid] = time.monotonic()

    def _write(self, result, status):
        if not self._path:
            return
        task = result._task
        started = self._started.get(task._uuid)
        raw = result._result
        line = {
            "task": task.get_name(),
            "status": status,
            "seconds": None if started is None else time.monotonic() - started,
            "count": _count(raw) if status == "ok" else None,
            "msg": None if status == "ok" else str(raw.get("msg", ""))[:2000],
        }
        with open(self._path, "a", encoding="utf-8") as handle:
            handle.write(json.dumps(line) + "\n")

    def v2_runner_on_ok(self, result):
        self._write(result, "ok")

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._write(result, "failed")

    def v2_runner_on_unreachable(self, result):
        self._write(result, "unreachable")
