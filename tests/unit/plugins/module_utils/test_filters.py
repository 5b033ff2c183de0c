# -*- coding: utf-8 -*-
# Copyright (c) 2026, voximplant.management contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""_filters: wire encoding of every filter, validation, coercion of lookup strings, doc fragment parity."""

from __future__ import annotations

import pytest
import yaml

from ansible_collections.voximplant.management.plugins.doc_fragments.filters import ModuleDocFragment
from ansible_collections.voximplant.management.plugins.module_utils._errors import VoximplantValidationError
from ansible_collections.voximplant.management.plugins.module_utils._filters import (
    EXCLUSIVE_PAIRS,
    FILTERS,
    build_query,
    filter_argument_spec,
)

DOC_OPTIONS = yaml.safe_load(ModuleDocFragment.DOCUMENTATION)["options"]
PAGING = ("count", "offset")
WIRE_NAMES = [name for name in DOC_OPTIONS if name not in PAGING]


def _sample(name):
    """A valid value for a filter and its expected wire text, derived from the documented type."""
    doc = DOC_OPTIONS[name]
    if name == "status_code":
        return "200;400:499", "200;400:499"
    if doc["type"] == "bool":
        return True, "true"
    if doc["type"] == "int":
        return 17, "17"
    if doc["type"] == "list" and doc["elements"] == "int":
        return [5, 3, 9], "5;3;9"
    if doc["type"] == "list" and doc["elements"] == "str":
        return ["alpha", "beta gamma"], "alpha;beta gamma"
    if doc["type"] == "str":
        return "pbx-office", "pbx-office"
    raise AssertionError(f"no sample for {name}: {doc}")


# --- doc fragment parity ------------------------------------------------------------------------


def test_doc_fragment_documents_exactly_the_filters():
    assert set(DOC_OPTIONS) == {spec.name for spec in FILTERS}


@pytest.mark.parametrize("name", sorted(DOC_OPTIONS))
def test_doc_fragment_type_and_elements_match_the_table(name):
    spec = filter_argument_spec()[name]
    doc = DOC_OPTIONS[name]
    assert spec["type"] == doc["type"]
    assert spec.get("elements") == doc.get("elements")


# --- wire encoding ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", WIRE_NAMES)
def test_each_filter_alone_is_encoded_and_nothing_else_is_sent(name):
    value, wire = _sample(name)
    options = {spec.name: None for spec in FILTERS}
    options.update({"api_url": "https://x.example", "timeout": 5, "token": "t"})  # connection keys are not filters
    options[name] = value
    query = build_query(options)
    assert query.wire_filters == {name: wire}
    assert query.offset == 0 and query.limit is None


@pytest.mark.parametrize("name", [n for n in WIRE_NAMES if DOC_OPTIONS[n]["type"] == "bool"])
def test_bool_filters_send_false_as_false(name):
    assert build_query({name: False}).wire_filters == {name: "false"}


def test_all_filters_together():
    options = {}
    expected = {}
    for name in WIRE_NAMES:
        # one member of each exclusive pair only
        if any(name == second for _first, second in EXCLUSIVE_PAIRS):
            continue
        options[name], expected[name] = _sample(name)
    options.update(count=7, offset=3)
    query = build_query(options)
    assert query.wire_filters == expected
    assert (query.offset, query.limit) == (3, 7)


def test_count_and_offset_are_not_wire_filters_but_the_window():
    query = build_query({"count": 25, "offset": 40, "successful": True})
    assert "count" not in query.wire_filters and "offset" not in query.wire_filters
    assert query.limit == 25 and query.offset == 40


def test_nothing_set_sends_nothing():
    query = build_query({spec.name: None for spec in FILTERS})
    assert query.wire_filters == {}
    assert query.offset == 0 and query.limit is None


def test_status_code_is_canonicalized():
    assert build_query({"status_code": " 200 ; 300:399 "}).wire_filters == {"status_code": "200;300:399"}


@pytest.mark.parametrize("value", ["100", "699", "100:699", "404:404", "180;200;400:499;600:699"])
def test_status_code_valid_grammar_is_sent_as_given(value):
    assert build_query({"status_code": value}).wire_filters == {"status_code": value}


def test_id_list_duplicates_are_sent_once_in_order():
    assert build_query({"rule_id": [3, 1, 3, 2, 1]}).wire_filters == {"rule_id": "3;1;2"}


def test_single_int_for_an_id_list_is_a_list_of_one():
    assert build_query({"user_id": 12}).wire_filters == {"user_id": "12"}


# --- lookup-style strings are coerced like AnsibleModule would ----------------------------------


@pytest.mark.parametrize("name,value,wire", [
    ("application_id", "1,2", "1;2"),
    ("application_id", " 4 , 5 ", "4;5"),
    ("rule_id", "7", "7"),
    ("proxy", "a.example, b.example", "a.example;b.example"),
    ("user_name", "alice,bob", "alice;bob"),
    ("successful", "true", "true"),
    ("deactivated", "false", "false"),
    ("in_progress", "yes", "true"),
    ("is_persistent", "no", "false"),
    ("is_bound_to_application", "True", "true"),
    ("sip_registration_id", "5", "5"),
    ("sip_username", 12345, "12345"),
    ("status_code", 404, "404"),
])
def test_lookup_strings_are_coerced(name, value, wire):
    assert build_query({name: value}).wire_filters == {name: wire}


