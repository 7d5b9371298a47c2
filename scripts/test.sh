#!/usr/bin/env bash
# Runs every test in every language, in sequence. CI calls this through .ci/run.
# Installs what the suites need (Debian packages, npm packages) on a fresh machine.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never
# Two cores: keep builds and test threads modest.
export CARGO_BUILD_JOBS="${CARGO_BUILD_JOBS:-2}"
mkdir -p target
log=target/test-run.log
: > "$log"

step() { printf '\n==== %s ====\n' "$*" | tee -a "$log"; }
run() { "$@" 2>&1 | tee -a "$log"; }

step "rust: format and lints"
run cargo fmt --all -- --check
run cargo clippy --workspace --all-targets --locked -- -D warnings

step "rust: tests (core, sandbox, cli)"
run cargo test --workspace --locked

for suite in scripts/test.d/*.sh; do
  [ -e "$suite" ] || continue
  step "$(basename "$suite" .sh)"
  run bash "$suite"
done

# One closing line over every runner: cargo's "test result" lines, node's "# pass/# fail",
# pytest's "N failed, N passed in", ctest's "tests passed, N tests failed out of N" and Maven
# surefire's closing "Tests run: N, Failures: F, Errors: E, Skipped: S" (the aggregate line
# only: per-class lines go on with ", Time elapsed", so nothing is counted twice).
python3 - "$log" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8", errors="replace").read()
passed = sum(int(n) for n in re.findall(r"test result: \w+\. (\d+) passed", text))
failed = sum(int(n) for n in re.findall(r"test result: \w+\. \d+ passed; (\d+) failed", text))
passed += sum(int(n) for n in re.findall(r"^# pass (\d+)$", text, re.M))
failed += sum(int(n) for n in re.findall(r"^# fail (\d+)$", text, re.M))
for line in re.findall(r"^=*\s*(\d+ (?:passed|failed)\b.* in [\d.]+s.*)$", text, re.M):
    passed += sum(int(n) for n in re.findall(r"(\d+) passed", line))
    failed += sum(int(n) for n in re.findall(r"(\d+) failed", line))
for bad, total in re.findall(r"tests passed, (\d+) tests? failed out of (\d+)", text):
    passed += int(total) - int(bad)
    failed += int(bad)
for run_, fail, err, skip in re.findall(
    r"^\[(?:INFO|WARNING|ERROR)\] Tests run: (\d+), Failures: (\d+), Errors: (\d+), Skipped: (\d+)\s*$",
    text, re.M):
    passed += int(run_) - int(fail) - int(err) - int(skip)
    failed += int(fail) + int(err)
print(f"\nall suites: {passed} passed, {failed} failed")
sys.exit(1 if failed or not passed else 0)
PY
