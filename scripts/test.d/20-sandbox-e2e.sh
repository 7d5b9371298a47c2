#!/usr/bin/env bash
# The sandbox user view in Debian's headless Chromium, driven by playwright-core (node --test).
set -euo pipefail
cd "$(dirname "$0")/../.."
if ! command -v chromium >/dev/null 2>&1; then
  echo "installing Debian's chromium (needs root)…"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
# The yoti-age binary the Rust tests built (same features: no second build of the workspace).
cargo test --workspace --locked --no-run -q
(cd sandbox/e2e && npm ci --no-audit --no-fund --loglevel=error && node --test)
