# -*- coding: utf-8 -*-
# Copyright (c) 2026, voximplant.management contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Fidelity switches: the server's clock offset (tokens refused with 455/456) and the ignored parameters in the stats."""
from __future__ import annotations

import os
import sys
import time

import pytest

sys.path.insert(0, os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "emulator")))

from voximplant_emulator.cli import build_parser, options_from_args  # noqa: E402  pylint: disable=wrong-import-position


def set_clock(emu, offset) -> None:
    response = emu.admin("config", {"clock_offset": offset})
    assert response.status_code == 200 and response.json()["clock_offset"] == offset


@pytest.mark.parametrize("offset, expected", [
    (0, None),
    (-3600, 455),   # the server is an hour behind: iat = host now - 5 is in its future
    (3600, 456),    # an hour ahead: exp = iat + 60 has passed
    (-4, None),     # within the 5 s the API allows for iat
    (-30, 455),
])
def test_clock_offset_decides_how_a_fresh_token_fares(emu, offset, expected):
    set_clock(emu, offset)
    assert emu.error_code({"count": 2}) == expected
    assert emu.stats()["requests"][-1]["api_error"] == expected


def test_clock_offset_shifts_the_clock_rather_than_refusing_everything(emu):
    now = int(time.time())
    future_token = emu.token(iat=now + 600, exp=now + 660)
    assert emu.error_code(token=future_token) == 455
    set_clock(emu, 600)
    assert emu.error_code(token=future_token) is None
    assert emu.error_code() == 456      # a token issued by the host now has expired on this server
    assert emu.admin("reset").status_code == 200
    assert emu.http.get(f"{emu.admin_url}/config", timeout=5).json()["clock_offset"] == 0
    assert emu.error_code() is None


def test_legacy_api_key_ignores_the_clock(emu):
    set_clock(emu, 7200)
    assert emu.error_code({"account_id": emu.keys.account_id, "api_key": emu.info["api_key"]}, auth=False) is None


@pytest.mark.parametrize("value", ["ahead", True, 1.5])
def test_clock_offset_must_be_an_integer(emu, value):
    response = emu.admin("config", {"clock_offset": value})
    assert response.status_code == 400 and "clock_offset must be an integer" in response.json()["error"]


def test_clock_offset_on_the_command_line():
    args = build_parser().parse_args(["--state-dir", "x", "--clock-offset", "-3600"])
    assert options_from_args(args).runtime.clock_offset == -3600
    assert options_from_args(build_parser().parse_args(["--state-dir", "x"])).runtime.clock_offset == 0


def test_ignored_parameters_are_counted_by_name(emu):
    everything = emu.api({"count": 1000})["count"]
    user_name = next(r["user_name"] for r in emu.records() if "user_name" in r)
    doc = emu.api({"userName": user_name, "count": 1000})
    assert doc["count"] == everything                     # ignored, as the API ignores unknown parameters
    emu.api({"userName": user_name, "isPersistent": "true", "count": 5})
    filtered = emu.api({"user_name": user_name, "count": 1000})
    assert 0 < filtered["count"] < everything
    assert emu.stats()["ignored_parameters"] == {"userName": 2, "isPersistent": 1}


def test_envelope_parameters_are_not_ignored_ones(emu):
    emu.http.post(emu.url, data={"cmd": "GetSipRegistrations", "account_id": emu.keys.account_id,
                                 "api_key": emu.info["api_key"], "offset": 1, "status_code": "200"}, timeout=10)
    emu.api({"sip_registration_id": 1, "is_bound_to_application": "false", "proxy": "x", "rule_id": "1"})
    assert emu.stats()["ignored_parameters"] == {}


def test_ignored_parameters_are_reset(emu):
    emu.api({"bogus": "1"})
    assert emu.stats()["ignored_parameters"] == {"bogus": 1}
    assert emu.admin("reset").status_code == 200
    assert emu.stats()["ignored_parameters"] == {}
