// The Node build of the WebAssembly package beside ajv, per call, on the
// first 5,000 records of a JSON lines file: validateJson(text) against
// ajv(JSON.parse(text)), and validateFields(object) against ajv(object) on
// the same records parsed once. Median of 7 rounds. Every verdict is
// compared first: they must agree but for a repeated key or a lone
// surrogate, which JSON Schema cannot say (see openapi/README.md).
// Usage: node benches/peers/wasm_node.mjs SCHEMA RECORDS.jsonl
// (after `bash wasm/build.sh`; ajv from openapi/generators/typescript)

import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const wasm = createRequire(import.meta.url)(join(root, "wasm", "pkg", "node", "juspay_customer_wasm.js"));
const Ajv2020 = createRequire(join(root, "openapi", "generators", "typescript", "package.json"))("ajv/dist/2020").default;
const [schemaPath, recordsPath] = process.argv.slice(2);
const validate = new Ajv2020().compile(JSON.parse(readFileSync(schemaPath, "utf8")));
const lines = readFileSync(recordsPath, "utf8").split("\n").filter((l) => l.trim() !== "").slice(0, 5000);
const parse = (l) => {
  try {
    return JSON.parse(l);
  } catch {
    return undefined;
  }
};
const objects = lines.map(parse).filter((o) => o !== null && typeof o === "object" && !Array.isArray(o));

let differ = 0;
for (const l of lines) if (wasm.validateJson(l).valid !== (parse(l) !== undefined && validate(parse(l)))) differ += 1;
for (const o of objects) if (wasm.validateFields(o).valid !== validate(o)) differ += 1;
if (differ) throw new Error(`${differ} verdicts differ between the wasm build and ajv`);

let sink = 0;
function perCall(f, items) {
  const rounds = [];
  for (let r = 0; r < 7; r++) {
    const t = process.hrtime.bigint();
    for (const x of items) sink += f(x) ? 1 : 0;
    rounds.push(Number(process.hrtime.bigint() - t) / items.length);
  }
  return rounds.sort((a, b) => a - b)[3];
}
const rows = [
  ["validateJson(text)", perCall((l) => wasm.validateJson(l).valid, lines), "ajv(JSON.parse(text))", perCall((l) => {
    const o = parse(l);
    return o !== undefined && validate(o);
  }, lines)],
  ["validateFields(object)", perCall((o) => wasm.validateFields(o).valid, objects), "ajv(object)", perCall((o) => validate(o), objects)],
];
console.log(`| call (Node ${process.version}, ${lines.length} records) | ns per call | peer | peer ns per call | wasm / peer |`);
console.log("| --- | --- | --- | --- | --- |");
for (const [name, ns, peer, peerNs] of rows) {
  console.log(`| ${name} | ${ns.toFixed(0)} | ${peer} | ${peerNs.toFixed(0)} | ${(ns / peerNs).toFixed(2)}x |`);
}
if (sink < 0) console.log(sink);
