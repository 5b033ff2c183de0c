#!/usr/bin/env bash
# Bad input (issue "Bad input"): every malformed option fails through the module and the lookup with a
# message naming the option, without a traceback, before any request reaches the emulator; API-side
# rejections report the API's code and message; clock skew (455/456) says the clock is probably off.
set -eux

# shellcheck source=../setup_emulator/emulator.sh
source ../setup_emulator/emulator.sh

emulator_start --records 30

inputs="${EMULATOR_STATE_DIR}/inputs"
# The tokens helper of the emulator package signs the test's tokens.
PYTHONPATH="${EMULATOR_PYTHONPATH}${PYTHONPATH:+:${PYTHONPATH}}" "${EMULATOR_PYTHON}" files/make_inputs.py "${EMULATOR_CREDENTIALS}" "${inputs}"

common=(
    -i "${INVENTORY_PATH}"
    -e "@${EMULATOR_VARS}"
    -e "@${inputs}/vars.json"
)

ansible-playbook "${common[@]}" bad_input.yml "$@"

# At -vvv with tracebacks on, ansible-core prints one for every failure: each must end in one of the
# collection's own errors (a handled failure), never in a foreign exception (a crash).
output="${EMULATOR_STATE_DIR}/vvv.log"
ANSIBLE_DISPLAY_TRACEBACK=error ansible-playbook "${common[@]}" no_traceback.yml -vvv >"${output}" 2>&1 || {
    cat "${output}"
    exit 1
}
"${EMULATOR_PYTHON}" files/check_tracebacks.py "${output}" 5 || {
    cat "${output}"
    exit 1
}
