#!/usr/bin/env bash
# The role voximplant.management.sip_registration_audit against the API emulator (150 records, seed 7: the data
# set contains failing, in-progress, deactivated and unbound registrations). audit.yml computes every expected
# number from the module's own output.
set -eux

source ../setup_emulator/emulator.sh

emulator_start --records 150 --seed 7

inventory=()
if [ -n "${INVENTORY_PATH:-}" ]; then
    inventory=(-i "${INVENTORY_PATH}")
fi

report_root="${OUTPUT_DIR:-${EMULATOR_STATE_DIR}}/audit_role_reports"
rm -rf "${report_root}"

ansible-playbook "${inventory[@]}" audit.yml \
    -e "emulator_api_url=${EMULATOR_URL}" \
    -e "emulator_credentials_file=${EMULATOR_CREDENTIALS}" \
    -e "emulator_admin_url=${EMULATOR_ADMIN_URL}" \
    -e "report_root=${report_root}" \
    "$@"
