#!/usr/bin/env bash
# The AWX / AAP path, with the executor AWX and AAP use (ansible-runner): a private data directory laid out as AWX
# lays it out for a job with the "Voximplant service account" credential (extensions/awx/credential_type): the key in
# a private file, env/envvars and env/extravars rendered from injectors.yml (never restated here), the job template's
# playbook (extensions/awx/playbooks) in project/. The job runs the audit role against the emulator; the check reads
# the job's status, events and artifacts, the reports, and looks for every secret in all of them.
#
# Exit 0: passed; 1: failed; 77: skipped (ansible-runner cannot be installed here, e.g. no package index).
# Env: AWX_RUNNER_VENV  the virtualenv to use or create (default .venv/awx-runner), from tests/checks/awx/requirements.txt
#      AWX_RUNNER_PYTHON  the interpreter that creates it (default python3.11, else python3)
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CHECK_DIR="$REPO_ROOT/tests/checks/awx"
TYPE_DIR="$REPO_ROOT/extensions/awx/credential_type"
VENV="${AWX_RUNNER_VENV:-$REPO_ROOT/.venv/awx-runner}"
REQUIREMENTS="$CHECK_DIR/requirements.txt"
log() { printf '[awx_runner] %s\n' "$*" >&2; }

# 1. ansible-runner, ansible-core and the collection's libraries, from the project's own requirements file.
stamp="$VENV/.requirements.sha256"
wanted="$(cat "$REQUIREMENTS" "$REPO_ROOT/requirements.txt" | sha256sum | cut -d' ' -f1)"
if [[ ! -x "$VENV/bin/ansible-runner" || "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]]; then
    creator="${AWX_RUNNER_PYTHON:-$(command -v python3.11 || command -v python3)}"
    log "installing $REQUIREMENTS into $VENV"
    rm -rf "$VENV"
    "$creator" -m venv "$VENV"
    if ! (cd "$CHECK_DIR" && "$VENV/bin/python" -m pip install --disable-pip-version-check -q -r "$REQUIREMENTS") >"$VENV.pip.log" 2>&1; then
        log "SKIPPED: cannot install $REQUIREMENTS (see $VENV.pip.log)"
        rm -rf "$VENV"
        exit 77
    fi
    echo "$wanted" >"$stamp"
fi
PY="$VENV/bin/python"
export PATH="$VENV/bin:$PATH"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/awx-runner.XXXXXX")"
chmod 700 "$WORK"

# 2. The emulator (as the integration targets start it), on loopback.
export ANSIBLE_TEST_PYTHON_INTERPRETER="$PY"
# shellcheck source=../integration/targets/setup_emulator/emulator.sh
source "$REPO_ROOT/tests/integration/targets/setup_emulator/emulator.sh"
unset ANSIBLE_LOOKUP_PLUGINS  # emulator.sh adds its test lookup; the job must not see it
cleanup() { emulator_stop; rm -rf "$WORK"; }
RECORDS=40
emulator_start --records "$RECORDS" --seed 7
trap cleanup EXIT

# 3. The private data directory: project (the job template's playbook and the collection beside it), inventory,
#    and env/ from the credential type.
PDD="$WORK/pdd"
mkdir -p "$PDD/project/collections/ansible_collections/voximplant" "$PDD/inventory"
cp "$REPO_ROOT/extensions/awx/playbooks/sip_registration_audit.yml" "$PDD/project/"
collection="$PDD/project/collections/ansible_collections/voximplant/management"
mkdir -p "$collection"
git -C "$REPO_ROOT" ls-files -z --cached --others --exclude-standard \
    | grep -z -v -E '^(\.venv[^/]*|\.demo|reports|tests/output)/' \
    | (cd "$REPO_ROOT" && tar --null --files-from=- --ignore-failed-read -cf - 2>/dev/null) | tar -xf - -C "$collection"
printf 'localhost ansible_connection=local ansible_python_interpreter=%s\n' "$PY" >"$PDD/inventory/hosts"
REPORT_DIR="$WORK/reports"
inputs="$("$PY" -c 'import json, sys; print(json.dumps({"service_account_key": open(sys.argv[1]).read(), "api_url": sys.argv[2], "account_id": ""}))' \
    "$EMULATOR_CREDENTIALS" "$EMULATOR_URL")"
extra="$("$PY" -c 'import json, sys; print(json.dumps({"sip_registration_audit_report_dir": sys.argv[1], "sip_registration_audit_fail_on_violation": False}))' "$REPORT_DIR")"
injected="$("$PY" "$CHECK_DIR/render_injectors.py" "$TYPE_DIR" "$PDD" "$inputs" "$extra")"
log "injected environment: $injected"

# 4. The job, as AWX starts it (no process isolation: this machine has no container runtime).
log "running the job with $(ansible-runner --version 2>&1 | head -1)"
rc=0
ansible-runner run "$PDD" -p sip_registration_audit.yml --ident audit >"$WORK/runner.out" 2>&1 || rc=$?
if [[ $rc -ne 0 ]]; then
    cat "$WORK/runner.out" >&2
    log "FAILED: ansible-runner exited $rc"
    exit 1
fi
"$PY" -c 'import json, sys, urllib.request; print(urllib.request.urlopen(sys.argv[1] + "/stats", timeout=10).read().decode())' \
    "$EMULATOR_ADMIN_URL" >"$WORK/emulator_stats.json"

# 5. Status, events, artifacts, reports, and no secret anywhere (runner.out is the job's stdout too).
cp "$WORK/runner.out" "$PDD/artifacts/audit/runner.out"
"$PY" "$CHECK_DIR/check_job.py" "$PDD" audit "$REPORT_DIR" "$WORK/emulator_stats.json" "$EMULATOR_CREDENTIALS" "$RECORDS"
log "passed"
