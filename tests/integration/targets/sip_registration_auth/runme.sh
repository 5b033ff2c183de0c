#!/usr/bin/env bash
# Every way to authenticate, through the module and the lookup, against the emulator: explicit options,
# Ansible variables, module_defaults (auth.yml), then credentials from environment variables (env.yml,
# once for each environment). 90 records served at most 40 per page; the child accounts get 45 and 30.
set -eux

# The environment variables under test must come from this script only.
unset VOXIMPLANT_CREDENTIALS VOXIMPLANT_TOKEN ANSIBLE_VOXIMPLANT_CREDENTIALS_FILE ANSIBLE_VOXIMPLANT_TOKEN \
    ANSIBLE_VOXIMPLANT_API_URL ANSIBLE_VOXIMPLANT_ACCOUNT_ID ANSIBLE_VOXIMPLANT_API_KEY

# shellcheck source=../setup_emulator/emulator.sh
source ../setup_emulator/emulator.sh

emulator_start --records 90 --page-cap 40

# Tokens signed with PyJWT from the emulator's key, and keys the emulator does not trust.
inputs="${EMULATOR_STATE_DIR}/auth_inputs"
"${EMULATOR_PYTHON}" files/make_auth_inputs.py "${EMULATOR_CREDENTIALS}" "${inputs}"

inventory=()
if [ -n "${INVENTORY_PATH:-}" ]; then
    inventory=(-i "${INVENTORY_PATH}")
fi

ansible-playbook "${inventory[@]}" auth.yml -e "@${inputs}/vars.json" "$@"

# Credentials from the environment (the module reads localhost's, which inherits this one; the lookup the
# controller's).
AUTH_ENV_RUN="VOXIMPLANT_CREDENTIALS and ANSIBLE_VOXIMPLANT_API_URL" \
VOXIMPLANT_CREDENTIALS="${EMULATOR_CREDENTIALS}" \
ANSIBLE_VOXIMPLANT_API_URL="${EMULATOR_URL}" \
    ansible-playbook "${inventory[@]}" env.yml -e page_base=3000 \
    -e '{"env_cases": [{"name": "no option set", "args": {}, "account": "main"}]}' "$@"

AUTH_ENV_RUN="ANSIBLE_VOXIMPLANT_CREDENTIALS_FILE ranks above VOXIMPLANT_CREDENTIALS" \
ANSIBLE_VOXIMPLANT_CREDENTIALS_FILE="${EMULATOR_CREDENTIALS}" \
VOXIMPLANT_CREDENTIALS=/nonexistent/credentials.json \
    ansible-playbook "${inventory[@]}" env.yml -e page_base=3200 \
    -e "{\"env_cases\": [{\"name\": \"api_url only\", \"args\": {\"api_url\": \"${EMULATOR_URL}\"}, \"account\": \"main\"}]}" "$@"

# The child account's token: only the environment can make the module and the lookup act on the child.
child_token_file="${inputs}/child_token"
"${EMULATOR_PYTHON}" -c 'import json, sys; print(json.load(open(sys.argv[1]))["child_token"])' "${inputs}/vars.json" >"${child_token_file}"
env_cases="[
  {\"name\": \"VOXIMPLANT_TOKEN\", \"args\": {\"api_url\": \"${EMULATOR_URL}\"}, \"account\": \"child\"},
  {\"name\": \"credentials_file in the task wins over VOXIMPLANT_TOKEN\",
   \"args\": {\"api_url\": \"${EMULATOR_URL}\", \"credentials_file\": \"${EMULATOR_CREDENTIALS}\"}, \"account\": \"main\"}
]"
{ set +x; } 2>/dev/null
VOXIMPLANT_TOKEN="$(cat "${child_token_file}")"
export VOXIMPLANT_TOKEN
set -x
AUTH_ENV_RUN="VOXIMPLANT_TOKEN" \
    ansible-playbook "${inventory[@]}" env.yml -e page_base=3400 -e "{\"env_cases\": ${env_cases}}" "$@"
unset VOXIMPLANT_TOKEN
