#!/usr/bin/env bash
# Every generator's project on the committed documents, then the agreement
# check and the table (agreement.test.mjs). Each writes its verdicts to
# target/generators/verdicts/.
#
# Needs: `cargo test --all-features --all-targets` (the CLI, gen_records and
# target/tmp/rule_cases.json), and the tools `.ci/run` installs:
# - PYTHON: a Python with python/requirements.txt (default
#   target/generators/venv/bin/python);
# - `npm ci` in typescript/;
# - cargo (the `jsonschema` crate from crates.io);
# - Go with Debian's golang-github-xeipuuv-gojsonschema-dev.
# Usage: bash openapi/generators/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
target=${JUSPAY_TARGET_DIR:-target}
python=${PYTHON:-$target/generators/venv/bin/python}
export JUSPAY_TARGET_DIR=$PWD/$target

echo "-- the corpus and the crate's verdicts"
rm -rf "$target/generators/verdicts"
node openapi/generators/corpus.mjs

echo "-- Python: jsonschema, datamodel-code-generator (pydantic v2, strict), openapi-python-client"
"$python" openapi/generators/python/jsonschema_verdicts.py
"$python" openapi/generators/python/pydantic_verdicts.py
"$python" openapi/generators/python/client_check.py

echo "-- TypeScript: openapi-typescript (tsc --strict), openapi-zod-client, json-schema-to-zod, ajv"
node openapi/generators/typescript/generate.mjs
node openapi/generators/typescript/types.mjs
node openapi/generators/typescript/verdicts.mjs

echo "-- Rust: the jsonschema crate with the regex engine"
CARGO_TARGET_DIR=$target/generators/rust-target \
  cargo run --quiet --locked --manifest-path openapi/generators/rust/Cargo.toml -- "$JUSPAY_TARGET_DIR"

echo "-- Go: regexp compiles every pattern; gojsonschema"
version=$(dpkg-query -W -f='${Version}' golang-github-xeipuuv-gojsonschema-dev)
(cd openapi/generators/go && GO111MODULE=off GOPATH=/usr/share/gocode GOCACHE="$JUSPAY_TARGET_DIR/generators/go-cache" \
  go run main.go "$OLDPWD" "$JUSPAY_TARGET_DIR" "$version")

echo "-- agreement and the table in openapi/README.md"
node --test openapi/generators/agreement.test.mjs
