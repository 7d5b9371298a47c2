#!/usr/bin/env bash
# Builds the release wheel and the pure-Rust baseline, then runs bench/get_result.py.
# A benchmark, not a test: scripts/test.sh does not run it. Extra arguments go to the script.
set -euo pipefail
cd "$(dirname "$0")/../.."
venv="$PWD/.venv-python"
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
py="$venv/bin/python"
"$py" -m pip install -q --disable-pip-version-check -r bindings-python/requirements-dev.txt
rm -rf target/wheels
"$venv/bin/maturin" build -q --profile dist -m bindings-python/Cargo.toml -o target/wheels
wheel=$(ls target/wheels/*.whl)
"$py" -m pip install -q --disable-pip-version-check --force-reinstall --no-deps "$wheel"
cargo build -q --release --locked -p yoti-age --example get_result_loop
"$py" bindings-python/bench/get_result.py --rust-bin target/release/examples/get_result_loop \
  --wheel "$wheel" "$@"
