#!/usr/bin/env bash
# The Kotlin/Swift binding (bindings-uniffi, issue #7): build the cdylib, the in-repo
# uniffi-bindgen and the CLI (the tests' sandbox) once in debug; check that the committed
# Kotlin/Swift sources match what the bindgen generates; then compile the generated Kotlin and
# run the JUnit tests (examples/kotlin included) with Maven. Maven's repository lives in
# target/m2 inside the clone (CI caches nothing outside it). No Swift toolchain runs here.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
export RUST_BACKTRACE=0

cargo build --locked -q -p yoti-age-uniffi --lib --bin uniffi-bindgen
cargo build --locked -q -p yoti-age-cli
SKIP_BUILD=1 bash bindings-uniffi/scripts/generate.sh --check

cd bindings-uniffi/kotlin
mvn -B -ntp -Dmaven.repo.local="$root/target/m2" -Dstyle.color=never test
