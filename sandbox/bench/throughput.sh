#!/usr/bin/env bash
# Sandbox throughput with wrk on loopback, next to a bare axum handler returning the same bytes,
# measured in the same run. Not a test: prints req/s and ratios.
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
cargo build --release -q -p yoti-age-cli -p yoti-age-sandbox --bins --example bare_server
work=$(mktemp -d); trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$work"' EXIT
DURATION=${DURATION:-10s}; CONNECTIONS=${CONNECTIONS:-32}

# stdin stays open (the sandbox stops when it closes); key generation can take a few seconds.
target/release/yoti-age sandbox --port 0 --print-config < <(sleep 3600) > "$work/config.json" 2>/dev/null &
for _ in $(seq 300); do [ -s "$work/config.json" ] && break; sleep 0.1; done
read -r base avs sdk key < <(python3 -c "import json;c=json.load(open('$work/config.json'));print(c['base_url'],c['avs_url'],c['sdk_id'],c['api_key'])")
export YOTI_SDK_ID=$sdk YOTI_API_KEY=$key YOTI_AVS_URL=$avs
id=$(target/release/yoti-age --json session create --method age_estimation --ttl 86400 | python3 -c "import json,sys;print(json.load(sys.stdin)['id'])")
target/release/yoti-age --json session result "$id" > "$work/result.json"
target/release/examples/bare_server "$work/result.json" > "$work/bare.url" 2>/dev/null &
for _ in $(seq 50); do [ -s "$work/bare.url" ] && break; sleep 0.1; done
bare=$(cat "$work/bare.url")

cat > "$work/create.lua" <<LUA
wrk.method = "POST"
wrk.body = '{"type":"OVER","ttl":900,"age_estimation":{"allowed":true,"threshold":18}}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $key"
wrk.headers["Yoti-SDK-Id"] = "$sdk"
LUA
cat > "$work/result.lua" <<LUA
wrk.headers["Authorization"] = "Bearer $key"
wrk.headers["Yoti-SDK-Id"] = "$sdk"
LUA
rps() { wrk -t2 -c"$CONNECTIONS" -d"$DURATION" "$@" | awk '/Requests\/sec/ {print $2}'; }
best() { python3 -c "import sys; print(max(map(float, sys.argv[1:])))" "$@"; }
# Alternate the runs and keep each one's best, so a noisy moment does not decide the ratio.
bg=(); rs=(); bp=(); cs=()
for _ in $(seq "${ROUNDS:-3}"); do
  bg+=("$(rps "$bare")"); rs+=("$(rps -s "$work/result.lua" "$avs/sessions/$id/result")")
  bp+=("$(rps -s "$work/create.lua" "$bare")"); cs+=("$(rps -s "$work/create.lua" "$avs/sessions")")
done
bare_get=$(best "${bg[@]}"); result=$(best "${rs[@]}"); bare_post=$(best "${bp[@]}"); create=$(best "${cs[@]}")
python3 - "$bare_get" "$result" "$bare_post" "$create" <<'PY'
import sys
bg, r, bp, c = map(float, sys.argv[1:])
print(f"| request | sandbox req/s | bare axum req/s | ratio |\n|---|---|---|---|")
print(f"| GET /sessions/{{id}}/result | {r:,.0f} | {bg:,.0f} | {r/bg:.2f}x |")
print(f"| POST /sessions | {c:,.0f} | {bp:,.0f} | {c/bp:.2f}x |")
PY
