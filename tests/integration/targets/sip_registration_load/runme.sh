#!/usr/bin/env bash
# Load (issue "Load"): 20 concurrent lookups against an emulator that rate-limits (API error 340 beyond
# 3 requests in flight) all complete with the right records through backoff, within a bounded time.
set -eux

# shellcheck source=../setup_emulator/emulator.sh
source ../setup_emulator/emulator.sh

# 300 records, 50 a page: 7 requests a lookup; 20 ms of latency keeps requests in flight long enough to collide.
emulator_start --records 300 --page-cap 50 --max-concurrent 3 --latency-ms 20

# Its own inventory, not ansible-test's: twenty hosts, for twenty workers running the lookup at once.
ANSIBLE_FORKS=20 ansible-playbook -i inventory.ini -e "@${EMULATOR_VARS}" load.yml "$@"
