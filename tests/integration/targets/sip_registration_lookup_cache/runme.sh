#!/usr/bin/env bash
# The lookup's per-run cache, attacked the way issue 8 describes (CI runs this as root):
#   - links and directories planted before the run at every path another user could predict, the
#     1.0.0 path $TMPDIR/voximplant-management-<uid>/<pid>/... included: nothing planted is followed,
#     changed or removed, the victim file is intact, and nothing is written outside the run's private dir;
#   - cache.yml: misspelt keywords, one listing per run, entries poisoned mid-run, a replaced key file;
#   - two runs in separate PID namespaces (both pid 1) with registrations deleted in between;
#   - afterwards no file with registration data remains under $TMPDIR or $ANSIBLE_LOCAL_TEMP.
set -eux -o pipefail

# shellcheck source=../setup_emulator/emulator.sh
source ../setup_emulator/emulator.sh

# 150 records, 50 a page: a listing takes several requests. Started before TMPDIR is replaced below,
# so its state directory is not part of what the checks look at.
emulator_start --records 150 --page-cap 50 --seed 8

work="$(mktemp -d "${TMPDIR:-/tmp}/lookup-cache-test.XXXXXX")"
cleanup() {
    emulator_stop
    rm -rf "${work}"
}
trap cleanup EXIT

# What the run may touch: a TMPDIR and an ANSIBLE_LOCAL_TEMP of the test's own (the latter holds the
# run's private ansible-local-* directory); logs and the victim live elsewhere in ${work}.
export TMPDIR="${work}/tmp"
export ANSIBLE_LOCAL_TEMP="${work}/local"
export ANSIBLE_REMOTE_TEMP="${work}/remote"
mkdir -m 0700 "${TMPDIR}" "${ANSIBLE_LOCAL_TEMP}" "${work}/logs"
uid="$(id -u)"
victim="${work}/victim"
printf 'precious' >"${victim}"
chmod 0644 "${victim}"
victim_dir="${work}/victim-dir"
mkdir -p "${victim_dir}/12345" "${victim_dir}/1"
printf 'keep me' >"${victim_dir}/12345/data"

# --- planted before the run -------------------------------------------------------------------------
# 1.0.0's root, made by "another user" (nobody), world-writable, with a pid directory for every pid
# the run could get, each holding links to the victim at the entry and temporary names 1.0.0 used.
old_root="${TMPDIR}/voximplant-management-${uid}"
mkdir -m 0777 "${old_root}"
for pid in 1 2 3 $$ $(( $$ + 1 )) $(( $$ + 2 )); do
    mkdir -m 0777 "${old_root}/${pid}"
    for n in 0 1 2 3; do
        ln -s "${victim}" "${old_root}/${pid}/entry${n}.json"
        ln -s "${victim}" "${old_root}/${pid}/entry${n}.json.${pid}.tmp"
    done
    printf '[]' >"${old_root}/${pid}/planted.json"
done
# A dead "pid" whose directory is a link to a victim directory (1.0.0 rmtree'd dead runs).
ln -s "${victim_dir}" "${old_root}/999999"
if [ "${uid}" -eq 0 ]; then
    chown -R -h 65534:65534 "${old_root}"
else
    echo "NOTE: not root: the planted 1.0.0 root stays owned by this user (CI runs as root and plants it as nobody)"
fi
# The cache directory's name and ansible-core's run-directory prefix, planted where they are predictable.
ln -s "${victim_dir}" "${ANSIBLE_LOCAL_TEMP}/voximplant.management-lookup-cache"
ln -s "${victim_dir}" "${TMPDIR}/voximplant.management-lookup-cache"
ln -s "${victim}" "${ANSIBLE_LOCAL_TEMP}/ansible-local-1"
mkdir -m 0777 "${ANSIBLE_LOCAL_TEMP}/ansible-local-$$"

