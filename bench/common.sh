# Sourced by the load scripts: builds the release binary and prepares a scratch directory,
# a free port and cleanup. Sets BIN, WORK, PORT; the caller sets SERVER when it starts one.
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "install wrk: apt-get install wrk" >&2; exit 1; }
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$PWD/target}
cargo build --release --bin okienko >&2
BIN=$CARGO_TARGET_DIR/release/okienko
WORK=$(mktemp -d)
SERVER=
trap '[ -n "$SERVER" ] && kill $SERVER 2>/dev/null; rm -rf "$WORK"' EXIT
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

# Waits until the server on $PORT is ready.
wait_ready() { until curl -sf "http://127.0.0.1:$PORT/ready" >/dev/null; do sleep 0.1; done; }

# Generates $1 synthetic offers into $WORK/offers.json and imports them into a fresh data
# directory the server will use.
import_offers() {
  export OKIENKO_DATA_DIR=$WORK/data OKIENKO_SEED=none OKIENKO_LISTEN=127.0.0.1:$PORT RUST_LOG=warn
  $BIN gen-data --services "$1" --output "$WORK/offers.json" 2>/dev/null
  $BIN import hsds "$WORK/offers.json" >/dev/null 2>&1
}

# Logging that wait_settled reads: start the server with RUST_LOG=$SETTLE_LOG and its output
# in $WORK/server.log.
SETTLE_LOG=warn,okienko::services::sync=info,okienko::services::freshness=info

# Waits until the server's start-up churn is over: the freshness job marks the synthetic
# offers' old confirmations stale (about 6 % of them) and the change follower applies that
# to the index in batches, each a commit that costs CPU and empties the answer cache. Done
# when the job has run and no batch came for 5 s (at most 2 minutes).
wait_settled() {
  local seen=-1 quiet=0 now
  for _ in $(seq 240); do
    now=$(grep -c "caught up with the change log" "$WORK/server.log" || true)
    if grep -q "freshness job" "$WORK/server.log" && [ "$now" = "$seen" ]; then
      quiet=$((quiet + 1))
      [ $quiet -ge 10 ] && return
    else
      quiet=0
    fi
    seen=$now
    sleep 0.5
  done
}
