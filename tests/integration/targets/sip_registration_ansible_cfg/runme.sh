#!/usr/bin/env bash
# The lookup reads its connection options from ansible.cfg ([voximplant_management], keys = option names), ranked
# below keyword arguments, Ansible variables and environment variables; secrets (token, credentials, api_key) are
# never read from it; a misspelt boolean there is refused, not read as false.
set -eux

# shellcheck source=../setup_emulator/emulator.sh
source ../setup_emulator/emulator.sh

emulator_start --records 40 --page-cap 25

work="${EMULATOR_STATE_DIR}/cfg"
mkdir -p "${work}"
# A loopback port that nothing listens on: where an option that should lose points.
closed_url="http://127.0.0.1:9/platform_api"

# write_cfg FILE [extra lines...]: an ansible.cfg that keeps ansible-test's settings and adds the section.
write_cfg() {
    local file=$1
    shift
    {
        if [ -n "${ANSIBLE_CONFIG:-}" ] && [ -f "${ANSIBLE_CONFIG}" ]; then
            cat "${ANSIBLE_CONFIG}"
        fi
        echo
        echo "[voximplant_management]"
        printf '%s\n' "$@"
    } >"${file}"
}

write_cfg "${work}/ansible.cfg" \
    "api_url = ${EMULATOR_URL}" \
    "credentials_file = ${EMULATOR_CREDENTIALS}" \
    "page_size = 7" \
    "retries = 0" \
    "cache = false" \
    "token = ini-token-that-must-not-be-read" \
    "api_key = ini-api-key-that-must-not-be-read"

run=(
    -i "${INVENTORY_PATH}"
    -e "@${EMULATOR_VARS}"
    -e "closed_url=${closed_url}"
)

# 1. Everything from ansible.cfg; then each higher-ranked source beats it.
ANSIBLE_CONFIG="${work}/ansible.cfg" ansible-playbook "${run[@]}" ansible_cfg.yml "$@"
ANSIBLE_CONFIG="${work}/ansible.cfg" ANSIBLE_VOXIMPLANT_API_URL="${closed_url}" \
    ansible-playbook "${run[@]}" -e expect_reached=false -e source=environment precedence.yml "$@"

write_cfg "${work}/closed.cfg" "api_url = ${closed_url}" "credentials_file = ${EMULATOR_CREDENTIALS}" "retries = 0" "cache = false"
ANSIBLE_CONFIG="${work}/closed.cfg" ANSIBLE_VOXIMPLANT_API_URL="${EMULATOR_URL}" \
    ansible-playbook "${run[@]}" -e expect_reached=true -e source=environment precedence.yml "$@"
ANSIBLE_CONFIG="${work}/closed.cfg" ansible-playbook "${run[@]}" -e "ansible_voximplant_api_url=${EMULATOR_URL}" \
    -e expect_reached=true -e source=variable precedence.yml "$@"
ANSIBLE_CONFIG="${work}/closed.cfg" \
    ansible-playbook "${run[@]}" -e expect_reached=true -e source=keyword precedence.yml "$@"
ANSIBLE_CONFIG="${work}/closed.cfg" \
    ansible-playbook "${run[@]}" -e expect_reached=false -e source=none precedence.yml "$@"

# 2. A misspelt boolean in ansible.cfg is refused, naming the option, before any request.
write_cfg "${work}/misspelt.cfg" "api_url = ${EMULATOR_URL}" "credentials_file = ${EMULATOR_CREDENTIALS}" "validate_certs = ture"
ANSIBLE_CONFIG="${work}/misspelt.cfg" ansible-playbook "${run[@]}" misspelt.yml "$@"
