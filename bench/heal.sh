#!/usr/bin/env bash
# Time to heal a damaged index (issue 14): bench/heal.sh N (synthetic offers, default 100000).
# Flips 64 bytes in the middle of the largest segment file of a running server, sends queries
# until one answers 503, and times until /ready is 200 again with the rebuilt index; then
# damages the index of a stopped server and times its start (checksums checked at open).
set -euo pipefail
N=${1:-100000}
. "$(dirname "$0")/common.sh"
export OKIENKO_DATA_DIR=$WORK/data OKIENKO_SEED=none OKIENKO_LISTEN=127.0.0.1:$PORT
export RUST_LOG=warn,okienko::services::indexing=info OKIENKO_SEARCH_CACHE_SIZE=0

$BIN gen-data --services "$N" --output "$WORK/offers.json" 2>/dev/null
$BIN import hsds "$WORK/offers.json" >/dev/null 2>&1

# Flips bytes in the middle of the largest file of one kind (store or postings).
damage() {
  python3 - "$(ls -S "$OKIENKO_DATA_DIR"/index/*."$1" | head -1)" <<'PY'
import os, sys
path = sys.argv[1]; size = os.path.getsize(path)
with open(path, "r+b") as f:
    f.seek(size // 2); block = f.read(64); f.seek(size // 2); f.write(bytes(b ^ 0xFF for b in block))
PY
}
now() { date +%s.%N; }
since() { python3 -c "print(f'{$(now) - $1:.1f}')"; }

$BIN serve 2>"$WORK/log" &
SERVER=$!
wait_ready
damage store
started=$(now)
answers=""
for q in opieka obiady senior pomoc dom praca mieszkanie rehabilitacja psycholog prawnik; do
  answers="$answers $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/api/v1/search?q=$q&per_page=50")"
done
until grep -q '"search index rebuilt"' "$WORK/log" && curl -sf "http://127.0.0.1:$PORT/ready" >/dev/null; do sleep 0.1; done
echo "offers: $N; answers while damaged:$answers"
echo "running server healed in $(since "$started") s, peak RSS $(awk '/VmHWM/ {print $2, $3}' /proc/$SERVER/status)"
kill $SERVER; wait $SERVER 2>/dev/null || true; SERVER=

damage idx
started=$(now)
$BIN serve 2>"$WORK/log" &
SERVER=$!
wait_ready
echo "damaged at rest: started with a rebuilt index in $(since "$started") s"
