// Writes the corpus every generator's project judges, with the crate's
// verdict on each record: target/generators/corpus.json.
//
// The records: every line of samples/requests.jsonl, every case of
// tests/rules.rs, the international and salvage cases of the wasm parity
// corpus, and 20,000 generated records, valid and invalid in every way the
// generator breaks them; each a JSON text. Records that are not JSON are
// left out (no schema applies; the crate refuses them as not_json).
//
// Each record also carries the tags of what JSON Schema cannot say, or a
// generator counts differently, so that a disagreement can be named:
// - duplicate_key: a key given twice (parsers keep one value; the crate
//   refuses the record);
// - lone_surrogate: a lone surrogate escape (valid JSON text; the crate
//   refuses it as invalid UTF-8);
// - utf16_length: a value whose length is within its limits counted in
//   characters and outside them counted in UTF-16 units, or the reverse.
//
// Needs, from `cargo test --all-features --all-targets`: target/debug/juspay-customer,
// target/debug/examples/gen_records and target/tmp/rule_cases.json.
// Run: node openapi/generators/corpus.mjs

import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { corpus, nativeVerdicts, root, target } from "../../wasm/tests/native.mjs";

/** The string schema inside a property of either shape (`anyOf` with null, `allOf` with a `not`). */
function stringBranch(property) {
  let p = property;
  while (p.anyOf || p.allOf) p = (p.anyOf ?? p.allOf)[0];
  return p;
}

const schema = JSON.parse(readFileSync(join(root, "openapi", "customer-request.schema.json"), "utf8"));
const limits = Object.fromEntries(
  Object.entries(schema.properties).map(([name, property]) => {
    const s = stringBranch(property);
    return [name, [s.minLength ?? 0, s.maxLength ?? Infinity]];
  }),
);

/** The tags of one record (see the header). */
function tags(text, verdict) {
  const out = [];
  const reasons = (verdict.errors ?? []).map((e) => e.reason);
  if (reasons.includes("duplicate_key")) out.push("duplicate_key");
  if (reasons.includes("invalid_utf8") && /\\u[dD][89a-fA-F]/.test(text)) out.push("lone_surrogate");
  const object = JSON.parse(text);
  if (object && typeof object === "object") {
    for (const [name, [min, max]] of Object.entries(limits)) {
      const value = object[name];
      if (typeof value !== "string") continue;
      const within = (n) => n >= min && n <= max;
      if (within([...value].length) !== within(value.length)) out.push("utf16_length");
    }
  }
  return out;
}

const isJson = (text) => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

/**
 * The cases where engines and generators part ways, each beside a valid
 * base: a final line break in every patterned field (Python's `$`), a line
 * break alone, characters beyond U+FFFF at the length limits (UTF-16
 * counting), `null` and `""` for every optional field, the option as text
 * and as a number, wrong types, a key given twice, lone surrogates, and
 * JSON that is not an object.
 */
function edgeCases() {
  const base = { object_reference_id: "cust_123489", mobile_number: "99887766" };
  const json = (extra) => JSON.stringify({ ...base, ...extra });
  const out = [];
  const valid = {
    mobile_number: "99887766",
    mobile_country_code: "65",
    email_address: "a.b@x.com",
    first_name: "Mary-Ann",
    last_name: "O.Brien",
  };
  for (const [field, value] of Object.entries(valid)) {
    for (const tail of ["\n", "\r\n", "\r", " ", "\t"]) out.push(json({ [field]: value + tail }));
    out.push(json({ [field]: "\n" + value }), json({ [field]: "\n" }), json({ [field]: value + "\n\n" }));
  }
  out.push(json({ object_reference_id: "cust_123489\n" }), json({ object_reference_id: "\n".repeat(8) }));
  const astral = "\u{1F600}";
  for (const n of [3, 4, 5, 7, 8, 127, 128, 255, 256]) out.push(json({ object_reference_id: astral.repeat(n) }));
  out.push(json({ object_reference_id: "cust_12" + astral }), json({ object_reference_id: "r".repeat(254) + astral }));
  for (const field of ["mobile_country_code", "email_address", "first_name", "last_name", "options.get_client_auth_token"]) {
    out.push(json({ [field]: null }), json({ [field]: "" }));
  }
  for (const value of ["true", "false", 1, 0, "yes", [], {}]) out.push(json({ "options.get_client_auth_token": value }));
  for (const value of [true, 1, 99887766, [], {}]) {
    out.push(json({ mobile_number: value }), json({ first_name: value }), json({ object_reference_id: value }));
  }
  out.push(json({ unknown: "kept out", options: { get_client_auth_token: true } }));
  out.push(
    '{"object_reference_id":"cust_123489","mobile_number":"1","mobile_number":"2"}',
    '{"object_reference_id":"cust_123489","mobile_number":"99887766","first_name":"a","first_name":"b"}',
    '{"object_reference_id":"cust_123489","mobile_number":"99887766","first_name":"\\ud800"}',
    '{"object_reference_id":"cust_12348\\udfff","mobile_number":"99887766"}',
    '{"object_reference_id":"cust_123489","mobile_number":"99887766","email_address":"a\\udbff@x.com"}',
    "[]",
    "null",
    '"cust_123489"',
    "42",
    "{}",
  );
  return out;
}

const records = [...corpus().json, ...edgeCases()].filter(isJson);
const verdicts = nativeVerdicts(records, "json");
if (verdicts.length !== records.length) throw new Error(`${verdicts.length} verdicts for ${records.length} records`);
const out = {
  records,
  crate: verdicts.map((v) => v.valid),
  tags: records.map((r, i) => tags(r, verdicts[i])),
};
mkdirSync(join(target, "generators", "verdicts"), { recursive: true });
writeFileSync(join(target, "generators", "corpus.json"), JSON.stringify(out));
const valid = out.crate.filter(Boolean).length;
console.log(`corpus: ${records.length} records (${valid} valid, ${records.length - valid} invalid) in target/generators/corpus.json`);
