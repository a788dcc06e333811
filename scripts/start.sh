#!/bin/sh
# npm start / npm run demo. scripts/start.ts gets everything ready in a Node process that then exits
# (migrations, keys, with --demo the demo data, the upload sweep, a build when the sources are newer, the
# compiled server and PDF worker); then this shell replaces itself with the server (exec), so nothing but
# the server stays resident. The server says where to log in once it is listening.
set -e
cd "$(dirname "$0")/.."
heap="${WEB_HEAP_MB:-512}"
case "$heap" in
  '' | *[!0-9]*) echo "WEB_HEAP_MB must be a whole number of megabytes (for example 512), not \"$heap\"." >&2; exit 1 ;;
esac
node --import tsx scripts/start.ts "$@"
export NODE_ENV=production
# Each web process's JavaScript heap is capped (WEB_HEAP_MB, default 512 MB; about 110 MB is live when busy).
# Without a cap V8 sizes the heap for the machine's memory and leaves garbage uncollected: measured on the demo,
# 551–590 MB resident after 540 page requests, against 420–427 MB with the cap and no slower pages. The PDF
# worker process (bundle builds) is not capped. The old generation may grow by half of what is live before a full
# collection starts (V8 chose 10%, and the Buffers of a request filled that margin: scripts/web-process-flags.ts,
# HEAP_GROWTH_FLAG, decision 0041).
exec node --max-old-space-size="$heap" --heap-growing-percent=50 .next/reinstate-serve.cjs
