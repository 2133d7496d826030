#!/usr/bin/env bash
# The `send` figures of BENCHMARKS.md, in one run: RECORDS valid customers
# sent to a fresh `fake-server` (no faults) at concurrency 1, 8 and 32, beside
# the Python http.client script a user might write instead
# (benches/send_peer.py: no journal, no retries); the send at concurrency 8
# once more with BIG records (a million by default), for the
# peak memory. Both share the machine with the fake.
# Usage: bash benches/send.sh [RECORDS] [BIG]   (from the repository root)
# (BIG 0 skips the memory run)
set -euo pipefail
n=${1:-100000}
big=${2:-1000000}
dir=$(mktemp -d)
fake_pid=
trap 'kill $fake_pid 2>/dev/null || true; rm -rf "$dir"' EXIT
# JUSPAY_CUSTOMER_BIN: a binary already built (CI's smoke run uses the
# debug one); otherwise the release build.
if [ -n "${JUSPAY_CUSTOMER_BIN:-}" ]; then
  bin=$(realpath "$JUSPAY_CUSTOMER_BIN")
else
  cargo build --release -q --bin juspay-customer
  bin=$PWD/target/release/juspay-customer
fi
export JUSPAY_API_KEY=test_key

records() {
  python3 - "$1" > "$2" <<'PY'
import sys
w = sys.stdout.write
w("object_reference_id,mobile_number,first_name,email_address\n")
for i in range(int(sys.argv[1])):
    w(f"cust_{i:08},98765{i % 100000:05},Name{i},user{i}@example.com\n")
PY
}

# A fresh fake each run, so that every record is created.
fresh_fake() {
  kill $fake_pid 2>/dev/null || true
  "$bin" fake-server --port 0 > "$dir/addr" 2>/dev/null &
  fake_pid=$!
  for _ in $(seq 100); do
    [ -s "$dir/addr" ] && break
    sleep 0.05
  done
  url=$(head -n 1 "$dir/addr")
}

# Prints: seconds, records per second, peak RSS in MiB.
measure() {
  local records=$1
  shift
  /usr/bin/time -f '%e %M' -o "$dir/time.log" "$@" > /dev/null 2> "$dir/err.log" || { cat "$dir/err.log"; exit 1; }
  read -r secs kib < <(tail -n 1 "$dir/time.log")
  awk -v s="$secs" -v k="$kib" -v n="$records" 'BEGIN { printf "%7.2f s  %8.0f rec/s  %6.1f MiB\n", s, (s > 0 ? n / s : 0), k / 1024 }'
}

records "$n" "$dir/r.csv"
printf '%-52s %s\n' "run ($n records)" "seconds, records per second, peak RSS"
for c in 1 8 32; do
  fresh_fake
  rm -f "$dir"/r.csv.journal* "$dir"/r.csv.results.csv
  printf '%-52s %s\n' "send --concurrency $c --rate 0" \
    "$(measure "$n" "$bin" send -q --base-url "$url" --merchant-id m --rate 0 --concurrency "$c" "$dir/r.csv")"
  fresh_fake
  printf '%-52s %s\n' "python http.client, $c threads (send_peer.py)" \
    "$(measure "$n" python3 benches/send_peer.py "$url" "$c" "$dir/r.csv")"
done
if [ "$big" -gt 0 ]; then
  records "$big" "$dir/big.csv"
  fresh_fake
  printf '%-52s %s\n' "send --concurrency 8 --rate 0, $big records" \
    "$(measure "$big" "$bin" send -q --base-url "$url" --merchant-id m --rate 0 --concurrency 8 "$dir/big.csv")"
fi
