#!/usr/bin/env bash
# Trust (issue 8, core): a hostile server of the test's own (files/hostile_server.py, loopback only,
# bounded in time and requests) attacks the module and the lookup; every attack must end in the right
# answer with few requests, or a clear error within a bounded time and memory, and no secret echoed by
# the server may reach the output in any encoding. Wrong-kind credential files and weak keys are refused
# before any request.
set -eux

python="${ANSIBLE_TEST_PYTHON_INTERPRETER:-python}"
work="$(mktemp -d "${TMPDIR:-/tmp}/vox-hostile.XXXXXX")"
server_pid=""
cleanup() {
    if [ -n "${server_pid}" ]; then
        kill "${server_pid}" 2>/dev/null || true
        wait "${server_pid}" 2>/dev/null || true
    fi
    rm -rf "${work}"
}
trap cleanup EXIT

"${python}" files/make_inputs.py "${work}"
mkfifo -m 0600 "${work}/fifo"
truncate -s 1G "${work}/sparse.json"

# Its output is not the target's: ansible-test waits for every holder of the target's stdout to exit.
"${python}" files/hostile_server.py "${work}/port" >/dev/null 2>&1 &
server_pid=$!
for _ in $(seq 300); do
    [ -s "${work}/port" ] && break
    sleep 0.1
done
port="$(cat "${work}/port")"

# Bounded memory: a body read whole (100 MiB, or the 2 GiB the gzip bomb expands to) would not fit. The
# bound leaves room for Ansible itself and the threads' stacks (virtual memory, not resident).
ulimit -v 3000000

# -vvv: the module's arguments and results are shown, so a leak would be seen in the output.
ansible-playbook -i "${INVENTORY_PATH}" -e "hostile_port=${port}" -e "work=${work}" -e "@${work}/vars.json" \
    hostile.yml -vvv "$@" >"${work}/output.log" 2>&1 || {
    grep -E "^(fatal|failed):|assertion|evaluated_to|msg" "${work}/output.log" | cut -c1-600 | tail -n 80 || true
    exit 1
}
tail -n 5 "${work}/output.log"
# The api_key, the token and two signed JWTs (module and lookup) were echoed.
"${python}" files/check_secrets.py "http://127.0.0.1:${port}" 4 "${work}/output.log"
