#!/usr/bin/env bash
# Referral creation over HTTP: bench/referrals.sh [postgres://…/db]
# Starts the release server on a fresh data directory (SQLite, or the given PostgreSQL
# database, which must exist and be empty), then POSTs referrals (each with its own
# Idempotency-Key) with 32 connections and prints throughput and latency.
set -euo pipefail
DURATION=${DURATION:-20s}
CONNECTIONS=32
. "$(dirname "$0")/common.sh"
export OKIENKO_DATA_DIR=$WORK/data OKIENKO_LISTEN=127.0.0.1:$PORT RUST_LOG=warn \
  OKIENKO_REFERRALS_PER_MINUTE=0
if [ -n "${1:-}" ]; then export DATABASE_URL=$1; fi
$BIN serve 2>/dev/null &
SERVER=$!
wait_ready
SERVICE=$(curl -s "http://127.0.0.1:$PORT/api/v1/services?per_page=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["id"])')
cat > "$WORK/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local n = 0
local thread_id = 0
setup = function(thread) thread:set("tid", thread_id); thread_id = thread_id + 1 end
request = function()
  n = n + 1
  wrk.headers["Idempotency-Key"] = "bench-" .. tid .. "-" .. n
  local body = '{"service_ids":["$SERVICE"],"need":"Prośba ' .. n .. '","contact":{"name":"Jan","email":"jan' .. n .. '@example.pl"},"consent":{"given":true,"text_version":"2026-11"}}'
  return wrk.format(nil, "/api/v1/referrals", nil, body)
end
LUA
out=$(wrk -t2 -c$CONNECTIONS -d"$DURATION" --latency -s "$WORK/post.lua" "http://127.0.0.1:$PORT")
echo "$out" | grep -E "Non-2xx|Socket errors" || true
rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
p50=$(echo "$out" | awk '$1=="50%" {print $2}')
p99=$(echo "$out" | awk '$1=="99%" {print $2}')
label=sqlite
if [ -n "${1:-}" ]; then label=postgresql; fi
printf 'referrals %s: %10s req/s   p50 %8s   p99 %8s\n' "$label" "$rps" "$p50" "$p99"
