#!/usr/bin/env bash
# Generates bindings-c/include/yoti_age.h with a pinned cbindgen (installed once into
# target/tools). With --check, generates to a temporary file and fails when the committed
# header differs (the CI drift check).
set -euo pipefail
cd "$(dirname "$0")/../.."
CBINDGEN_VERSION=0.29.4
tools="$PWD/target/tools"
cbindgen="$tools/bin/cbindgen"
if ! "$cbindgen" --version 2>/dev/null | grep -qx "cbindgen $CBINDGEN_VERSION"; then
  echo "installing cbindgen $CBINDGEN_VERSION into target/tools…"
  cargo install --quiet --locked cbindgen --version "$CBINDGEN_VERSION" --root "$tools"
fi
header=bindings-c/include/yoti_age.h
generate() { "$cbindgen" --quiet --config bindings-c/cbindgen.toml --crate yoti-age-c --output "$1" bindings-c; }
if [ "${1:-}" = "--check" ]; then
  fresh="$(mktemp)"
  trap 'rm -f "$fresh"' EXIT
  generate "$fresh"
  if ! diff -u "$header" "$fresh"; then
    echo "error: $header is out of date with bindings-c/src." >&2
    echo "       Regenerate it with 'bash bindings-c/scripts/header.sh' and commit it." >&2
    exit 1
  fi
  echo "header $header is up to date"
else
  generate "$header"
  echo "wrote $header"
fi
