#!/usr/bin/env bash
# Transport security (issue "Transport security"): TLS is verified by default, ca_path works with the
# emulator's generated CA, validate_certs false warns; secrets never go over plain http:// to a host
# other than loopback unless allow_insecure_http is set, and redirects are not followed.
set -eux

# shellcheck source=../setup_emulator/emulator.sh
source ../setup_emulator/emulator.sh

redirector_pid=""
cleanup() {
    if [ -n "${redirector_pid}" ]; then
        kill "${redirector_pid}" 2>/dev/null || true
        wait "${redirector_pid}" 2>/dev/null || true
    fi
    emulator_stop
}

# 1. HTTPS.
emulator_start --tls --records 30
trap cleanup EXIT  # emulator_start installed its own; cleanup calls it
emulator_ca="$(emulator_info ca_path)"
# A real CA bundle that did not sign the emulator's certificate: certifi's, which requests uses.
other_ca="$("${EMULATOR_PYTHON}" -c 'import certifi; print(certifi.where())')"

tls_vars=(
    -i "${INVENTORY_PATH}"
    -e "@${EMULATOR_VARS}"
)
ansible-playbook "${tls_vars[@]}" -e "other_ca=${other_ca}" tls.yml "$@"

output="${EMULATOR_STATE_DIR}/tls_env.log"
ANSIBLE_VOXIMPLANT_CA_PATH="${emulator_ca}" ansible-playbook "${tls_vars[@]}" tls_env.yml "$@" >"${output}" 2>&1 || {
    cat "${output}"
    exit 1
}
cat "${output}"
# The lookup's warning for validate_certs false (a module's warning is checked in tls.yml).
grep -q "validate_certs is false" "${output}" || {
    echo "the lookup did not warn about validate_certs false" >&2
    exit 1
}
# ...and only that warning: not urllib3's InsecureRequestWarning on stderr for every request.
if grep -E "InsecureRequestWarning|errantly sent data directly to stderr" "${output}"; then
    echo "a warning was printed on stderr besides the collection's own" >&2
    exit 1
fi
emulator_stop

# 2. Plain HTTP, listening on every interface so that a non-loopback address reaches it too.
emulator_start --host 0.0.0.0 --records 30
trap cleanup EXIT  # emulator_start installed its own
local_address="$("${EMULATOR_PYTHON}" files/local_address.py)"
remote_url=""
if [ -n "${local_address}" ]; then
    remote_url="${EMULATOR_URL/127.0.0.1/${local_address}}"
else
    echo "no non-loopback address on this host: the opt-in over a real non-loopback URL is not tested"
fi

port_file="${EMULATOR_STATE_DIR}/redirector.port"
# Its output is not the target's: ansible-test waits for every holder of the target's stdout to exit.
"${EMULATOR_PYTHON}" files/redirector.py 307 "${remote_url:-${EMULATOR_URL}}" "${port_file}" >/dev/null 2>&1 &
redirector_pid=$!
for _ in $(seq 100); do
    [ -s "${port_file}" ] && break
    sleep 0.1
done
redirect_url="http://127.0.0.1:$(cat "${port_file}")/platform_api"

ansible-playbook -i "${INVENTORY_PATH}" -e "@${EMULATOR_VARS}" \
    -e "remote_url=${remote_url}" \
    -e "redirect_url=${redirect_url}" \
    http.yml "$@"