# Every path, its kind, size, owner, mode, link target, mtime and content digest. The mtimes of TMPDIR and
# ANSIBLE_LOCAL_TEMP themselves are left out: Python's tempfile probes TMPDIR with a file it removes, modules
# unpack there, and ansible-core makes and removes each run's private directory in ANSIBLE_LOCAL_TEMP.
snapshot() {
    {
        find "${TMPDIR}" "${ANSIBLE_LOCAL_TEMP}" -mindepth 1 -printf '%p %y %s %U %m %l %T@\n'
        find "${victim}" "${victim_dir}" -printf '%p %y %s %U %m %l %T@\n'
        find "${TMPDIR}" "${ANSIBLE_LOCAL_TEMP}" "${victim}" "${victim_dir}" -type f -exec sha256sum {} +
    } | sort
}
snapshot >"${work}/logs/before"

# Its own inventory, not ansible-test's: four hosts, for four workers templating the same lookup at once.
inventory=(-i inventory.ini)
common=(
    -e "@${EMULATOR_VARS}"
    -e "local_temp=${ANSIBLE_LOCAL_TEMP}"
)

# --- one run: cache.yml --------------------------------------------------------------------------------
ANSIBLE_FORKS=4 ansible-playbook "${inventory[@]}" cache.yml "${common[@]}" \
    -e "victim=${victim}" -e "key_copy=${work}/key.json" "$@" 2>&1 | tee "${work}/logs/cache.log"
# The poisoned and linked entries were each refused with a warning saying why. ansible-core 2.16 wraps a warning
# at 80 columns, dropping the space at each break: its continuation lines are joined back with a space first.
awk '/^\[WARNING\]: / { if (w != "") print w; w = $0; next }
     w != "" && /^(TASK|PLAY|ok:|changed:|fatal:|failed:|skipping:|included:|\[|$)/ { print w; w = "" }
     w != "" { w = w " " $0; next }
     { print }
     END { if (w != "") print w }' "${work}/logs/cache.log" >"${work}/logs/cache-warnings.log"
grep -Eq "lookup cache entry ignored: .*(belongs to uid 65534|has mode 0644, not 0600)" "${work}/logs/cache-warnings.log"
grep -q "lookup cache entry ignored: cannot open .*json: Too many levels of symbolic links" "${work}/logs/cache-warnings.log"
grep -q "lookup cache not used: cannot open the lock file .*: Too many levels of symbolic links" "${work}/logs/cache-warnings.log"
rm -f "${work}/key.json"

# --- two runs in separate PID namespaces ------------------------------------------------------------------
records_now() {
    "${EMULATOR_PYTHON}" - "${EMULATOR_ADMIN_URL}" <<'PYTHON'
import json, sys, urllib.request
opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
with opener.open(sys.argv[1] + "/records", timeout=30) as response:
    print(len(json.load(response)))
PYTHON
}
delete_records() {
    "${EMULATOR_PYTHON}" - "${EMULATOR_ADMIN_URL}" "$1" <<'PYTHON'
import json, sys, urllib.request
opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
body = json.dumps({"delete": int(sys.argv[2])}).encode()
request = urllib.request.Request(sys.argv[1] + "/mutate", data=body, headers={"Content-Type": "application/json"})
with opener.open(request, timeout=30) as response:
    print(len(json.load(response)["deleted"]), "deleted")
PYTHON
}
if unshare -pf --mount-proc true 2>"${work}/logs/unshare.err"; then
    for run in 1 2; do
        expected="$(records_now)"
        unshare -pf --mount-proc ansible-playbook "${inventory[@]}" pidns.yml "${common[@]}" \
            -e "run_label=${run}" -e "expected_count=${expected}" "$@"
        if [ "${run}" = 1 ]; then
            delete_records 50
        fi
    done
    # The second run asserted it listed the 100 records left (1.0.0, keyed by pid 1, served it the first run's 150).
    [ "${expected}" -eq 100 ]
else
    echo "SKIPPED: the two runs in separate PID namespaces: unshare -pf --mount-proc is not permitted here: $(cat "${work}/logs/unshare.err")"
fi

# --- afterwards --------------------------------------------------------------------------------------------
snapshot >"${work}/logs/after"
# Nothing planted was followed, changed or removed, and nothing was added: the runs wrote only
# inside their private directories, which ansible-core removed at exit.
diff "${work}/logs/before" "${work}/logs/after"
# No file holding registration data is left (the data set's field names are in every record).
if grep -rl "sip_registration_id" "${TMPDIR}" "${ANSIBLE_LOCAL_TEMP}" 2>/dev/null; then
    echo "registration data left behind" >&2
    exit 1
fi
