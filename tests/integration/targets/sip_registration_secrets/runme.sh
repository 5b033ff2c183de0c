#!/usr/bin/env bash
# Secrets (issue "Secrets"): the module and the lookup run at -vvvv, succeeding and failing, with every
# way to authenticate; all their output (stdout, stderr, the ANSIBLE_LOG_PATH log) is captured and must
# contain no private key line, no JWT (nor its signature alone) and not the api key. The emulator
# reports every secret it received. No secret is ever expanded on a command line here (set -x).
set -eux

# shellcheck source=../setup_emulator/emulator.sh
source ../setup_emulator/emulator.sh

emulator_start --records 60 --page-cap 25

work="${EMULATOR_STATE_DIR}/secrets"
mkdir -m 0700 "${work}"
PYTHONPATH="${EMULATOR_PYTHONPATH}" "${EMULATOR_PYTHON}" files/make_secrets.py "${EMULATOR_INFO}" "${work}/vars.json"

# The lookup cache lives under the controller's temporary directory: give this run its own.
export TMPDIR="${work}/tmp"
mkdir -m 0700 "${TMPDIR}"

common=(
    -i "${INVENTORY_PATH}"
    -e "@${EMULATOR_VARS}"
    -e "@${work}/vars.json"
)

# 1. Every way to authenticate, succeeding and failing.
ANSIBLE_LOG_PATH="${work}/ansible.log" ansible-playbook "${common[@]}" secrets.yml -vvvv >"${work}/output.log" 2>&1 || {
    tail -n 200 "${work}/output.log"
    exit 1
}

# 2. The token from the environment, which the module inherits (the value is not traced).
set +x
VOXIMPLANT_TOKEN="$("${EMULATOR_PYTHON}" -c 'import json, sys; print(json.load(open(sys.argv[1]))["secret_token"])' "${work}/vars.json")"
export VOXIMPLANT_TOKEN
set -x
ANSIBLE_LOG_PATH="${work}/ansible.log" ansible-playbook "${common[@]}" env_token.yml -vvvv >>"${work}/output.log" 2>&1 || {
    tail -n 200 "${work}/output.log"
    exit 1
}
unset VOXIMPLANT_TOKEN

# At least a JWT for each service-account run (the module and the lookup each sign their own).
"${EMULATOR_PYTHON}" files/check_secrets.py "${EMULATOR_INFO}" 10 "${work}/output.log" "${work}/ansible.log" "${TMPDIR}"

# 3. A secret option given the whole key by mistake (after a reset: its own secrets only). Both checks
# run whatever the playbook's outcome, so that a leak is reported even when the task also misbehaved.
playbook_rc=0
ANSIBLE_LOG_PATH="${work}/wrong_type.log" ansible-playbook "${common[@]}" wrong_type.yml -vvvv >"${work}/wrong_type_output.log" 2>&1 ||
    playbook_rc=$?
check_rc=0
"${EMULATOR_PYTHON}" files/check_secrets.py --no-key-on-the-wire "${EMULATOR_INFO}" 0 \
    "${work}/wrong_type_output.log" "${work}/wrong_type.log" "${TMPDIR}" || check_rc=$?
if [ "${playbook_rc}" -ne 0 ]; then
    grep -E "^(fatal|failed):|assertion|evaluated_to" "${work}/wrong_type_output.log" | cut -c1-300 || true
    echo "wrong_type.yml failed (rc ${playbook_rc})" >&2
fi
[ "${playbook_rc}" -eq 0 ] && [ "${check_rc}" -eq 0 ]
