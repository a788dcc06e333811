#!/bin/sh
# npm start / npm run demo. scripts/start.ts gets everything ready in a Node process that then exits
# (migrations, keys, with --demo the demo data, the upload sweep, a build when the sources are newer, the
# compiled server and PDF worker); then this shell replaces itself with the server (exec), so nothing but
# the server stays resident. The server says where to log in once it is listening.
set -e
cd "$(dirname "$0")/.."
node --import tsx scripts/start.ts "$@"
export NODE_ENV=production
exec node .next/reinstate-serve.cjs
