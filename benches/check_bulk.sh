#!/usr/bin/env bash
# The bulk `check` figures of BENCHMARKS.md, all in one run: 1,000,000
# records in each format, with and without output files, beside `wc -l` on
# the same file and the Python json/csv + re baseline; then one 300 MB line.
# Usage: bash benches/check_bulk.sh [RECORDS]   (from the repository root)
set -euo pipefail
n=${1:-1000000}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cargo build --release -q --bin juspay-customer --example gen_records
bin=target/release/juspay-customer
for f in json form csv; do
  target/release/examples/gen_records --format "$f" "$n" > "$dir/r.$f"
done

# Prints: seconds, records per second, peak RSS in MiB.
measure() {
  local log="$dir/time.log"
  /usr/bin/time -f '%e %M' -o "$log" "$@" > /dev/null 2> "$dir/err.log" || true
  # A non-zero exit adds a line before the figures.
  read -r secs kib < <(tail -n 1 "$log")
  awk -v s="$secs" -v k="$kib" -v n="$n" 'BEGIN { printf "%6.2f s  %10.0f rec/s  %5.1f MiB\n", s, (s > 0 ? n / s : 0), k / 1024 }'
}

printf '%-44s %s\n' "run ($n records)" "seconds, records per second, peak RSS"
for f in json form csv; do
  size=$(stat -c %s "$dir/r.$f")
  printf '%-44s %s\n' "wc -l ($f, $((size / 1000000)) MB)" "$(measure wc -l "$dir/r.$f")"
  printf '%-44s %s\n' "check --format $f" "$(measure "$bin" check -q --format "$f" "$dir/r.$f")"
  printf '%-44s %s\n' "check --format $f --valid-out --invalid-out" \
    "$(measure "$bin" check -q --format "$f" --valid-out "$dir/v" --invalid-out "$dir/i" "$dir/r.$f")"
done
printf '%-44s %s\n' "python json + re (benches/check_baseline.py)" "$(measure python3 benches/check_baseline.py "$dir/r.json")"
printf '%-44s %s\n' "python csv + re (benches/check_baseline.py)" "$(measure python3 benches/check_baseline.py --csv "$dir/r.csv")"

# One 300 MB line, then a valid one: refused as too_large without being held.
python3 - "$dir/big.form" <<'PY'
import sys
with open(sys.argv[1], "wb") as f:
    f.write(b"object_reference_id=")
    chunk = b"x" * (1 << 20)
    for _ in range(300):
        f.write(chunk)
    f.write(b"&mobile_number=1\nobject_reference_id=cust_123489&mobile_number=99887766\n")
PY
/usr/bin/time -f '%e %M' -o "$dir/time.log" "$bin" check "$dir/big.form" > "$dir/big.out" 2>/dev/null || true
read -r secs kib < <(tail -n 1 "$dir/time.log")
printf '%-44s %6.2f s  %5.1f MiB peak RSS; verdicts: %s\n' "check, one 300 MB line" "$secs" "$(awk -v k="$kib" 'BEGIN { print k / 1024 }')" \
  "$(grep -o '"reason":"[a-z_]*"\|"valid":true' "$dir/big.out" | tr '\n' ' ')"
