#!/usr/bin/env bash
# Render the collection's documentation (module, lookup, role and docs/docsite/ pages) to HTML, offline.
#
# Usage: scripts/lib/build-docs.sh OUTPUT_DIR
#
# Writes the HTML site into OUTPUT_DIR (replaced): index.html (the collection), sip_registration_info_module.html,
# sip_registrations_lookup.html, sip_registration_audit_role.html, environment_variables.html and docsite/*.html.
# Exit status 0 only when lint and rendering produced no error and no warning.
#
# Steps, each failing the script on an error or a warning:
#   1. stage the working tree (tracked + untracked-but-not-ignored files) into
#      WORK/collections/ansible_collections/voximplant/management (antsibull-docs needs that path);
#   2. antsibull-docs lint-collection-docs --plugin-docs (plugin docs, role argument spec, extra docs, links.yml);
#   3. antsibull-docs sphinx-init --use-current, with the intersphinx mapping replaced by a local inventory of
#      the few docs.ansible.com labels the generated pages reference (no network access);
#   4. antsibull-docs collection --fail-on-error, then sphinx-build -W --keep-going (nitpicky: every
#      unresolved reference, bad markup or highlighting failure is an error).
#
# Needs a virtualenv with ansible-core, antsibull-docs and Sphinx (nox -e "check(docs_build)" makes one). The Sphinx theme
# sphinx-ansible-theme is used from that virtualenv when installed there; otherwise it is installed once with
# pip --target into $VENV_ROOT/docs-theme (pip needs a package index the first time) and put on PYTHONPATH.
#
# Env: VENV        virtualenv with ansible-core + antsibull-docs (default: .venv/ansible-2.19)
#      VENV_ROOT   where docs-theme/ is kept (default: .venv)
#      BUILD_DOCS_KEEP=1   keep the scratch directory (printed at the end)
#      TMPDIR
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
NAMESPACE=voximplant
NAME=management
FQCN="$NAMESPACE.$NAME"
VENV="${VENV:-$REPO_ROOT/.venv/ansible-2.19}"
VENV_ROOT="${VENV_ROOT:-$REPO_ROOT/.venv}"
THEME_DIR="$VENV_ROOT/docs-theme"
# Pinned: checked with Sphinx 9.0 and antsibull-docs 2.28 (no dependency resolution happens with --target --no-deps).
THEME_PACKAGES=(sphinx-ansible-theme==0.10.4 sphinx-rtd-theme==3.1.0 sphinxcontrib-jquery==4.1)

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

