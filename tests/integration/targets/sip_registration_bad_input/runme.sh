#!/usr/bin/env bash
# Bad input (issue "Bad input"): every malformed option fails through the module and the lookup with a
# message naming the option, without a traceback, before any request reaches the emulator; API-side
# rejections report the API's code and message; clock skew (455/456) says the clock is probably off.
set -eux

# shellcheck source=../setup_emulator/emulator.sh
source ../setup_emulator/emulator.sh

emulator_start --records 30

inputs="${EMULATOR_STATE_DIR}/inputs"
"${EMULATOR_PYTHON}" files/make_inputs.py "${EMULATOR_CREDENTIALS}" "${inputs}"

common=(
    -i inventory.ini
    -e "emulator_url=${EMULATOR_URL}"
    -e "emulator_admin_url=${EMULATOR_ADMIN_URL}"
    -e "emulator_credentials=${EMULATOR_CREDENTIALS}"
    -e "@${inputs}/vars.json"
)

ansible-playbook "${common[@]}" bad_input.yml "$@"

# At -vvv Ansible prints the traceback of a failing module or lookup when there is one: there must be none.
output="${EMULATOR_STATE_DIR}/vvv.log"
ansible-playbook "${common[@]}" no_traceback.yml -vvv >"${output}" 2>&1 || {
    cat "${output}"
    exit 1
}
failures="$(grep -c "Invalid option '" "${output}" || true)"
if [ "${failures}" -lt 8 ]; then
    cat "${output}"
    echo "expected the bad-input failures in the -vvv output, found ${failures}" >&2
    exit 1
fi
if grep -n -E "Traceback \(most recent call last\)|The full traceback is|File \"/" "${output}"; then
    echo "a traceback was printed at -vvv (see above)" >&2
    exit 1
fi
