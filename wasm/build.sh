#!/usr/bin/env bash
# Builds the two WebAssembly packages without wasm-pack, from one crate:
# - wasm/pkg/web/: validation only (no features), profile `wasm` (small),
#   wasm-bindgen --target web, wasm-opt -Oz;
# - wasm/pkg/node/: the full API (feature `node`), profile `wasm-node`
#   (fast), wasm-bindgen --target nodejs, wasm-opt -O3.
# Needs: the wasm32-unknown-unknown target, wasm-bindgen (wasm-bindgen-cli of
# the crate's pinned version) and `npm ci` in wasm/ (for binaryen's wasm-opt).
set -euo pipefail
cd "$(dirname "$0")/.."
target=target/wasm32-unknown-unknown
cargo build -p juspay-customer-wasm --target wasm32-unknown-unknown --profile wasm
cargo build -p juspay-customer-wasm --target wasm32-unknown-unknown --profile wasm-node --features node
rm -rf wasm/pkg
wasm-bindgen --target web --out-dir wasm/pkg/web "$target/wasm/juspay_customer_wasm.wasm"
wasm-bindgen --target nodejs --out-dir wasm/pkg/node "$target/wasm-node/juspay_customer_wasm.wasm"
opt=wasm/node_modules/.bin/wasm-opt
"$opt" -Oz --strip-producers --strip-target-features wasm/pkg/web/juspay_customer_wasm_bg.wasm -o wasm/pkg/web/juspay_customer_wasm_bg.wasm
"$opt" -O3 --strip-producers --strip-target-features wasm/pkg/node/juspay_customer_wasm_bg.wasm -o wasm/pkg/node/juspay_customer_wasm_bg.wasm
for flavour in web node; do
  out="wasm/pkg/$flavour/juspay_customer_wasm_bg.wasm"
  echo "wasm $flavour: $(stat -c %s "$out") bytes, $(gzip -9 -c "$out" | wc -c) bytes gzipped"
done
