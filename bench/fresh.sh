#!/usr/bin/env bash
# Fresh searches (issue 15, part 7): bench/fresh.sh N (synthetic offers, default 100000).
# The answer cache is off and queries are all different: half are 1–4 random words of the
# offers, half a relevance query with one more word. 32 connections for 20 s; prints the
# searches computed (2xx) per second, the 503 `overloaded` answers, p50/p99 and peak memory.
set -euo pipefail
N=${1:-100000}
DURATION=${DURATION:-20s}
. "$(dirname "$0")/common.sh"
import_offers "$N"
python3 - "$WORK" <<'PY'
import json, random, sys, urllib.parse
work = sys.argv[1]
words = set()
for offer in json.load(open(f"{work}/offers.json"))[:20000]:
    for field in ("name", "description"):
        words.update(w.strip(".,;:()„”\"").lower() for w in (offer.get(field) or "").split())
words = sorted(w for w in words if 3 <= len(w) <= 14)
relevance = [q["query"] for q in json.load(open("tests/relevance/queries.json"))["queries"]]
random.seed(15)
paths = []
for i in range(60000):
    if i % 2:
        q = random.choice(relevance) + " " + random.choice(words)
    else:
        q = " ".join(random.choice(words) for _ in range(random.randint(1, 4)))
    paths.append("/api/v1/search?q=" + urllib.parse.quote(q))
with open(f"{work}/fresh.lua", "w") as f:
    f.write("paths = {" + ",".join(json.dumps(p) for p in paths) + "}\n")
    f.write("i = 0\nrequest = function()\n  i = i % #paths + 1\n  return wrk.format(nil, paths[i])\nend\n")
PY
OKIENKO_SEARCH_CACHE_SIZE=0 RUST_LOG=$SETTLE_LOG $BIN serve >"$WORK/server.log" 2>&1 &
SERVER=$!
wait_ready
wait_settled
out=$(wrk -t2 -c32 -d"$DURATION" --latency -s "$WORK/fresh.lua" "http://127.0.0.1:$PORT")
total=$(echo "$out" | awk '/ requests in / {print $1}')
refused=$(echo "$out" | awk '/Non-2xx/ {print $5}')
seconds=${DURATION%s}
echo "offers: $N; computed searches: $(( (total - ${refused:-0}) / seconds ))/s; 503 overloaded: ${refused:-0} in $DURATION"
echo "$out" | awk '$1=="50%" {print "p50 " $2} $1=="99%" {print "p99 " $2}'
echo "server peak RSS $(awk '/VmHWM/ {print $2, $3}' /proc/$SERVER/status)"