[[ $# -eq 1 && -n "$1" && "$1" != -* ]] || { sed -n '2,25p' "${BASH_SOURCE[0]}" >&2; exit 2; }
mkdir -p "$1"
OUTPUT_DIR="$(cd "$1" && pwd)"
# OUTPUT_DIR is replaced: refuse anything that holds the repository, and non-empty directories that are not an
# earlier output of this script (Sphinx leaves a .buildinfo file in it).
case "$REPO_ROOT/" in "$OUTPUT_DIR"/*) die "refusing to replace $OUTPUT_DIR: it contains the repository" ;; esac
if [[ -n "$(ls -A "$OUTPUT_DIR")" && ! -f "$OUTPUT_DIR/.buildinfo" ]]; then
    die "refusing to replace $OUTPUT_DIR: not empty and not an earlier documentation build"
fi

for tool in python antsibull-docs ansible-doc sphinx-build; do
    [[ -x "$VENV/bin/$tool" ]] || die "$VENV/bin/$tool is missing: set VENV (nox -e 'check(docs_build)' runs this script in one)"
done
PYTHON="$VENV/bin/python"
export PATH="$VENV/bin:$PATH" VIRTUAL_ENV="$VENV"

WORK_DIR="$(mktemp -d "${TMPDIR:-/tmp}/voximplant-docs.XXXXXX")"
cleanup() {
    if [[ "${BUILD_DOCS_KEEP:-0}" == 1 ]]; then log "scratch directory kept: $WORK_DIR"; else rm -rf "$WORK_DIR"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Keep Ansible's state out of $HOME and away from other installed collections.
export ANSIBLE_COLLECTIONS_PATH="$WORK_DIR/collections"
export ANSIBLE_COLLECTIONS_SCAN_SYS_PATH=false
export ANSIBLE_LOCAL_TEMP="$WORK_DIR/ansible-tmp"
export ANSIBLE_NOCOLOR=1 ANSIBLE_DEPRECATION_WARNINGS=true
export PYTHONDONTWRITEBYTECODE=1

# 1. stage the collection
COLLECTION_DIR="$ANSIBLE_COLLECTIONS_PATH/ansible_collections/$NAMESPACE/$NAME"
log "staging the working tree in $COLLECTION_DIR"
mkdir -p "$COLLECTION_DIR"
git -C "$REPO_ROOT" ls-files -z --cached --others --exclude-standard \
    | while IFS= read -r -d '' f; do [[ -f "$REPO_ROOT/$f" ]] && printf '%s\0' "$f"; done \
    | grep -z -v -E '^(\.venv[^/]*|\.demo|reports|tests/output|\.git)/' \
    | (cd "$REPO_ROOT" && tar --null --files-from=- --dereference -cf -) \
    | tar -xf - -C "$COLLECTION_DIR"
[[ -f "$COLLECTION_DIR/galaxy.yml" ]] || die "staging failed: no galaxy.yml in $COLLECTION_DIR"

# 2. lint
log "antsibull-docs lint-collection-docs --plugin-docs"
(cd "$COLLECTION_DIR" && antsibull-docs lint-collection-docs --plugin-docs --validate-collection-refs dependent .) \
    || die "documentation lint failed (see above)"

# 3. the Sphinx theme
if ! "$PYTHON" -c 'import sphinx_ansible_theme' 2>/dev/null; then
    if ! PYTHONPATH="$THEME_DIR" "$PYTHON" -c 'import sphinx_ansible_theme' 2>/dev/null; then
        log "installing ${THEME_PACKAGES[*]} into $THEME_DIR"
        rm -rf "$THEME_DIR.new"
        "$PYTHON" -m pip --disable-pip-version-check install --quiet --no-deps --target "$THEME_DIR.new" "${THEME_PACKAGES[@]}" \
            2> >(grep -v -E "^WARNING: Location 'file://.*' is ignored" >&2) \
            || die "could not install the Sphinx theme (${THEME_PACKAGES[*]}); install it into $VENV"
        rm -rf "$THEME_DIR" && mv "$THEME_DIR.new" "$THEME_DIR"
    fi
    export PYTHONPATH="$THEME_DIR${PYTHONPATH:+:$PYTHONPATH}"
fi

# 4. the Sphinx project
SITE_DIR="$WORK_DIR/site"
mkdir -m 700 "$SITE_DIR"
log "antsibull-docs sphinx-init"
antsibull-docs sphinx-init --use-current --dest-dir "$SITE_DIR" --fail-on-error --squash-hierarchy \
    --project "$FQCN" --title "$FQCN collection" --copyright "$FQCN contributors" \
    "$FQCN" >/dev/null

# Offline: intersphinx reads a local inventory instead of fetching docs.ansible.com, docs.python.org, ...
# It holds the ansible-core labels antsibull-docs' templates link to.
"$PYTHON" - "$SITE_DIR/ansible_devel.inv" <<'PY'
import sys, zlib
labels = [
    ("ansible_configuration_settings", "reference_appendices/config.html#ansible-configuration-settings", "Ansible Configuration Settings"),
    ("common_return_values", "reference_appendices/common_return_values.html#common-return-values", "Return Values"),
    ("collections_keyword", "collections_guide/collections_using_playbooks.html#collections-keyword", "Using collections in playbooks"),
    ("list_of_collections", "collections/index.html", "Collection Index"),
    ("callback_plugins", "plugins/callback.html#callback-plugins", "Callback plugins"),
    ("list_of_callback_plugins", "collections/index_callback.html", "Index of all Callback Plugins"),
    ("action_plugins", "plugins/action.html#action-plugins", "Action plugins"),
]
body = "".join(f"{name} std:label -1 {uri} {title}\n" for name, uri, title in labels)
header = "# Sphinx inventory version 2\n# Project: Ansible\n# Version: devel\n# The remainder of this file is compressed using zlib.\n"
with open(sys.argv[1], "wb") as handle:
    handle.write(header.encode("utf-8") + zlib.compress(body.encode("utf-8")))
PY
cat >> "$SITE_DIR/conf.py" <<PY

# Added by scripts/lib/build-docs.sh: no network access while building.
intersphinx_mapping = {
    'ansible_devel': ('https://docs.ansible.com/projects/ansible/devel/', '$SITE_DIR/ansible_devel.inv'),
}
PY

# 5. render
log "antsibull-docs collection"
mkdir -p "$SITE_DIR/rst" && chmod og-w "$SITE_DIR/rst"
(cd "$SITE_DIR" && antsibull-docs --config-file antsibull-docs.cfg collection --use-current --squash-hierarchy \
    --fail-on-error --cleanup everything --dest-dir rst "$FQCN" >/dev/null)
log "sphinx-build"
(cd "$SITE_DIR" && sphinx-build -M html rst build -c . -W --keep-going -q -j auto) || die "sphinx-build reported problems (see above)"

rm -rf "$OUTPUT_DIR" && mkdir -p "$OUTPUT_DIR"
cp -a "$SITE_DIR/build/html/." "$OUTPUT_DIR/"
[[ -f "$OUTPUT_DIR/index.html" ]] || die "no index.html was written"
log "documentation written to $OUTPUT_DIR/index.html"
