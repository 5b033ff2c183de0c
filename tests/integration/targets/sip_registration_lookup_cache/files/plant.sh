#!/usr/bin/env bash
# Poison the lookup cache of the running ansible-playbook (as root, the only user besides the owner
# who can enter its 0700 run directory). Usage: plant.sh poison|link-entries|link-locks LOCAL_TEMP VICTIM
# Prints how many files it replaced.
set -eu
action="$1"
local_temp="$2"
victim="$3"

dirs=("${local_temp}"/ansible-local-*/voximplant.management-lookup-cache)
if [ "${#dirs[@]}" -ne 1 ] || [ ! -d "${dirs[0]}" ]; then
    echo "expected one run directory with a lookup cache, found: ${dirs[*]}" >&2
    exit 1
fi
cache_dir="${dirs[0]}"

case "${action}" in
    poison) pattern="*.json" ;;
    link-entries) pattern="*.json" ;;
    link-locks) pattern="*.lock" ;;
    *) echo "unknown action ${action}" >&2; exit 2 ;;
esac

count=0
for path in "${cache_dir}"/${pattern}; do
    [ -e "${path}" ] || [ -L "${path}" ] || continue
    if [ "${action}" = poison ]; then
        # '[]' (no offenders), owned by another user (mode 0600), what an attacker would swap in; without
        # root (CI runs as root) ours but readable by others (0644).
        printf '[]' >"${path}.planted"
        if [ "$(id -u)" -eq 0 ]; then
            chown 65534:65534 "${path}.planted"
            chmod 0600 "${path}.planted"
        else
            chmod 0644 "${path}.planted"
        fi
        mv -f "${path}.planted" "${path}"
    else
        ln -sfn "${victim}" "${path}"
    fi
    count=$((count + 1))
done
echo "${count}"
