// Parity: the WebAssembly functions and the native `juspay-customer check`
// give the same verdict, byte for byte in every string, for every line of
// samples/, every case of tests/rules.rs and 20,000 generated records, in
// form and JSON, with and without normalize.
//
// Needs: `bash wasm/build.sh` (wasm/pkg/node), and from `cargo test`:
// target/debug/juspay-customer, target/debug/examples/gen_records and
// target/tmp/rule_cases.json. `JUSPAY_TARGET_DIR` overrides `target`.

import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { cli, generated, nativeVerdicts as native, root, target } from "./native.mjs";

const wasm = createRequire(import.meta.url)("../pkg/node/juspay_customer_wasm.js");

/** Non-blank lines of a file. */
const lines = (path) => readFileSync(path, "utf8").split("\n").map((l) => l.replace(/\r$/, "")).filter((l) => l.trim() !== "");

/** The records of every source, per format. */
function corpus() {
  const cases = JSON.parse(readFileSync(join(target, "tmp", "rule_cases.json"), "utf8"));
  const base = { object_reference_id: "cust_123489", mobile_number: "99887766" };
  const asFields = cases.map(({ field, value }) => ({ ...base, [field]: value }));
  return {
    form: [
      ...lines(join(root, "samples", "requests.form")),
      ...asFields.map((f) => new URLSearchParams(f).toString()),
      ...generated("form", 20000),
    ],
    json: [
      ...lines(join(root, "samples", "requests.jsonl")),
      ...asFields.map((f) => JSON.stringify(f)),
      ...generated("json", 20000),
    ],
  };
}

const records = corpus();

for (const normalize of [false, true]) {
  for (const format of ["form", "json"]) {
    test(`${format}${normalize ? " normalized" : ""}: wasm and the native CLI agree on every record`, () => {
      const input = records[format];
      const expected = native(input, format, normalize);
      assert.equal(expected.length, input.length, "one native verdict per record");
      const validate = format === "form" ? wasm.validateForm : wasm.validateJson;
      let differences = 0;
      let first;
      input.forEach((record, i) => {
        const got = validate(record, { normalize });
        try {
          assert.deepStrictEqual(got, expected[i]);
        } catch (e) {
          differences += 1;
          first ??= `record ${i + 1}: ${e.message}`;
        }
        // validateFields on the same object gives the same verdict.
        if (format === "json") {
          let object;
          try {
            object = JSON.parse(record);
          } catch {
            return;
          }
          // validateFields takes "true"/"false" for the option as a form sends
          // them; JSON says a string there is the wrong type. Those differ on purpose.
          const formOption = typeof object?.["options.get_client_auth_token"] === "string";
          if (object && typeof object === "object" && !Array.isArray(object) && !formOption) {
            try {
              assert.deepStrictEqual(wasm.validateFields(object, { normalize }), expected[i]);
            } catch (e) {
              differences += 1;
              first ??= `record ${i + 1} as fields: ${e.message}`;
            }
          }
        }
      });
      console.log(`# ${format}${normalize ? " normalized" : ""}: ${input.length} records, ${differences} differences`);
      assert.equal(differences, 0, first);
    });
  }
}

test("checkField agrees with the verdicts for every rule case", () => {
  const cases = JSON.parse(readFileSync(join(target, "tmp", "rule_cases.json"), "utf8"));
  let checked = 0;
  for (const { field, value } of cases) {
    if (field === "options.get_client_auth_token") continue;
    const alone = wasm.checkField(field, value);
    const base = { object_reference_id: "cust_123489", mobile_number: "99887766", [field]: value };
    const verdict = wasm.validateFields(base);
    const fromVerdict = verdict.valid ? null : verdict.errors.find((e) => e.field === field) ?? null;
    assert.deepStrictEqual(alone, fromVerdict, `${field}=${JSON.stringify(value)}`);
    checked += 1;
  }
  assert.ok(checked > 100);
  assert.throws(() => wasm.checkField("phone", "1"), /not a field name/);
});

test("parseResponse is the CLI's parse summary, without the token", () => {
  const body = readFileSync(join(root, "tests", "fixtures", "001_200_with_token.json"), "utf8");
  const summary = wasm.parseResponse(200, body);
  const native = JSON.parse(
    execFileSync(cli, ["parse", "--status", "200", join(root, "tests", "fixtures", "001_200_with_token.json")]).toString(),
  );
  assert.deepStrictEqual(summary, native);
  assert.ok(!JSON.stringify(summary).includes("tkn_"));
  assert.match(wasm.clientAuthToken(200, body), /^tkn_/);
  assert.equal(wasm.clientAuthToken(400, body), undefined);
  const error = readFileSync(join(root, "tests", "fixtures", "000_400_invalid_input.json"), "utf8");
  assert.equal(wasm.parseResponse(400, error).kind, "invalid_input");
});

test("rules() holds the limits and sets as data", () => {
  const rules = wasm.rules();
  assert.equal(rules.object_reference_id.minLength, 8);
  assert.equal(rules.object_reference_id.maxLength, 255);
  assert.equal(rules.mobile_number.maxLength, 300);
  assert.equal(rules.mobile_country_code.default, "91");
  assert.equal(rules["options.get_client_auth_token"].type, "boolean");
  assert.ok(rules.email_address.characters.includes("`"));
  assert.equal(rules.email_address.edgeForbidden, "._");
  assert.ok(rules.first_name.hint.startsWith("Optional."));
});
