#!/usr/bin/env bash
# npm test's first step: the type check and the linters (Prettier, ESLint), side by side. Each uses one core for
# about half a minute; one after the other, the second core stood idle. Output is shown per check, once both end.
set -uo pipefail
cd "$(dirname "$0")/.."
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
start=$SECONDS
# Next's route types (.next/types: each page's and layout's props checked against what Next passes them), which
# tsconfig.json includes: the test run's build leaves its own type check out (scripts/test-e2e.ts), so this is it.
{ npx --no-install next typegen > /dev/null && npm run --silent typecheck; } > "$out/typecheck" 2>&1 &
typecheck=$!
npm run --silent lint > "$out/lint" 2>&1 &
lint=$!
wait "$typecheck"; typecheck_code=$?
wait "$lint"; lint_code=$?
failed=0
for check in typecheck lint; do
  code_var="${check}_code"
  if [ "${!code_var}" -eq 0 ]; then
    echo "$check: passed"
  else
    echo "$check: FAILED (exit ${!code_var})"
    failed=1
  fi
  cat "$out/$check"
done
echo "Type check and lint took $((SECONDS - start)) s side by side."
exit $failed
