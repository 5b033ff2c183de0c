# shellcheck shell=bash
# shellcheck disable=SC2034  # the variables are used by the scripts that source this file
# Helpers shared by scripts/setup-venv and scripts/test (sourced, not executed).

# Repository root (the directory holding galaxy.yml)
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export REPO_ROOT

# The ansible-core lines we test, their version specifiers and the Python minor each uses.
ANSIBLE_LINES=(2.19 2.21)
declare -A CORE_SPEC=([2.19]='ansible-core>=2.19,<2.20' [2.21]='ansible-core>=2.21,<2.22')
declare -A LINE_PYTHON=([2.19]=3.11 [2.21]=3.12)
# The line that also carries the linters, docs, changelog, galaxy-importer and ansible-builder
TOOLS_LINE=2.19

venv_dir() { echo "${VENV_ROOT:-$REPO_ROOT/.venv}/ansible-$1"; }

log() { printf '%s\n' "$*" >&2; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

# find_python MINOR -> absolute path of a working pythonMINOR interpreter.
# Order: $PYTHON_<MINOR with _> (e.g. PYTHON_3_12), pyenv versions, PATH.
find_python() {
    local minor=$1 var candidate root
    var="PYTHON_${minor//./_}"
    if [[ -n "${!var:-}" ]]; then
        "${!var}" -c 'pass' 2>/dev/null || die "$var=${!var} does not run"
        echo "${!var}"; return 0
    fi
    root="$(pyenv root 2>/dev/null || echo "${PYENV_ROOT:-$HOME/.pyenv}")"
    # newest patch release first
    for candidate in $(printf '%s\n' "$root"/versions/"$minor".*/bin/python"$minor" | sort -V -r) \
                     "$(command -v "python$minor" 2>/dev/null || true)" "/usr/bin/python$minor"; do
        [[ -n "$candidate" && -x "$candidate" ]] || continue
        # pyenv shims exist on PATH even when the version is not selected: make sure it runs
        if "$candidate" -c "import sys; assert sys.version_info[:2] == tuple(map(int, '$minor'.split('.')))" 2>/dev/null; then
            echo "$candidate"; return 0
        fi
    done
    return 1
}

# pip with the noise of this machine's non-existent extra indexes filtered out
quiet_pip() {
    local py=$1; shift
    local rc=0
    "$py" -m pip --disable-pip-version-check "$@" 2> >(grep -v -E "^WARNING: Location 'file://.*' is ignored" >&2) || rc=$?
    return $rc
}

# pip versions ansible-test pins for bootstrapping its venvs (read from the installed ansible-test)
ansible_test_pip_versions() {
    local py=$1
    "$py" - <<'PY'
import os, re, ansible_test
path = os.path.join(os.path.dirname(ansible_test.__file__), '_internal', 'python_requirements.py')
with open(path, encoding='utf-8') as f:
    text = f.read()
for v in sorted(set(re.findall(r"""\bpip\s*=\s*['"]([0-9][0-9.]*)['"]""", text))):
    print(v)
PY
}
