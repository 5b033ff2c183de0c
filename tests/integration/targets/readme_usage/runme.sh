#!/usr/bin/env bash
# The README's Usage example runs as written against the bundled emulator (the demo's data set: 150 records,
# seed 7) with only its two documented variables given on the command line; files/check_usage.py holds each task's
# result against what the emulator's own data set says it must be.
set -eux

# shellcheck source=../setup_emulator/emulator.sh
source ../setup_emulator/emulator.sh

# The README of the collection this target was copied from (ansible-test runs a copy under tests/output/.tmp/).
readme=""
dir="$(pwd)"
while [ "${dir}" != "/" ]; do
    if [ -f "${dir}/README.md" ] && [ -f "${dir}/galaxy.yml" ]; then
        readme="${dir}/README.md"
        break
    fi
    dir="$(dirname "${dir}")"
done
[ -n "${readme}" ] || { echo "no README.md of the collection above $(pwd)" >&2; exit 1; }

emulator_start --records 150 --seed 7
work="${EMULATOR_STATE_DIR}/usage"
mkdir -p "${work}"
"${EMULATOR_PYTHON}" files/check_usage.py extract "${readme}" "${work}/usage.yml"

USAGE_RESULTS="${work}/result.json" ANSIBLE_CALLBACK_PLUGINS="$(pwd)/callback_plugins" ANSIBLE_CALLBACKS_ENABLED=usage_results \
    ansible-playbook -i "${INVENTORY_PATH}" "${work}/usage.yml" \
    -e "voximplant_api_url=${EMULATOR_URL}" -e "voximplant_credentials_file=${EMULATOR_CREDENTIALS}" "$@"
"${EMULATOR_PYTHON}" -c 'import json, sys, urllib.request; print(urllib.request.urlopen(sys.argv[1] + "/records", timeout=10).read().decode())' \
    "${EMULATOR_ADMIN_URL}" >"${work}/records.json"
"${EMULATOR_PYTHON}" files/check_usage.py check "${work}/result.json" "${work}/records.json"
