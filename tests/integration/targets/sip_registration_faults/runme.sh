#!/usr/bin/env bash
# Fault matrix (issue "Faults"): each case of faults.yml runs through the module and the lookup
# against the emulator with its fault switches set, and asserts the outcome and the time it took.
set -eux

# shellcheck source=../setup_emulator/emulator.sh
source ../setup_emulator/emulator.sh

# 120 records served 50 at a time: three pages and a confirming one.
emulator_start --records 120 --page-cap 50

ansible-playbook -i inventory.ini faults.yml \
    -e "emulator_url=${EMULATOR_URL}" \
    -e "emulator_admin_url=${EMULATOR_ADMIN_URL}" \
    -e "emulator_credentials=${EMULATOR_CREDENTIALS}" \
    "$@"
