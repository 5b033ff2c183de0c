#!/usr/bin/env bash
# Every filter, through the module and the lookup, against the emulator: two hundred records served
# at most 25 per page, so that every listing spans several pages.
set -eux

# shellcheck source=../setup_emulator/emulator.sh
source ../setup_emulator/emulator.sh

emulator_start --records 200 --page-cap 25 --seed 11

inventory=()
if [ -n "${INVENTORY_PATH:-}" ]; then
    inventory=(-i "${INVENTORY_PATH}")
fi

ansible-playbook "${inventory[@]}" filters.yml "$@"
