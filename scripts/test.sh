#!/usr/bin/env bash
# npm test: the whole suite. On a fresh machine the tools the tests use (Debian's chromium, qpdf, poppler-utils,
# bubblewrap: scripts/ensure-test-tools.sh) install beside the type check and lint, which need none of them: the
# install is mostly download and unpacking (about 45 s), the checks use the CPU (about a minute). Then the unit and
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
  echo "The test tools are missing (see above): nothing else ran." >&2
  exit "$tools_code"
fi
[ "$static_code" -eq 0 ] || exit "$static_code"
npm run --silent test:jest || exit $?
npm run --silent test:e2e
