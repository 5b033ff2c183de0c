# shellcheck shell=bash
# Start and stop the Voximplant API emulator (tests/emulator) for runme.sh integration targets (targets that only run
# tasks depend on the setup_emulator role instead: README.md).
#
# Usage, from a target whose aliases contain needs/target/setup_emulator:
#
#   source ../setup_emulator/emulator.sh
#   emulator_start --records 300 --page-cap 50
#   ansible-playbook -i "${INVENTORY_PATH}" -e "@${EMULATOR_VARS}" play.yml     # the playbook reads emulator.url, ...
#   emulator_stop      # optional: an EXIT trap stops it too; call it before starting another one
#
# emulator_start exports:
#   EMULATOR_STATE_DIR    the state dir (credentials.json, emulator.json, ca.pem with --tls)
#   EMULATOR_INFO         the path of emulator.json
#   EMULATOR_CREDENTIALS  the path of the service-account key credentials.json
#   EMULATOR_URL          the API base URL (.../platform_api)
#   EMULATOR_ADMIN_URL    the admin base URL (.../__emulator)
#   EMULATOR_PYTHON       the interpreter that runs the emulator (the one ansible-test runs with)
#   EMULATOR_PYTHONPATH   the directory holding the voximplant_emulator package (its tokens helper signs test JWTs)
#   EMULATOR_VARS         a JSON file {"emulator": {...}} for `ansible-playbook -e "@${EMULATOR_VARS}"`: the same
#                         variable the setup_emulator role sets for tasks targets (emulator.json + state_dir, pythonpath)
# Sourcing it also puts its lookup_plugins/ (the emulator_admin lookup) on ANSIBLE_LOOKUP_PLUGINS.
#
# It installs an EXIT trap that stops the emulator; a target that needs its own EXIT trap must call
# emulator_stop from it.

# ansible-test exports ANSIBLE_TEST_PYTHON_INTERPRETER to runme.sh: the controller's python (the venv one
# with --venv), which has requests, PyJWT and cryptography.
EMULATOR_PYTHON="${ANSIBLE_TEST_PYTHON_INTERPRETER:-python}"
export EMULATOR_PYTHON

_EMULATOR_SETUP_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# The emulator_admin lookup (the admin API without a module run per call) for every target's playbooks.
export ANSIBLE_LOOKUP_PLUGINS="${_EMULATOR_SETUP_DIR}/lookup_plugins${ANSIBLE_LOOKUP_PLUGINS:+:${ANSIBLE_LOOKUP_PLUGINS}}"
_EMULATOR_PID=""
_EMULATOR_TMP=""
_EMULATOR_PACKAGE_DIR=""

