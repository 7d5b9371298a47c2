#!/usr/bin/env bash
# The Python binding: build and install it with pip (maturin as the PEP 517 backend) into
# .venv-python, run its pytest suite, type-check the examples and a typed test with mypy, and
# check the .pyi stub against the built module with mypy.stubtest.
set -euo pipefail
cd "$(dirname "$0")/../.."
root="$PWD"
venv="$root/.venv-python"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv" || {
    echo "python3 -m venv failed; installing Debian's python3-venv (needs root)…"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
    python3 -m venv "$venv"
  }
fi
py="$venv/bin/python"
"$py" -m pip install -q --disable-pip-version-check -r bindings-python/requirements-dev.txt
# Debug profile: the tests need no optimiser, and it reuses the workspace's test build cache.
MATURIN_PEP517_ARGS="--profile dev" "$py" -m pip install -q --disable-pip-version-check \
  --force-reinstall --no-deps ./bindings-python
# Run from outside the source tree so the installed package (not python/) is what is tested.
(cd bindings-python && "$py" -m pytest tests -q -p no:cacheprovider)
"$venv/bin/ruff" check bindings-python examples/python sandbox
"$venv/bin/ruff" format --check bindings-python examples/python sandbox
"$py" -m mypy --strict --no-incremental examples/python bindings-python/tests/test_typed.py
# The stub against the built module: a class, attribute or parameter missing from (or wrong in)
# _native.pyi fails here.
"$py" -m mypy.stubtest yoti_age._native --allowlist bindings-python/stubtest-allowlist.txt
