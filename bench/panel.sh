#!/usr/bin/env bash
# Staff panel pages under 10 concurrent staff: bench/panel.sh [N] (synthetic offers, default
# 100000). Signs a front-desk account in through the form, makes one referral, then runs wrk
# for 20 s (DURATION) per page kind with the session cookie: the counter screen with the
# relevance set's queries (repeated, as at several counters) and with a query and page never
# asked before ("fresh"), offer cards, the referral page and its slip, and the referral
# queue. Prints requests/s, p50 and p99. KINDS="fresh card" runs only those.
set -euo pipefail
N=${1:-100000}
DURATION=${DURATION:-20s}
. "$(dirname "$0")/common.sh"
import_offers "$N"
OKIENKO_REFERRALS_PER_MINUTE=0 RUST_LOG=$SETTLE_LOG $BIN serve >"$WORK/server.log" 2>&1 &
SERVER=$!
wait_ready
wait_settled
echo "bench-password-2026" | $BIN user add --email bench@cus.example.org --role front_desk \
  --password-stdin >/dev/null 2>&1
URL="http://127.0.0.1:$PORT"
JAR="$WORK/jar"
csrf() { grep -o 'name="csrf" value="[^"]*"' | head -1 | sed 's/.*value="//;s/"//'; }
TOKEN=$(curl -s -c "$JAR" -b "$JAR" "$URL/panel/login" | csrf)
curl -s -o /dev/null -c "$JAR" -b "$JAR" --data-urlencode "email=bench@cus.example.org" \
  --data-urlencode "password=bench-password-2026" --data-urlencode "csrf=$TOKEN" "$URL/panel/login"
SESSION=$(awk '$6 == "okienko_panel" {print $7}' "$JAR")
[ -n "$SESSION" ] || { echo "sign-in failed" >&2; exit 1; }
SERVICES=$(curl -s "$URL/api/v1/services?per_page=100" | python3 -c 'import json,sys; print(" ".join(i["id"] for i in json.load(sys.stdin)["items"]))')
FIRST=${SERVICES%% *}
CARD=$(curl -s -b "$JAR" "$URL/panel/services/$FIRST")
REFERRAL=$(curl -s -o /dev/null -w '%{redirect_url}' -b "$JAR" \
  --data-urlencode "csrf=$(echo "$CARD" | csrf)" --data-urlencode "key=bench-1" \
  --data-urlencode "name=Anna Próbna" --data-urlencode "no_contact=1" \
  --data-urlencode "need=Opieka" --data-urlencode "consent=1" "$URL/panel/services/$FIRST/refer")
REFERRAL=/${REFERRAL#*://*/}
python3 - "$WORK" "$SESSION" "$REFERRAL" $SERVICES <<'PY'
import json, sys, urllib.parse
work, session, referral, services = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
queries = [q["query"] for q in json.load(open("tests/relevance/queries.json"))["queries"]]
kinds = {
    "counter": ["/panel?q=" + urllib.parse.quote(q) for q in queries],
    # Every request a query and page not asked before: the engine's own time, no cache.
    "fresh": [f"/panel?q={urllib.parse.quote(q)}&page={p}" for p in range(1, 60) for q in queries],
    "card": ["/panel/services/" + s for s in services],
    "referral": [referral],
    "slip": [referral + "/slip"],
    "queue": ["/panel/referrals?queue=all", "/panel/referrals?queue=waiting"],
}
for kind, paths in kinds.items():
    with open(f"{work}/{kind}.lua", "w") as f:
        f.write("paths = {" + ",".join(json.dumps(p) for p in paths) + "}\n")
        f.write(f'wrk.headers["Cookie"] = "okienko_panel={session}"\n')
        f.write("i = 0\nrequest = function()\n  i = i % #paths + 1\n  return wrk.format(nil, paths[i])\nend\n")
PY
for kind in ${KINDS:-counter fresh card referral slip queue}; do
  out=$(wrk -t2 -c10 -d"$DURATION" --latency -s "$WORK/$kind.lua" "$URL")
  echo "$out" | grep -E "Non-2xx|Socket errors" || true
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p50=$(echo "$out" | awk '$1=="50%" {print $2}')
  p99=$(echo "$out" | awk '$1=="99%" {print $2}')
  printf 'panel %-9s %10s req/s   p50 %8s   p99 %8s\n' "$kind" "$rps" "$p50" "$p99"
done
