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
    local html=$1 png=$2 size=${3:-1280,1000} profile
    profile="$(mktemp -d "$WORK/chromium-profile.XXXXXX")"
    timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync --disable-extensions \
        --hide-scrollbars --force-device-scale-factor=1 --user-data-dir="$profile" --allow-file-access-from-files \
        --window-size="$size" --screenshot="$png" "file://$html" >"$png.log" 2>&1 \
        || { cat "$png.log" >&2; audit_die "chromium failed on $html"; }
    [[ -s "$png" ]] || { cat "$png.log" >&2; audit_die "chromium wrote no screenshot of $html"; }
}

audit_log "running the demo and the hostile-text audit"
audit_run_demo "$WORK/demo"
audit_run_demo "$WORK/hostile" "$AUDIT_CHECK_DIR/hostile.yml"

# dump_dom PROBE OUT: the probe page's DOM once its script measured the report in its 420 px wide frame.
dump_dom() {
    local html=$1 out=$2 profile
    profile="$(mktemp -d "$WORK/chromium-profile.XXXXXX")"
    timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync --disable-extensions \
        --hide-scrollbars --force-device-scale-factor=1 --user-data-dir="$profile" \
        --allow-file-access-from-files --window-size=600,1400 --virtual-time-budget=5000 --dump-dom "file://$html" >"$out" 2>"$out.log" \
        || { cat "$out.log" >&2; audit_die "chromium --dump-dom failed on $html"; }
}

rc=0
for run in demo hostile; do
    html="$WORK/$run/sip_registration_audit.html"
    screenshot "$html" "$WORK/$run/screenshot.png"
    # The page 420 px wide (Chromium's window is at least 500 px: a probe page frames it at 420 px): a screenshot,
    # and the layout measured in the frame.
    "$PYTHON" "$AUDIT_CHECK_DIR/check_html.py" --make-probe "$html" "$WORK/$run/probe.html"
    screenshot "$WORK/$run/probe.html" "$WORK/$run/screenshot-420.png" 420,1400
    dump_dom "$WORK/$run/probe.html" "$WORK/$run/probe-420.dom.html"
    "$PYTHON" "$AUDIT_CHECK_DIR/check_html.py" "$html" "$WORK/$run/sip_registration_audit.json" "$WORK/$run/screenshot.png" \
        "$WORK/$run/screenshot-420.png" "$WORK/$run/probe-420.dom.html" || rc=1
done
if [[ -n "${AUDIT_ARTIFACTS:-}" ]]; then
    mkdir -p "$AUDIT_ARTIFACTS"
    cp -r "$WORK/demo" "$WORK/hostile" "$AUDIT_ARTIFACTS/"
    audit_log "reports and screenshots kept in $AUDIT_ARTIFACTS"
fi
[[ $rc -eq 0 ]] || audit_die "HTML report check failed"
audit_log "passed"
