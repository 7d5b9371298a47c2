#!/usr/bin/env bash
# Builds and installs the C library, header, pkg-config file and CMake package config.
#   bash bindings-c/install.sh [--prefix DIR] [--lib-dir DIR]
# --prefix   where to install (default /usr/local): lib/libyoti_age.{so,a}, include/yoti_age.h,
#            lib/pkgconfig/yoti_age.pc, lib/cmake/yoti_age/yoti_age-config{,-version}.cmake
# --lib-dir  install libraries already built there (e.g. target/debug) instead of building
#            a release build
set -euo pipefail
cd "$(dirname "$0")/.."
prefix=/usr/local
lib_dir=""
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) prefix="$2"; shift 2 ;;
    --lib-dir) lib_dir="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
if [ -z "$lib_dir" ]; then
  cargo build --release --locked -p yoti-age-c
  lib_dir=target/release
fi
version="$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)"
mkdir -p "$prefix/lib/pkgconfig" "$prefix/include" "$prefix/lib/cmake/yoti_age"
install -m 0755 "$lib_dir/libyoti_age.so" "$prefix/lib/"
install -m 0644 "$lib_dir/libyoti_age.a" "$prefix/lib/"
install -m 0644 bindings-c/include/yoti_age.h "$prefix/include/"
sed -e "s|@PREFIX@|$prefix|g" -e "s|@VERSION@|$version|g" bindings-c/yoti_age.pc.in \
  > "$prefix/lib/pkgconfig/yoti_age.pc"
sed -e "s|@VERSION@|$version|g" bindings-c/cmake/yoti_age-config.cmake.in \
  > "$prefix/lib/cmake/yoti_age/yoti_age-config.cmake"
sed -e "s|@VERSION@|$version|g" bindings-c/cmake/yoti_age-config-version.cmake.in \
  > "$prefix/lib/cmake/yoti_age/yoti_age-config-version.cmake"
echo "installed yoti_age $version into $prefix"
