#!/usr/bin/env bash
# The audit role's JUnit XML validates against the Jenkins/Ant JUnit schema (tests/checks/audit/junit.xsd)
# and agrees with the role's JSON result: for the demo (emulator data set with failing registrations) and for
# hand-made registrations with markup, quotes, control characters and non-ASCII text in their fields.
set -euo pipefail
# shellcheck source=tests/checks/audit/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/audit/common.sh"

PYTHON="$(audit_python)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/audit-junit.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

audit_log "running the demo and the hostile-text audit"
audit_run_demo "$WORK/demo"
audit_run_demo "$WORK/hostile" "$AUDIT_CHECK_DIR/hostile.yml"

rc=0
for run in demo hostile; do
    "$PYTHON" "$AUDIT_CHECK_DIR/check_junit.py" "$AUDIT_CHECK_DIR/junit.xsd" \
        "$WORK/$run/sip_registration_audit.junit.xml" "$WORK/$run/sip_registration_audit.json" || rc=1
done
[[ $rc -eq 0 ]] || audit_die "JUnit report check failed"
audit_log "passed"
