#!/usr/bin/env bash
# The audit role's HTML report in a real headless browser (Debian's chromium): runs the demo (emulator data set
# with failing registrations) and the hostile-text audit, screenshots both pages and checks them
# (tests/checks/audit/check_html.py: self-contained, consistent with the JSON result, chart colours present and
# bars to scale). AUDIT_ARTIFACTS=DIR keeps the reports and screenshots there.
set -euo pipefail
# shellcheck source=tests/checks/audit/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/audit/common.sh"

CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
[[ -x "$CHROMIUM" ]] || audit_die "$CHROMIUM not found: apt-get install chromium"
PYTHON="$(audit_python)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/audit-html.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

screenshot() {
    local html=$1 png=$2 profile
    profile="$(mktemp -d "$WORK/chromium-profile.XXXXXX")"
    timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync --disable-extensions \
        --hide-scrollbars --force-device-scale-factor=1 --user-data-dir="$profile" \
        --window-size=1280,1000 --screenshot="$png" "file://$html" >"$png.log" 2>&1 \
        || { cat "$png.log" >&2; audit_die "chromium failed on $html"; }
    [[ -s "$png" ]] || { cat "$png.log" >&2; audit_die "chromium wrote no screenshot of $html"; }
}

audit_log "running the demo and the hostile-text audit"
audit_run_demo "$WORK/demo"
audit_run_demo "$WORK/hostile" "$AUDIT_CHECK_DIR/hostile.yml"

rc=0
for run in demo hostile; do
    screenshot "$WORK/$run/sip_registration_audit.html" "$WORK/$run/screenshot.png"
    "$PYTHON" "$AUDIT_CHECK_DIR/check_html.py" "$WORK/$run/sip_registration_audit.html" \
        "$WORK/$run/sip_registration_audit.json" "$WORK/$run/screenshot.png" || rc=1
done
if [[ -n "${AUDIT_ARTIFACTS:-}" ]]; then
    mkdir -p "$AUDIT_ARTIFACTS"
    cp -r "$WORK/demo" "$WORK/hostile" "$AUDIT_ARTIFACTS/"
    audit_log "reports and screenshots kept in $AUDIT_ARTIFACTS"
fi
[[ $rc -eq 0 ]] || audit_die "HTML report check failed"
audit_log "passed"
