#!/usr/bin/env bash
# Runs every test in every language, in sequence. CI calls this through .ci/run.
# Installs what the suites need (Debian packages, npm packages) on a fresh machine.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never
# Two cores: keep builds and test threads modest.
export CARGO_BUILD_JOBS="${CARGO_BUILD_JOBS:-2}"

step() { printf '\n==== %s ====\n' "$*"; }

step "rust: format and lints"
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --locked -- -D warnings

step "rust: tests (core, sandbox, cli)"
cargo test --workspace --locked

for suite in scripts/test.d/*.sh; do
  [ -e "$suite" ] || continue
  step "$(basename "$suite" .sh)"
  bash "$suite"
done

step "all suites passed"
