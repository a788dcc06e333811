#!/usr/bin/env bash
# npm test: the whole suite. On a fresh machine the tools the tests use (Debian's chromium, qpdf, poppler-utils,
# bubblewrap: scripts/ensure-test-tools.sh) install beside the type check and lint, which need none of them: apt
# took 42 s and the checks 56 s one after the other, 73-88 s side by side (5 Dec 2026, 2 cores). Then the unit and
# integration tests, then the build and the browser tests. The first step that fails ends the run, as before.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-test-tools.sh &
tools=$!
bash scripts/static-checks.sh
static_code=$?
wait "$tools"
tools_code=$?
if [ "$tools_code" -ne 0 ]; then
  echo "The test tools could not be installed (see above): no test ran." >&2
  exit "$tools_code"
fi
[ "$static_code" -eq 0 ] || exit "$static_code"
npm run --silent test:jest || exit $?
npm run --silent test:e2e
