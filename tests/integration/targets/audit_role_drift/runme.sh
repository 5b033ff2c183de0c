#!/usr/bin/env bash
# Drift: the audit role against the emulator twice, with registrations added, removed and changed through the
# emulator's admin API in between; the second run takes the first run's JSON report as its baseline.
# drift.yml computes every expected change from the emulator's own records.
set -eux

source ../setup_emulator/emulator.sh

emulator_start --records 60 --seed 11

inventory=()
if [ -n "${INVENTORY_PATH:-}" ]; then
    inventory=(-i "${INVENTORY_PATH}")
fi

report_root="${OUTPUT_DIR:-${EMULATOR_STATE_DIR}}/audit_role_drift_reports"
rm -rf "${report_root}"

ansible-playbook "${inventory[@]}" drift.yml \
    -e "emulator_api_url=${EMULATOR_URL}" \
    -e "emulator_credentials_file=${EMULATOR_CREDENTIALS}" \
    -e "emulator_admin_url=${EMULATOR_ADMIN_URL}" \
    -e "emulator_child_account_id=$(emulator_info account_id | awk '{print $1 + 1}')" \
    -e "report_root=${report_root}" \
    "$@"