# The directory holding the voximplant_emulator package. ansible-test runs targets from a copy under
# <collection>/tests/output/.tmp/, so walking up from here finds the collection's tests/emulator both
# there and in a source checkout; ANSIBLE_COLLECTIONS_PATH (set by ansible-test) is the fallback.
_emulator_package_dir() {
    local dir="${_EMULATOR_SETUP_DIR}"
    while [ "${dir}" != "/" ]; do
        if [ -f "${dir}/tests/emulator/voximplant_emulator/__main__.py" ]; then
            printf '%s\n' "${dir}/tests/emulator"
            return 0
        fi
        dir="$(dirname "${dir}")"
    done
    local root
    for root in ${ANSIBLE_COLLECTIONS_PATH//:/ }; do
        if [ -f "${root}/ansible_collections/voximplant/management/tests/emulator/voximplant_emulator/__main__.py" ]; then
            printf '%s\n' "${root}/ansible_collections/voximplant/management/tests/emulator"
            return 0
        fi
    done
    echo "emulator.sh: cannot find tests/emulator/voximplant_emulator" >&2
    return 1
}

# One field of emulator.json, printed as text.
emulator_info() {
    "${EMULATOR_PYTHON}" -c 'import json, sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "${EMULATOR_INFO}" "$1"
}

# The emulator's own launcher (python -m voximplant_emulator --background / --stop) does the starting,
# waiting and stopping; this file only keeps the variables the targets use.
_emulator_cli() {
    PYTHONPATH="${_EMULATOR_PACKAGE_DIR}${PYTHONPATH:+:${PYTHONPATH}}" "${EMULATOR_PYTHON}" -m voximplant_emulator "$@"
}

# emulator_start [emulator options...]: start it in the background and wait until it listens.
emulator_start() {
    if [ -n "${_EMULATOR_PID}" ]; then
        echo "emulator.sh: an emulator is already running (pid ${_EMULATOR_PID}); call emulator_stop first" >&2
        return 1
    fi
    _EMULATOR_PACKAGE_DIR="$(_emulator_package_dir)" || return 1
    _EMULATOR_TMP="$(mktemp -d "${TMPDIR:-/tmp}/voximplant-emulator.XXXXXX")" || return 1
    EMULATOR_STATE_DIR="${_EMULATOR_TMP}/state"
    EMULATOR_INFO="${EMULATOR_STATE_DIR}/emulator.json"
    EMULATOR_CREDENTIALS="${EMULATOR_STATE_DIR}/credentials.json"
    EMULATOR_VARS="${_EMULATOR_TMP}/emulator_vars.json"
    EMULATOR_PYTHONPATH="${_EMULATOR_PACKAGE_DIR}"
    export EMULATOR_STATE_DIR EMULATOR_INFO EMULATOR_CREDENTIALS EMULATOR_VARS EMULATOR_PYTHONPATH
    trap emulator_stop EXIT

    # --watch-pid: it stops by itself should this script be killed before its EXIT trap runs; --lifetime
    # bounds it in any case. emulator.json (it holds the api key) is not echoed: it stays in the state dir.
    if ! _emulator_cli --state-dir "${EMULATOR_STATE_DIR}" --port 0 --quiet --lifetime 3600 --watch-pid "$$" "$@" \
            --background --log-file "${_EMULATOR_TMP}/emulator.log" >/dev/null; then
        echo "emulator.sh: the emulator did not start (options: $*)" >&2
        emulator_stop
        return 1
    fi
    _EMULATOR_PID="$(emulator_info pid)" || return 1
    EMULATOR_URL="$(emulator_info url)" || return 1
    EMULATOR_ADMIN_URL="$(emulator_info admin_url)" || return 1
    export EMULATOR_URL EMULATOR_ADMIN_URL
    # The one variable the playbooks read (0600: emulator.json holds the api key).
    (umask 077 && "${EMULATOR_PYTHON}" -c 'import json, sys
info = json.load(open(sys.argv[1]))
info.update(state_dir=sys.argv[2], pythonpath=sys.argv[3])
json.dump({"emulator": info}, open(sys.argv[4], "w"))' "${EMULATOR_INFO}" "${EMULATOR_STATE_DIR}" "${_EMULATOR_PACKAGE_DIR}" "${EMULATOR_VARS}") || return 1
    echo "emulator.sh: emulator (pid ${_EMULATOR_PID}) listening at ${EMULATOR_URL}, options: $*"
}

# emulator_stop: stop the emulator started by emulator_start and remove its state dir.
emulator_stop() {
    if [ -n "${EMULATOR_STATE_DIR:-}" ] && [ -n "${_EMULATOR_PACKAGE_DIR}" ]; then
        _emulator_cli --stop "${EMULATOR_STATE_DIR}" || echo "emulator.sh: stopping the emulator failed" >&2
    fi
    _EMULATOR_PID=""
    if [ -n "${_EMULATOR_TMP}" ]; then
        rm -rf "${_EMULATOR_TMP}"
        _EMULATOR_TMP=""
    fi
    unset EMULATOR_URL EMULATOR_ADMIN_URL EMULATOR_STATE_DIR EMULATOR_INFO EMULATOR_CREDENTIALS EMULATOR_VARS EMULATOR_PYTHONPATH
}
