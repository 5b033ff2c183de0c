#!/usr/bin/env bash
# The documentation renders offline with antsibull-docs and Sphinx, warnings as errors
# (plugin and role pages from their docs, plus the guides in docs/docsite/rst/).
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
OUT="$(mktemp -d "${TMPDIR:-/tmp}/voximplant-docs.XXXXXX")"
trap 'rm -rf "$OUT"' EXIT
"$REPO_ROOT/scripts/lib/build-docs.sh" "$OUT/html"
test -s "$OUT/html/index.html"
echo "docs rendered: $(find "$OUT/html" -name '*.html' | wc -l) pages"
