#!/usr/bin/env bash
# The C binding (bindings-c): build the library, check the committed header against cbindgen,
# compile the C tests and the example with -Wall -Wextra -Werror and the header as C++17, then
# run the tests (ctest) against a local sandbox, once normally and once under valgrind.
set -euo pipefail
cd "$(dirname "$0")/../.."
root="$PWD"

need=()
command -v valgrind >/dev/null 2>&1 || need+=(valgrind)
command -v cmake >/dev/null 2>&1 || need+=(cmake)
command -v pkg-config >/dev/null 2>&1 || need+=(pkg-config)
command -v g++ >/dev/null 2>&1 || need+=(g++)
command -v openssl >/dev/null 2>&1 || need+=(openssl)
[ -f /usr/include/cjson/cJSON.h ] || need+=(libcjson-dev)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing Debian's ${need[*]} (needs root)…"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

echo "-- build (debug) the library and the sandbox CLI"
cargo build -p yoti-age-c -p yoti-age-cli --locked -q
lib_dir="$root/target/debug"

echo "-- header drift check"
bash bindings-c/scripts/header.sh --check

echo "-- the header compiles as C++17"
printf '#include "yoti_age.h"\nint main() { yoti_error *e = nullptr; yoti_error_free(e); return YOTI_STATUS_OK; }\n' \
  | g++ -std=c++17 -Wall -Wextra -Werror -I bindings-c/include -x c++ - -o /dev/null -c

work="$(mktemp -d)"
sandbox_pid=""
cleanup() {
  [ -n "$sandbox_pid" ] && kill "$sandbox_pid" 2>/dev/null || true
  exec 3>&- 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

echo "-- compile the tests and the example (gcc -Wall -Wextra -Werror)"
cmake -S bindings-c/tests -B target/c-tests -DYOTI_AGE_LIB_DIR="$lib_dir" -DYOTI_TEST_VALGRIND=OFF >/dev/null
cmake --build target/c-tests -j2 >/dev/null

echo "-- install into a temporary prefix; the quickstart builds through pkg-config and CMake"
bash bindings-c/install.sh --prefix "$work/prefix" --lib-dir "$lib_dir"
# shellcheck disable=SC2046
PKG_CONFIG_PATH="$work/prefix/lib/pkgconfig" gcc -std=c11 -Wall -Wextra -Werror \
  -o "$work/quickstart" examples/c/quickstart.c $(PKG_CONFIG_PATH="$work/prefix/lib/pkgconfig" pkg-config --cflags --libs yoti_age)
mkdir -p "$work/cmake-app"
cat >"$work/cmake-app/CMakeLists.txt" <<CMAKE
cmake_minimum_required(VERSION 3.16)
project(quickstart C)
find_package(yoti_age 0.1 REQUIRED)
add_executable(quickstart "$root/examples/c/quickstart.c")
target_compile_options(quickstart PRIVATE -Wall -Wextra -Werror)
target_link_libraries(quickstart PRIVATE yoti_age::yoti_age)
CMAKE
cmake -S "$work/cmake-app" -B "$work/cmake-app/build" -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null
cmake --build "$work/cmake-app/build" >/dev/null

echo "-- start the sandbox on 127.0.0.1"
# stdin is a pipe we hold open: the sandbox stops when it closes (and by the trap's kill).
mkfifo "$work/stdin" "$work/config"
target/debug/yoti-age sandbox --port 0 --host 127.0.0.1 --print-config <"$work/stdin" >"$work/config" &
sandbox_pid=$!
exec 3>"$work/stdin"
read -r config <"$work/config"
case "$config" in *'"base_url":"http://127.0.0.1:'*) ;; *) echo "unexpected sandbox config" >&2; exit 1 ;; esac

openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$work/client-key.pem" 2>/dev/null
openssl pkey -in "$work/client-key.pem" -pubout -out "$work/client-pub.pem"
export YOTI_TEST_SANDBOX="$config"
export YOTI_TEST_PRIVATE_KEY_FILE="$work/client-key.pem" YOTI_TEST_PUBLIC_KEY_FILE="$work/client-pub.pem"

echo "-- the quickstart example against the sandbox"
env_of() { python3 -c 'import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])' "$config" "$1"; }
YOTI_SDK_ID="$(env_of sdk_id)" YOTI_API_KEY="$(env_of api_key)" YOTI_AVS_URL="$(env_of avs_url)" \
  YOTI_POA_URL="$(env_of poa_url)" YOTI_QUICKSTART_COMPLETE=1 "$work/quickstart"

echo "-- C tests"
ctest --test-dir target/c-tests --output-on-failure

echo "-- C tests under valgrind"
cmake -S bindings-c/tests -B target/c-tests -DYOTI_TEST_VALGRIND=ON >/dev/null
ctest --test-dir target/c-tests --output-on-failure
cmake -S bindings-c/tests -B target/c-tests -DYOTI_TEST_VALGRIND=OFF >/dev/null
