#!/usr/bin/env bash
# Load test over HTTP on this machine: bench/load.sh N (number of synthetic offers).
set -euo pipefail
N=${1:-10000}
DURATION=${DURATION:-20s}
CONNECTIONS=32
. "$(dirname "$0")/common.sh"
export OKIENKO_DATA_DIR=$WORK/data OKIENKO_SEED=none OKIENKO_LISTEN=127.0.0.1:$PORT RUST_LOG=warn

$BIN gen-data --services "$N" --output "$WORK/offers.json" 2>/dev/null
measure() { /usr/bin/time -f "%e s, peak RSS %M kB" "$@" 2>&1 >/dev/null | tail -n 1; }
echo "offers:   $N"
echo "import:   $(measure $BIN import hsds "$WORK/offers.json")"
echo "reindex:  $(measure $BIN reindex)"

RUST_LOG=$SETTLE_LOG $BIN serve >"$WORK/server.log" 2>&1 &
SERVER=$!
wait_ready
wait_settled

python3 - "$WORK" <<'PY'
import json, sys, urllib.parse
work = sys.argv[1]
queries = [q["query"] for q in json.load(open("tests/relevance/queries.json"))["queries"]]
paths = ["/api/v1/search?q=" + urllib.parse.quote(q) for q in queries]
prefixes = sorted({q.split()[0][:n] for q in queries for n in (3, 5) if q.split()})
suggest = ["/api/v1/suggest?q=" + urllib.parse.quote(p) for p in prefixes]
for name, items in (("search", paths), ("suggest", suggest)):
    with open(f"{work}/{name}.lua", "w") as f:
        f.write("paths = {" + ",".join(json.dumps(p) for p in items) + "}\n")
        f.write("i = 0\nrequest = function()\n  i = i % #paths + 1\n  return wrk.format(nil, paths[i])\nend\n")
PY

run() {
  local name=$1; shift
  local out
  out=$(wrk -t2 -c$CONNECTIONS -d"$DURATION" --latency "$@")
  local rps p50 p99
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p50=$(echo "$out" | awk '$1=="50%" {print $2}')
  p99=$(echo "$out" | awk '$1=="99%" {print $2}')
  printf '%-8s %10s req/s   p50 %8s   p99 %8s\n' "$name" "$rps" "$p50" "$p99"
}
# Warm up (one pass over every query), as a running server would be.
wrk -t1 -c4 -d3s -s "$WORK/search.lua" "http://127.0.0.1:$PORT" >/dev/null
wrk -t1 -c4 -d2s -s "$WORK/suggest.lua" "http://127.0.0.1:$PORT" >/dev/null
run health "http://127.0.0.1:$PORT/health"
run search -s "$WORK/search.lua" "http://127.0.0.1:$PORT"
run suggest -s "$WORK/suggest.lua" "http://127.0.0.1:$PORT"
echo "server RSS now $(awk '/VmRSS/ {print $2, $3}' /proc/$SERVER/status), peak $(awk '/VmHWM/ {print $2, $3}' /proc/$SERVER/status)"

# The same without the answer cache: every request is computed.
kill $SERVER; wait $SERVER 2>/dev/null || true
OKIENKO_SEARCH_CACHE_SIZE=0 $BIN serve 2>/dev/null &
SERVER=$!
wait_ready
echo "without the answer cache:"
run search -s "$WORK/search.lua" "http://127.0.0.1:$PORT"
run suggest -s "$WORK/suggest.lua" "http://127.0.0.1:$PORT"
