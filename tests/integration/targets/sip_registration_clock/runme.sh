#!/usr/bin/env bash
# The collection's clock-skew hint, through the module and the lookup, against an emulator whose clock is an
# hour behind the host's (the collection's fresh token is issued in the server's future: API error 455) and an
# hour ahead (the token has expired: 456). 20 records, one page.
set -eux

# shellcheck source=../setup_emulator/emulator.sh
source ../setup_emulator/emulator.sh

inventory=()
if [ -n "${INVENTORY_PATH:-}" ]; then
    inventory=(-i "${INVENTORY_PATH}")
fi

for offset_and_code in "-3600 455" "3600 456"; do
    read -r offset code <<<"${offset_and_code}"
    emulator_start --records 20 --clock-offset "${offset}"
    ansible-playbook "${inventory[@]}" clock.yml -e "clock_offset=${offset} expected_code=${code}" "$@"
    emulator_stop
done
