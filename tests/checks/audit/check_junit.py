"""Validate a JUnit XML report of the audit role against tests/checks/audit/junit.xsd and its JSON result.

Usage: check_junit.py JUNIT_XSD JUNIT_XML RESULT_JSON
Checks: schema validity (xmlschema, else lxml); the schema rejects broken variants (so it is not vacuous);
one testsuite with one testcase per check (and one more suite per account: sip_registration_audit_accounts);
counts, names, messages and outcomes equal the JSON result (a failing
check of severity warning is a passing test case whose <system-out> says WARNING and lists its offenders);
every offender listed in the JSON appears, unmangled, in its failure text or warning output.
"""
from __future__ import annotations

import copy
import json
import re
import sys
import xml.etree.ElementTree as ET

FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def load_validator(xsd_path):
    try:
        import xmlschema
    except ImportError:
        xmlschema = None
    if xmlschema is not None:
        schema = xmlschema.XMLSchema(xsd_path)

        def errors(tree):
            return [str(e.reason or e) for e in schema.iter_errors(tree)]
        return "xmlschema", errors
    try:
        from lxml import etree
    except ImportError:
        sys.exit("neither xmlschema nor lxml is installed (test-requirements.txt)")
    schema = etree.XMLSchema(etree.parse(xsd_path))

    def errors(tree):
        doc = etree.fromstring(ET.tostring(tree.getroot() if hasattr(tree, "getroot") else tree))
        return [] if schema.validate(doc) else [str(e) for e in schema.error_log]
    return "lxml", errors


def flat(text):
    """What the role writes for a value on one line: forbidden characters dropped, whitespace runs to one space."""
    return re.sub(r"[\r\n\t]+", " ", FORBIDDEN.sub("", str(text)))


def check_suite(problems, label, suite, scope):
    """One testsuite against one evaluation (the total or an account); returns its test cases and failed count."""
    checks = scope["checks"]
    cases = suite.findall("testcase")
    where = "" if label == "total" else f"[{label}] "
    if [c.get("name") for c in cases] != [c["name"] for c in checks]:
        problems.append(f"{where}testcases {[c.get('name') for c in cases]} != checks {[c['name'] for c in checks]}")
    n_fail = sum(1 for c in checks if c["status"] == "failed")
    if label != "total" and n_fail != len(scope["failed_checks"]):
        problems.append(f"{where}{n_fail} checks have status failed but failed_checks lists {len(scope['failed_checks'])}")
    n_skip = sum(1 for c in checks if c["skipped"])
    if int(suite.get("tests", -1)) != len(cases):
        problems.append(f"{where}<testsuite tests={suite.get('tests')}> but {len(cases)} testcases")
    if int(suite.get("failures", -1)) != n_fail:
        problems.append(f"{where}<testsuite failures={suite.get('failures')}> but {n_fail} failed checks")
    if int(suite.get("skipped", 0)) != n_skip:
        problems.append(f"{where}<testsuite skipped={suite.get('skipped')}> but {n_skip} skipped checks")
    if sum(1 for c in cases if c.find("failure") is not None) != n_fail:
        problems.append(f"{where}number of <failure> elements differs from the failed checks")
    for case, check in zip(cases, checks):
        failure, skipped = case.find("failure"), case.find("skipped")
        name = where + check["name"]
        if check["skipped"]:
            if skipped is None:
                problems.append(f"{name}: skipped check without <skipped>")
        elif check["status"] in ("passed", "warning"):
            if failure is not None or skipped is not None:
                problems.append(f"{name}: {check['status']} check has <failure>/<skipped>")
            if check["status"] == "warning":
                out = "".join(e.text or "" for e in case.findall("system-out"))
                if "WARNING" not in out or flat(check["message"]) not in out:
                    problems.append(f"{name}: warning check without WARNING and its message in <system-out>")
                for o in check["offenders"]:
                    if flat(o["sip_username"]) not in out:
                        problems.append(f"{name}: offender {o['sip_username']!r} not in the warning output")
        else:
            if failure is None:
                problems.append(f"{name}: failed check without <failure>")
                continue
            if failure.get("message") != flat(check["message"]):
                problems.append(f"{name}: message {failure.get('message')!r} != {check['message']!r}")
            text = failure.text or ""
            for o in check["offenders"]:
                if flat(o["sip_username"]) not in text:
                    problems.append(f"{name}: offender {o['sip_username']!r} not found in the failure text")
            if check["offenders_truncated"] and "more" not in text:
                problems.append(f"{name}: truncated offender list without a note")
    return cases, n_fail


def main(xsd_path, junit_path, result_path):
    problems = []
    engine, errors = load_validator(xsd_path)
    with open(junit_path, "rb") as f:
        raw = f.read()
    if not raw.startswith(b'<?xml version="1.0" encoding="UTF-8"?>'):
        problems.append("the file does not start with the XML declaration")
    raw.decode("utf-8")  # must be UTF-8
    tree = ET.ElementTree(ET.fromstring(raw))
    errs = errors(tree)
    if errs:
        problems.extend("schema: " + e for e in errs)

    # negative controls: the schema must reject these
    def mutated(fn):
        t = copy.deepcopy(tree)
        fn(t.getroot())
        return t

    def suite_of(root):
        return root if root.tag == "testsuite" else root.find("testsuite")
    controls = {
        "testsuite without name": lambda r: suite_of(r).attrib.pop("name"),
        "tests not a number": lambda r: suite_of(r).set("tests", "five"),
        "testcase without name": lambda r: suite_of(r).find("testcase").attrib.pop("name"),
        "unknown element": lambda r: suite_of(r).find("testcase").insert(0, ET.Element("bogus")),
        "negative time": lambda r: suite_of(r).set("time", "-1"),
    }
    for label, fn in controls.items():
        if not errors(mutated(fn)):
            problems.append(f"schema accepted a broken document ({label})")

    with open(result_path, encoding="utf-8") as f:
        result = json.load(f)
    root = tree.getroot()
    suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
    # the total first, then one suite per account (sip_registration_audit_accounts) in the result's order
    scopes = [("total", result)] + [(a["label"], a) for a in result.get("accounts", [])]
    if len(suites) != len(scopes):
        problems.append(f"expected {len(scopes)} testsuite(s) (the total and one per account), found {len(suites)}")
    all_cases = all_fail = 0
    for (label, scope), suite in zip(scopes, suites):
        cases, n_fail = check_suite(problems, label, suite, scope)
        all_cases += len(cases)
        all_fail += n_fail
    if root is not suites[0]:
        if int(root.get("tests", -1)) != all_cases:
            problems.append(f"<testsuites tests={root.get('tests')}> but {all_cases} testcases")
        if int(root.get("failures", -1)) != all_fail:
            problems.append(f"<testsuites failures={root.get('failures')}> but {all_fail} failed checks")
    if len(scopes) > 1 and "failed_checks" in result:
        failing = {name for _label, scope in scopes for name in scope["failed_checks"]}
        if set(result["failed_checks"]) != failing:
            problems.append(f"failed_checks {result['failed_checks']} is not the union over the total and the accounts")

    if problems:
        print(f"FAIL {junit_path} ({engine}):")
        for p in problems:
            print("  - " + p)
        return 1
    print(f"ok   {junit_path}: valid ({engine}), {len(suites)} testsuite(s), {all_cases} testcases, {all_fail} failures")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
