// Parity: the WebAssembly functions and the native `juspay-customer check`
// give the same verdict, byte for byte in every string, for every line of
// samples/, every case of tests/rules.rs, the international and salvage
// cases below and 20,000 generated records, in form and JSON, under six
// policies (none; normalize; normalize with dropInvalidOptional; strict;
// normalize with repairNames; and all of those with the country FR).
// Only the binding adds `userMessage` to an error: checked on its own, then
// left out of the comparison.
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
import { cli, corpus, nativeVerdicts as native, root, target, withoutUserMessages } from "./native.mjs";

const wasm = createRequire(import.meta.url)("../pkg/node/juspay_customer_wasm.js");

const records = corpus();

const policies = [
  {},
  { normalize: true },
  { normalize: true, dropInvalidOptional: true },
  { strict: true },
  { normalize: true, repairNames: true },
  { normalize: true, country: "FR", dropInvalidOptional: true, repairNames: true },
];

for (const options of policies) {
  const name = Object.keys(options).join("+") || "plain";
  for (const format of ["form", "json"]) {
    test(`${format} ${name}: wasm and the native CLI agree on every record`, () => {
      const input = records[format];
      const expected = native(input, format, options);
      assert.equal(expected.length, input.length, "one native verdict per record");
      const validate = format === "form" ? wasm.validateForm : wasm.validateJson;
      let differences = 0;
      let first;
      input.forEach((record, i) => {
        const got = validate(record, options);
        try {
          assert.deepStrictEqual(withoutUserMessages(got), expected[i]);
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
              assert.deepStrictEqual(withoutUserMessages(wasm.validateFields(object, options)), expected[i]);
            } catch (e) {
              differences += 1;
              first ??= `record ${i + 1} as fields: ${e.message}`;
            }
          }
        }
      });
      console.log(`# ${format} ${name}: ${input.length} records, ${differences} differences`);
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

test("callingCode maps regions as the CLI's --country-column does, and messages can be replaced", () => {
  assert.equal(wasm.callingCode("IN"), "91");
  assert.equal(wasm.callingCode("us"), "1");
  assert.equal(wasm.callingCode("XX"), undefined);
  const body = "object_reference_id=cust_123489&mobile_number=99887766&last_name=O%27Brien";
  const english = wasm.validateForm(body).errors[0];
  assert.equal(english.userMessage, "Last name can use letters, digits and ( ) . - _ only; remove the ' (character 2)");
  const german = wasm.validateForm(body, {
    messages: { labels: { last_name: "Nachname" }, entries: { forbidden_character: "{label}: bitte {char} entfernen" } },
  }).errors[0];
  assert.equal(german.userMessage, "Nachname: bitte ' entfernen");
  assert.throws(() => wasm.validateForm(body, { messages: { entries: { nope: "x" } } }), /message key 'nope'/);
  assert.throws(() => wasm.validateForm(body, { messages: { entries: { too_long: "{lable}" } } }), /placeholder '\{lable\}'/);
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
