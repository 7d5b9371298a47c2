#!/usr/bin/env bash
# The Node.js binding (bindings-node, issue #5): install its pinned dev tools, build the addon in
# debug into the workspace target dir, check that the committed index.d.ts matches what the
# build generates, type-check with tsc --strict, then run node --test (with --expose-gc for the
# memory test; examples/node run as tests too).
set -euo pipefail
cd "$(dirname "$0")/../.."
export RUST_BACKTRACE=0

# Hand-written Rust must not use unsafe (the crate allows it only for the napi macro glue).
if grep -rnE '\bunsafe[[:space:]]*(\{|fn|impl|extern)' bindings-node/src; then
  echo "bindings-node/src: hand-written unsafe code" >&2
  exit 1
fi

cd bindings-node
npm ci --no-audit --no-fund --loglevel=error
generated="$(mktemp --suffix=.d.ts)"
trap 'rm -f "$generated"' EXIT
node scripts/build.mjs --dts "$generated"
if ! diff -u index.d.ts "$generated"; then
  echo "index.d.ts is out of date: run 'npm run build' in bindings-node and commit it" >&2
  exit 1
fi
echo "index.d.ts matches the generated declarations"
npx tsc -p tsconfig.json
echo "tsc --strict --noEmit: ok"
(cd ../examples/node && npm install --no-audit --no-fund --loglevel=error)
node --expose-gc --test test/
