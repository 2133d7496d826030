#!/usr/bin/env bash
# Builds the WebAssembly package without wasm-pack: the crate for
# wasm32-unknown-unknown (profile `wasm`), wasm-bindgen for the browser
# (wasm/pkg/web/) and for Node (wasm/pkg/node/), then wasm-opt from the npm
# package binaryen. Needs: the wasm32-unknown-unknown target, wasm-bindgen
# (wasm-bindgen-cli of the crate's pinned version) and `npm ci` in wasm/.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build -p juspay-customer-wasm --target wasm32-unknown-unknown --profile wasm
wasm=target/wasm32-unknown-unknown/wasm/juspay_customer_wasm.wasm
rm -rf wasm/pkg
wasm-bindgen --target web --out-dir wasm/pkg/web "$wasm"
wasm-bindgen --target nodejs --out-dir wasm/pkg/node "$wasm"
for flavour in web node; do
  out="wasm/pkg/$flavour/juspay_customer_wasm_bg.wasm"
  wasm/node_modules/.bin/wasm-opt -Oz --strip-producers --strip-target-features "$out" -o "$out"
done
out=wasm/pkg/web/juspay_customer_wasm_bg.wasm
echo "wasm: $(stat -c %s "$out") bytes, $(gzip -9 -c "$out" | wc -c) bytes gzipped"
