#!/usr/bin/env bash
# A burst of long queries (issue 14): bench/burst.sh N (synthetic offers, default 100000).
# 32 connections send 500-character, 50-word queries, each one new (the answer cache is off),
# for 30 s; prints throughput, p50/p99, the 503 `overloaded` answers, and the server's peak
# memory and threads. Needs wrk (apt-get install wrk).
set -euo pipefail
N=${1:-100000}
DURATION=${DURATION:-30s}
. "$(dirname "$0")/common.sh"
import_offers "$N"
OKIENKO_SEARCH_CACHE_SIZE=0 $BIN serve 2>/dev/null &
SERVER=$!
wait_ready
echo "offers: $N; server RSS at rest $(awk '/VmRSS/ {print $2, $3}' /proc/$SERVER/status), threads $(awk '/Threads/ {print $2}' /proc/$SERVER/status)"

# Words from the offers themselves; every request a new random 50-word query of ≤ 500 chars.
python3 - "$WORK" <<'PY'
import json, random, sys, urllib.parse
work = sys.argv[1]
words = set()
for offer in json.load(open(f"{work}/offers.json")):
    for field in ("name", "description"):
        words.update(w.strip(".,;:()„”\"").lower() for w in (offer.get(field) or "").split())
words = sorted(w for w in words if 3 <= len(w) <= 14)
random.seed(14)
paths = []
for _ in range(5000):
    q = " ".join(random.choice(words) for _ in range(50))[:500]
    paths.append("/api/v1/search?q=" + urllib.parse.quote(q))
with open(f"{work}/burst.lua", "w") as f:
    f.write("paths = {" + ",".join(json.dumps(p) for p in paths) + "}\n")
    f.write("i = 0\nrequest = function()\n  i = i % #paths + 1\n  return wrk.format(nil, paths[i])\nend\n")
PY

( peak_threads=0; while kill -0 $SERVER 2>/dev/null; do
    t=$(awk '/Threads/ {print $2}' /proc/$SERVER/status 2>/dev/null || echo 0)
    [ "$t" -gt "$peak_threads" ] && peak_threads=$t && echo "$peak_threads" > "$WORK/threads"
    sleep 0.2; done ) &
out=$(wrk -t2 -c32 -d"$DURATION" --latency -s "$WORK/burst.lua" "http://127.0.0.1:$PORT")
echo "$out" | awk '/Requests\/sec/ {print "throughput " $2 " req/s"} / requests in / {print "requests " $1} /Non-2xx/ {print "503 overloaded " $5} $1=="50%" {print "p50 " $2} $1=="99%" {print "p99 " $2}'
echo "server RSS after the burst $(awk '/VmRSS/ {print $2, $3}' /proc/$SERVER/status), peak $(awk '/VmHWM/ {print $2, $3}' /proc/$SERVER/status), peak threads $(cat "$WORK/threads")"
