#!/usr/bin/env bash
# Every way to authenticate, through the module and the lookup, against the emulator: explicit options,
# Ansible variables, module_defaults (auth.yml), then credentials from environment variables (env.yml,
# once for each environment: why this target drives ansible-playbook itself). 90 records served at most 40 per
# page; the child accounts get 45 and 30.
set -eux

# The environment variables under test must come from this script only.
unset VOXIMPLANT_CREDENTIALS VOXIMPLANT_TOKEN ANSIBLE_VOXIMPLANT_CREDENTIALS_FILE ANSIBLE_VOXIMPLANT_TOKEN \
    ANSIBLE_VOXIMPLANT_API_URL ANSIBLE_VOXIMPLANT_ACCOUNT_ID ANSIBLE_VOXIMPLANT_API_KEY

# shellcheck source=../setup_emulator/emulator.sh
source ../setup_emulator/emulator.sh

emulator_start --records 90 --page-cap 40

# Tokens signed by the emulator's tokens helper from its key, and keys the emulator does not trust.
inputs="${EMULATOR_STATE_DIR}/auth_inputs"
PYTHONPATH="${EMULATOR_PYTHONPATH}" "${EMULATOR_PYTHON}" files/make_auth_inputs.py "${EMULATOR_CREDENTIALS}" "${inputs}"

common=(-i "${INVENTORY_PATH}" -e "@${EMULATOR_VARS}")

ansible-playbook "${common[@]}" auth.yml -e "@${inputs}/vars.json" "$@"

# Credentials from the environment (the module reads localhost's, which inherits this one; the lookup the
# controller's). env_cases name the options given explicitly; env.yml takes their values from emulator.
VOXIMPLANT_CREDENTIALS="${EMULATOR_CREDENTIALS}" \
ANSIBLE_VOXIMPLANT_API_URL="${EMULATOR_URL}" \
    ansible-playbook "${common[@]}" env.yml -e page_base=3000 -e '{
      "env_run": "VOXIMPLANT_CREDENTIALS and ANSIBLE_VOXIMPLANT_API_URL",
      "env_cases": [{"name": "no option set", "options": [], "account": "main"}]}' "$@"

ANSIBLE_VOXIMPLANT_CREDENTIALS_FILE="${EMULATOR_CREDENTIALS}" \
VOXIMPLANT_CREDENTIALS=/nonexistent/credentials.json \
    ansible-playbook "${common[@]}" env.yml -e page_base=3200 -e '{
      "env_run": "ANSIBLE_VOXIMPLANT_CREDENTIALS_FILE ranks above VOXIMPLANT_CREDENTIALS",
      "env_cases": [{"name": "api_url only", "options": ["api_url"], "account": "main"}]}' "$@"

# The child account's token: only the environment can make the module and the lookup act on the child.
child_token_file="${inputs}/child_token"
"${EMULATOR_PYTHON}" -c 'import json, sys; print(json.load(open(sys.argv[1]))["child_token"])' "${inputs}/vars.json" >"${child_token_file}"
{ set +x; } 2>/dev/null
VOXIMPLANT_TOKEN="$(cat "${child_token_file}")"
export VOXIMPLANT_TOKEN
set -x
ansible-playbook "${common[@]}" env.yml -e page_base=3400 -e '{
  "env_run": "VOXIMPLANT_TOKEN",
  "env_cases": [
    {"name": "VOXIMPLANT_TOKEN", "options": ["api_url"], "account": "child"},
    {"name": "credentials_file in the task wins over VOXIMPLANT_TOKEN", "options": ["api_url", "credentials_file"], "account": "main"}]}' "$@"
unset VOXIMPLANT_TOKEN
