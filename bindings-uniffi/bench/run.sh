#!/usr/bin/env bash
# Benchmark (not a test; scripts/test.sh does not run it): per-call overhead of a uniffi call
# from Kotlin, and sequential getResult round trips from Kotlin vs the pure-Rust client
# (core/examples/get_result_loop.rs), both against one loopback sandbox in its own process.
#
#   bindings-uniffi/bench/run.sh [SECONDS] [PROFILE]     defaults: 10 release
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
seconds="${1:-10}"
profile="${2:-release}"
flag=(); [[ "$profile" == release ]] && flag=(--release)
dir="$root/target/$profile"

# Separate commands: --lib would apply to the CLI package too and skip its binary.
cargo build -q --locked "${flag[@]}" -p yoti-age-uniffi --lib
cargo build -q --locked "${flag[@]}" -p yoti-age-cli
cargo build -q --locked "${flag[@]}" -p yoti-age --example get_result_loop

work="$(mktemp -d)"
mkfifo "$work/stdin" "$work/config"
"$dir/yoti-age" sandbox --port 0 --host 127.0.0.1 --print-config <"$work/stdin" >"$work/config" &
sandbox_pid=$!
exec 3>"$work/stdin"
trap 'exec 3>&-; wait "$sandbox_pid" 2>/dev/null || true; rm -rf "$work"' EXIT
read -r config <"$work/config"
get() { python3 -c 'import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])' "$config" "$1"; }
sdk_id="$(get sdk_id)" api_key="$(get api_key)" avs_url="$(get avs_url)"
session="$(curl -s -X POST "$avs_url/sessions" -H "Yoti-SDK-Id: $sdk_id" -H "Authorization: Bearer $api_key" \
  -H 'content-type: application/json' -d '{"ttl":3600,"age_estimation":{"allowed":true,"threshold":18}}' |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')"

echo "rust: running get_result_loop" >&2
rust="$(YOTI_SDK_ID="$sdk_id" YOTI_API_KEY="$api_key" YOTI_AVS_URL="$avs_url" \
  "$dir/examples/get_result_loop" "$session" "$seconds" 1)"
kotlin="$(cd bindings-uniffi/kotlin && mvn -B -ntp -Dmaven.repo.local="$root/target/m2" test \
  -Dtest=com.yoti.age.bench.Bench -Dsurefire.failIfNoSpecifiedTests=false -Dnative.dir="$dir" \
  -Dyoti.bench.session="$session" -Dyoti.bench.seconds="$seconds" -Dyoti.bench.sdk_id="$sdk_id" \
  -Dyoti.bench.api_key="$api_key" -Dyoti.bench.avs_url="$avs_url" | sed -n 's/.*BENCH //p')"
python3 - "$rust" "$kotlin" "$profile" <<'PY'
import json, sys
rust, kotlin, profile = json.loads(sys.argv[1]), json.loads(sys.argv[2]), sys.argv[3]
print(json.dumps({"profile": profile, "rust": rust, "kotlin": kotlin}))
print(f"getResult sequential: rust {rust['per_second']:.0f}/s, kotlin {kotlin['per_second']:.0f}/s "
      f"(kotlin/rust = {kotlin['per_second'] / rust['per_second']:.2f})")
print(f"per-call overhead: sdkId() {kotlin['sdk_id_ns']:.0f} ns, userViewUrl() {kotlin['user_view_url_ns']:.0f} ns")
PY
