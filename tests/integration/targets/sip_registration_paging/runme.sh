#!/usr/bin/env bash
# Complete listings across pages: 2500 records served at most 100 per page, through the module and the
# lookup, with the response's count meaning the page length, then (after a restart) the total.
set -eux

# shellcheck source=../setup_emulator/emulator.sh
source ../setup_emulator/emulator.sh

inventory=()
if [ -n "${INVENTORY_PATH:-}" ]; then
    inventory=(-i "${INVENTORY_PATH}")
fi

for count_means in page total; do
    emulator_start --records 2500 --page-cap 100 --count-means "${count_means}"
    ansible-playbook "${inventory[@]}" paging.yml -e "count_means=${count_means}" "$@"
    emulator_stop
done
