#!/usr/bin/env bash
# Proxies (issue 11): proxy_url on both plugins, HTTP_PROXY/HTTPS_PROXY/NO_PROXY from the environment, use_proxy=false
# to ignore them; api_calls checked against the emulator's own request stats and the proxy's counts. The proxy is a
# loopback forward proxy of this target (files/forward_proxy.py) that forwards to loopback only and stops by itself.
set -eux

# shellcheck source=../setup_emulator/emulator.sh
source ../setup_emulator/emulator.sh

# Only the proxies this target sets may count.
unset HTTP_PROXY HTTPS_PROXY ALL_PROXY NO_PROXY http_proxy https_proxy all_proxy no_proxy

proxy_pids=()
# The proxies outlive each emulator: their state files live here, not in an emulator's state dir.
work="$(mktemp -d "${TMPDIR:-/tmp}/voximplant-proxy.XXXXXX")"
cleanup() {
    local pid
    for pid in "${proxy_pids[@]}"; do
        kill "${pid}" 2>/dev/null || true
        wait "${pid}" 2>/dev/null || true
    done
    emulator_stop
    rm -rf "${work}"
}

# start_proxy STATE_FILE [USER:PASSWORD]: start a forward proxy and wait until it wrote its port.
start_proxy() {
    # Its output is not the target's: ansible-test waits for every holder of the target's stdout to exit.
    "${EMULATOR_PYTHON}" files/forward_proxy.py "$@" >/dev/null 2>&1 &
    proxy_pids+=($!)
    for _ in $(seq 100); do
        [ -s "$1" ] && return 0
        sleep 0.1
    done
    echo "the forward proxy did not start" >&2
    return 1
}
proxy_port() {
    "${EMULATOR_PYTHON}" -c 'import json, sys; print(json.load(open(sys.argv[1]))["port"])' "$1"
}

# 1. Plain HTTP emulator, one open proxy and one that demands a password.
emulator_start --records 60 --page-cap 25
trap cleanup EXIT  # emulator_start installed its own; cleanup calls it
proxy_state="${work}/proxy.json"
auth_proxy_state="${work}/auth_proxy.json"
proxy_password="S3cret-proxy-pw"
start_proxy "${proxy_state}"
start_proxy "${auth_proxy_state}" "alice:${proxy_password}"
proxy_url="http://127.0.0.1:$(proxy_port "${proxy_state}")"

common=(
    -i "${INVENTORY_PATH}"
    -e "@${EMULATOR_VARS}"
    -e "proxy_state=${proxy_state}"
    -e "proxy_url=${proxy_url}"
)

# proxy_url: module and lookup; the lookup's api_calls line at -v; the proxy password nowhere in the output.
output="${work}/proxy.log"
ansible-playbook "${common[@]}" \
    -e "auth_proxy_state=${auth_proxy_state}" \
    -e "auth_proxy_port=$(proxy_port "${auth_proxy_state}")" \
    -e "proxy_password=${proxy_password}" \
    proxy.yml -v "$@" >"${output}" 2>&1 || {
    cat "${output}"
    exit 1
}
cat "${output}"
grep -E "voximplant.management.sip_registrations: api_calls=\{'requests': [0-9]+, 'pages': [0-9]+, 'retries': 0, 'seconds': [0-9.]+\}" "${output}"
if grep -F "${proxy_password}" "${output}"; then
    echo "the proxy password appeared in the output" >&2
    exit 1
fi

# The environment's proxy, for the module (on localhost it inherits this environment) and the lookup.
HTTP_PROXY="${proxy_url}" ansible-playbook "${common[@]}" -e expect_proxy=true env.yml "$@"
http_proxy="${proxy_url}" ansible-playbook "${common[@]}" -e expect_proxy=true env.yml "$@"
# NO_PROXY exempts the emulator's host (loopback is not exempt by default: the run above went through the proxy).
HTTP_PROXY="${proxy_url}" NO_PROXY="127.0.0.1" ansible-playbook "${common[@]}" -e expect_proxy=false env.yml "$@"
emulator_stop

# 2. HTTPS emulator: the proxy tunnels (CONNECT), from proxy_url and from HTTPS_PROXY.
emulator_start --tls --records 30
trap cleanup EXIT
tls=(
    -i "${INVENTORY_PATH}"
    -e "@${EMULATOR_VARS}"
    -e "proxy_state=${proxy_state}"
    -e "proxy_url=${proxy_url}"
)
ansible-playbook "${tls[@]}" -e expect_proxy_from_env=false tls.yml "$@"
HTTPS_PROXY="${proxy_url}" ansible-playbook "${tls[@]}" -e expect_proxy_from_env=true tls.yml "$@"
