#!/usr/bin/env bash
# schemathesis against the fake Juspay (`juspay-customer fake-server`) on 127.0.0.1,
# with the document the fake itself serves at /openapi.json: both
# operations, both content types, a fixed seed, a bounded number of examples.
# Usage: bash openapi/schemathesis.sh SCHEMATHESIS [EXAMPLES]
# (after `cargo test --all-features --all-targets`, which builds the CLI)
set -euo pipefail
cd "$(dirname "$0")/.."
st=$1
examples=${2:-300}
log=$(mktemp)
JUSPAY_API_KEY=test_key target/debug/juspay-customer fake-server --port 0 >"$log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 50); do
  url=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$log" | head -n 1 || true)
  [ -n "$url" ] && break
  sleep 0.1
done
[ -n "$url" ] || { echo "the fake server did not start"; cat "$log"; exit 1; }
# base64("test_key:"): the fake's default API key, with an empty password.
timeout 300 "$st" run "$url/openapi.json" --url "$url" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
  --max-examples "$examples" --seed 20261124 --generation-database none \
  --phases examples,coverage,fuzzing \
  -H "Authorization: Basic dGVzdF9rZXk6"
