# -*- coding: utf-8 -*-
# Copyright (c) 2026, voximplant.management contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The message for option names a plugin does not know: each unknown one named, with the closest valid one."""

from __future__ import annotations

from ansible_collections.voximplant.management.plugins.module_utils._connection import CONNECTION_OPTION_NAMES
from ansible_collections.voximplant.management.plugins.module_utils._filters import FILTER_NAMES
from ansible_collections.voximplant.management.plugins.plugin_utils._unknown_options import unknown_options_message

PLUGIN = "voximplant.management.sip_registrations"
VALID = CONNECTION_OPTION_NAMES + FILTER_NAMES + ("cache",)
PREFIX = f"Unsupported parameters for ({PLUGIN}) lookup: "


def test_known_names_give_no_message():
    assert unknown_options_message(PLUGIN, "lookup", ["successful", "cache", "token"], VALID) is None
    assert unknown_options_message(PLUGIN, "lookup", [], VALID) is None


def test_one_misspelt_name_and_its_closest_option():
    message = unknown_options_message(PLUGIN, "lookup", ["successful", "succesful"], VALID)
    assert message.startswith(PREFIX + "unknown option 'succesful' (did you mean 'successful'?). ")


def test_several_unknown_names_are_each_named_in_order():
    message = unknown_options_message(PLUGIN, "lookup", {"succesful": False, "app_name": "pbx", "token": "t"}, VALID)
    assert message.startswith(
        PREFIX + "unknown option 'app_name' (did you mean 'application_name'?), unknown option 'succesful' (did you mean 'successful'?). "
    )
    assert "'token'" not in message


def test_a_name_like_no_option_gets_no_guess():
    message = unknown_options_message(PLUGIN, "lookup", ["zzz"], VALID)
    assert message.startswith(PREFIX + "unknown option 'zzz'. ")
    assert "did you mean" not in message


def test_lists_the_supported_names_like_ansible_module_does():
    # AnsibleModule: "Unsupported parameters for (name) module: x. Supported parameters include: a, b, c."
    message = unknown_options_message(PLUGIN, "lookup", ["zzz"], VALID)
    supported = message.split("Supported parameters include: ", 1)[1]
    assert supported == ", ".join(sorted(VALID)) + "."
    assert "cache" in supported.split(", ")
