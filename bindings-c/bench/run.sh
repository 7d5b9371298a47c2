#!/usr/bin/env bash
# Benchmark (not part of the tests): sequential get_result through the C API versus the
# pure-Rust blocking client against one loopback server, in release mode. Prints a table and
# the throughput ratio. Usage: bash bindings-c/bench/run.sh [CALLS_PER_ROUND]
set -euo pipefail
cd "$(dirname "$0")/../.."
CARGO_BUILD_JOBS="${CARGO_BUILD_JOBS:-2}" cargo build --release --locked -q -p yoti-age-c --lib --example bench_get_result
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
gcc -std=c11 -O2 -Wall -Wextra -Werror -I bindings-c/include bindings-c/bench/get_result.c \
  -L target/release -Wl,-rpath,"$PWD/target/release" -lyoti_age -o "$out/get_result"
target/release/examples/bench_get_result "$out/get_result" "${1:-3000}"
