# shellcheck shell=bash
# Shared by tests/checks/audit_*.sh (sourced). Produces audit reports with scripts/demo and picks the Python
# that has the test libraries (xmlschema, Pillow: test-requirements.txt).

AUDIT_REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
export AUDIT_CHECK_DIR="$AUDIT_REPO_ROOT/tests/checks/audit"

audit_log() { printf '[%s] %s\n' "$(basename "$0")" "$*" >&2; }
audit_die() { printf '[%s] FAILED: %s\n' "$(basename "$0")" "$*" >&2; exit 1; }

# The test Python: $AUDIT_PYTHON, else the ansible-core 2.19 virtualenv, else python3.
audit_python() {
    if [[ -n "${AUDIT_PYTHON:-}" ]]; then echo "$AUDIT_PYTHON"
    elif [[ -x "$AUDIT_REPO_ROOT/.venv/ansible-2.19/bin/python" ]]; then echo "$AUDIT_REPO_ROOT/.venv/ansible-2.19/bin/python"
    else command -v python3
    fi
}

# audit_run_demo REPORT_DIR [PLAYBOOK]: the demo (emulator, seed 7) or another playbook through scripts/demo.
# scripts/setup-venv is not run again (the test runner has done it); the playbook output goes to REPORT_DIR.
# Each run has its own collection copy (REPORT_DIR.collections), so checks can run in parallel.
audit_run_demo() {
    local report_dir=$1 playbook=${2:-$AUDIT_REPO_ROOT/playbooks/audit_demo.yml}
    DEMO_SKIP_SETUP=1 DEMO_QUIET=1 DEMO_REPORT_DIR="$report_dir" DEMO_PLAYBOOK="$playbook" \
        DEMO_COLLECTIONS_DIR="$report_dir.collections" \
        "$AUDIT_REPO_ROOT/scripts/demo" >"$report_dir.demo.log" 2>&1 \
        || { cat "$report_dir.demo.log" >&2; audit_die "scripts/demo failed ($playbook)"; }
    [[ -s "$report_dir/sip_registration_audit.json" ]] || audit_die "no reports in $report_dir"
}
