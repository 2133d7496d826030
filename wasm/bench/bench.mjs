// Node figures for BENCHMARKS.md: validateForm, validateFields and
// checkField per call, beside a plain JavaScript regex port of the rules
// written for this benchmark only. The port is a baseline, not a validator:
// it counts UTF-16 units where the rules count characters, knows no
// positions or messages, and fails some parity cases (counted below).
//
// Usage: node wasm/bench/bench.mjs   (after `bash wasm/build.sh` and `cargo test`)

import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const wasm = createRequire(import.meta.url)("../pkg/node/juspay_customer_wasm.js");

// ---- The baseline: what a hand port typically looks like. ----
const PART_ALL = "[A-Za-z0-9!#$%&'*+\\-/=?^_.{|}~`]";
const PART_EDGE = "[A-Za-z0-9!#$%&'*+\\-/=?^{|}~`]";
const PART = `${PART_EDGE}(?:${PART_ALL}*${PART_EDGE})?`;
const port = {
  object_reference_id: (v) => v.length >= 8 && v.length <= 255,
  mobile_number: (v) => /^[0-9]{1,300}$/.test(v),
  email_address: (v) => v.length <= 300 && new RegExp(`^${PART}@${PART}$`).test(v),
  first_name: (v) => /^[A-Za-z0-9().\-_]{1,255}$/.test(v),
  last_name: (v) => /^[A-Za-z0-9().\-_]{1,255}$/.test(v),
  mobile_country_code: (v) => /^[0-9]{1,64}$/.test(v),
};
const required = new Set(["object_reference_id", "mobile_number"]);
function portCheckField(field, value) {
  if (value === "") return required.has(field) ? { reason: "empty" } : null;
  return port[field](value) ? null : { reason: "invalid" };
}
function portValidateFields(fields) {
  const errors = [];
  for (const field of Object.keys(port)) {
    const v = fields[field];
    if (v === undefined || v === null) {
      if (required.has(field)) errors.push({ field, reason: "missing" });
    } else if (typeof v !== "string") {
      errors.push({ field, reason: "wrong_type" });
    } else {
      const e = portCheckField(field, v);
      if (e) errors.push({ field, ...e });
    }
  }
  return errors.length ? { valid: false, errors } : { valid: true };
}

// ---- Parity of the port, on the rule cases. ----
const cases = JSON.parse(readFileSync(join(root, "target", "tmp", "rule_cases.json"), "utf8")).filter(
  (c) => c.field in port,
);
let portFails = 0;
for (const { field, value } of cases) {
  const want = wasm.checkField(field, value) === null;
  const got = portCheckField(field, value) === null;
  if (want !== got) portFails += 1;
}

// ---- Timing: median of 7 rounds of N calls each. ----
function perCall(fn, n) {
  const rounds = [];
  for (let r = 0; r < 7; r++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < n; i++) fn(i);
    rounds.push(Number(process.hrtime.bigint() - start) / n);
  }
  rounds.sort((a, b) => a - b);
  return rounds[3];
}
const form = "object_reference_id=customer%40gmail.com&mobile_number=99887766&email_address=customer%40gmail.com&first_name=John&last_name=Smith&mobile_country_code=65";
const fields = Object.fromEntries(new URLSearchParams(form));
const values = ["99887766", "9988776", "998877665", "99887766"];
let sink = 0;
const rows = [
  ["validateForm (valid body)", perCall(() => (sink += wasm.validateForm(form).valid ? 1 : 0), 100_000), null],
  [
    "validateFields (valid object)",
    perCall(() => (sink += wasm.validateFields(fields).valid ? 1 : 0), 100_000),
    perCall(() => (sink += portValidateFields(fields).valid ? 1 : 0), 100_000),
  ],
  [
    "checkField (valid mobile number)",
    perCall((i) => (sink += wasm.checkField("mobile_number", values[i & 3]) === null ? 1 : 0), 1_000_000),
    perCall((i) => (sink += portCheckField("mobile_number", values[i & 3]) === null ? 1 : 0), 1_000_000),
  ],
  [
    "checkField (invalid email)",
    perCall(() => (sink += wasm.checkField("email_address", "_customer@gmail.com") === null ? 1 : 0), 100_000),
    perCall(() => (sink += portCheckField("email_address", "_customer@gmail.com") === null ? 1 : 0), 100_000),
  ],
];
console.log(`node ${process.version}; median of 7 rounds; ns per call`);
console.log("| call | wasm | JS regex port | wasm / port |");
console.log("| --- | --- | --- | --- |");
for (const [name, w, p] of rows) {
  console.log(`| ${name} | ${w.toFixed(0)} | ${p === null ? "" : p.toFixed(0)} | ${p === null ? "" : (w / p).toFixed(1) + "x"} |`);
}
console.log(`port parity: fails ${portFails} of ${cases.length} rule cases (wasm: 0 by the parity test)`);
if (sink < 0) console.log(sink);