def test_lookup_strings_for_the_window():
    query = build_query({"count": "5", "offset": "10"})
    assert (query.limit, query.offset) == (5, 10)


# --- validation ---------------------------------------------------------------------------------


def _error(options):
    with pytest.raises(VoximplantValidationError) as info:
        build_query(options)
    return info.value


@pytest.mark.parametrize("value,culprit,problem", [
    ("abc", "abc", "not a status code or range"),
    ("200:", "200:", "not a status code or range"),
    (":300", ":300", "not a status code or range"),
    ("200;;300", "''", "not a status code or range"),
    ("200;abc", "abc", "not a status code or range"),
    ("600:100", "600:100", "empty"),
    ("99", "99", "not a SIP status code"),
    ("700", "700", "not a SIP status code"),
    ("2000", "2000", "not a SIP status code"),
    ("200:700", "700", "not a SIP status code"),
    ("", "", "empty"),
])
def test_status_code_rejected(value, culprit, problem):
    error = _error({"status_code": value})
    assert error.option == "status_code"
    assert problem in error.problem
    assert culprit in error.problem
    assert "'status_code'" in str(error)


@pytest.mark.parametrize("value,fragment", [(0, "at least 1"), ("x", "integer"), (True, "boolean"), (-3, "at least 1")])
@pytest.mark.parametrize("name", ["application_id", "rule_id", "user_id"])
def test_id_list_items_rejected(name, value, fragment):
    error = _error({name: [1, value]})
    assert error.option == name
    assert fragment in error.problem


@pytest.mark.parametrize("value,fragment", [(0, "at least 1"), ("x", "integer"), (True, "boolean"), (1.5, "integer")])
def test_sip_registration_id_rejected(value, fragment):
    error = _error({"sip_registration_id": value})
    assert error.option == "sip_registration_id"
    assert fragment in error.problem


@pytest.mark.parametrize("name", [n for n in WIRE_NAMES if DOC_OPTIONS[n]["type"] == "list"])
@pytest.mark.parametrize("value", [[], "", " "])
def test_empty_list_rejected(name, value):
    error = _error({name: value})
    assert error.option == name
    assert "empty" in error.problem


@pytest.mark.parametrize("name", [n for n in WIRE_NAMES if DOC_OPTIONS[n].get("elements") == "str"])
def test_name_containing_the_separator_rejected(name):
    error = _error({name: ["good", "bad;name"]})
    assert error.option == name
    assert "';'" in error.problem and "bad;name" in error.problem


def test_sip_username_must_not_be_empty():
    error = _error({"sip_username": "  "})
    assert error.option == "sip_username" and "empty" in error.problem


@pytest.mark.parametrize("name", [n for n in WIRE_NAMES if DOC_OPTIONS[n]["type"] == "bool"])
@pytest.mark.parametrize("value", ["maybe", 2, 0.5])
def test_bool_filter_rejected(name, value):
    error = _error({name: value})
    assert error.option == name
    assert "boolean" in error.problem


@pytest.mark.parametrize("value", [[True], {"a": 1}])
def test_bool_filter_unhashable_rejected(value):
    error = _error({"successful": value})
    assert error.option == "successful"


@pytest.mark.parametrize("options,option,fragment", [
    ({"count": 0}, "count", "at least 1"),
    ({"count": "0"}, "count", "at least 1"),
    ({"count": "many"}, "count", "integer"),
    ({"offset": -1}, "offset", "at least 0"),
    ({"offset": "-1"}, "offset", "at least 0"),
    ({"offset": True}, "offset", "boolean"),
])
def test_window_rejected(options, option, fragment):
    error = _error(options)
    assert error.option == option
    assert fragment in error.problem


@pytest.mark.parametrize("value", ["--1", "+-1", "\u00b2"])
def test_malformed_integer_string_rejected(value):
    error = _error({"offset": value})
    assert error.option == "offset"


@pytest.mark.parametrize("first,second", EXCLUSIVE_PAIRS)
def test_exclusive_pairs_refused(first, second):
    error = _error({first: _sample(first)[0], second: _sample(second)[0]})
    assert error.option in (first, second)
    assert first in str(error) and second in str(error)
    assert "exclusive" in error.problem


def test_exclusive_pair_members_alone_are_fine():
    for first, second in EXCLUSIVE_PAIRS:
        assert first in build_query({first: _sample(first)[0]}).wire_filters
        assert second in build_query({second: _sample(second)[0]}).wire_filters


def test_error_message_names_the_option():
    error = _error({"rule_id": ["x"]})
    assert str(error).startswith("Invalid option 'rule_id'")
    assert error.details() == {"option": "rule_id"}
