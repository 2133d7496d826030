// Agreement: an independent JSON Schema validator (ajv, draft 2020-12, with
// ECMA-262 patterns as JSON Schema defines them) and the crate's own
// `juspay-customer check --format json` give the same verdict on every
// request of a corpus: every sample line, every case of tests/rules.rs, and
// 20,000 generated records (valid, and invalid in every way the generator
// breaks them), each as a JSON object.
//
// Needs: `npm ci` in wasm/ (ajv), and from `cargo test`:
// target/debug/juspay-customer, target/debug/examples/gen_records and
// target/tmp/rule_cases.json. Run: node --test openapi/agreement.test.mjs

import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { generated, nativeVerdicts, root, target } from "../wasm/tests/native.mjs";

const Ajv2020 = createRequire(join(root, "wasm", "package.json"))("ajv/dist/2020").default;
const schema = JSON.parse(readFileSync(join(root, "openapi", "customer-request.schema.json"), "utf8"));

// What JSON Schema cannot say, by name. A record whose verdicts differ for
// one of these reasons is listed, not counted as a disagreement.
const EXCEPTIONS = {
  duplicate_key: "a key given twice: JSON parsers keep one value, the crate refuses the record",
  lone_surrogate: "a lone surrogate escape: valid JSON text, refused by the crate as invalid UTF-8",
};

function corpus() {
  const lines = (path) => readFileSync(path, "utf8").split("\n").filter((l) => l.trim() !== "");
  const cases = JSON.parse(readFileSync(join(target, "tmp", "rule_cases.json"), "utf8"));
  const base = { object_reference_id: "cust_123489", mobile_number: "99887766" };
  return [
    ...lines(join(root, "samples", "requests.jsonl")),
    ...cases.map(({ field, value }) => JSON.stringify({ ...base, [field]: value })),
    ...generated("json", 20000),
  ];
}

test("ajv and the crate agree on every request of the corpus", () => {
  const ajv = new Ajv2020({ strict: false, allErrors: false });
  const validate = ajv.compile(schema);
  const records = corpus();
  const verdicts = nativeVerdicts(records, "json").map((v) => v.valid);
  assert.equal(verdicts.length, records.length);
  let compared = 0;
  let valid = 0;
  const disagreements = [];
  const excepted = [];
  records.forEach((record, i) => {
    let object;
    try {
      object = JSON.parse(record);
    } catch {
      return; // Not JSON: no schema applies (the crate refuses it as not_json).
    }
    compared += 1;
    const schemaSays = validate(object);
    if (verdicts[i]) valid += 1;
    if (schemaSays !== verdicts[i]) {
      const reason = /\\ud[89ab]/i.test(record) ? "lone_surrogate" : null;
      (reason ? excepted : disagreements).push(`record ${i + 1} (${reason ?? "no exception"}): ${record.slice(0, 200)}`);
    }
  });
  console.log(
    `# ${compared} records compared (${valid} valid, ${compared - valid} invalid), ${disagreements.length} disagreements, ${excepted.length} listed exceptions (${Object.keys(EXCEPTIONS).join(", ")})`,
  );
  assert.deepStrictEqual(disagreements, []);
  assert.ok(compared > 20_000 && valid > 1_000 && compared - valid > 1_000);
});
