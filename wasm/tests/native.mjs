// Shared by the JavaScript tests: where the build outputs are, the parity
// corpus, and the native `juspay-customer check` verdicts for a list of
// records.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository's root. */
export const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
/** Cargo's target directory (`JUSPAY_TARGET_DIR` overrides it). */
export const target = process.env.JUSPAY_TARGET_DIR ?? join(root, "target");
/** The native CLI, as `cargo test` builds it. */
export const cli = join(target, "debug", "juspay-customer");

/** `gen_records --format FORMAT N`, one record a line. */
export function generated(format, n) {
  return execFileSync(join(target, "debug", "examples", "gen_records"), ["--format", format, String(n)], {
    maxBuffer: 1 << 30,
  })
    .toString("utf8")
    .split("\n")
    .filter((l) => l);
}

/** The CLI flags of a wasm `CheckOptions`. */
export function flagsOf(options = {}) {
  return [
    ...(options.normalize ? ["--normalize"] : []),
    ...(options.dropInvalidOptional ? ["--drop-invalid-optional"] : []),
    ...(options.strict ? ["--strict"] : []),
    ...(options.repairNames ? ["--repair-names"] : []),
    ...(options.country ? ["--default-country-code", options.country] : []),
  ];
}

/** The native verdicts for `records` (one a line), each without its `line`. */
export function nativeVerdicts(records, format, options = {}) {
  const file = join(mkdtempSync(join(tmpdir(), "juspay-native-")), `records.${format}`);
  writeFileSync(file, records.join("\n") + "\n");
  // Each record is judged alone, as one request is: a repeated
  // object_reference_id across the corpus is not a refusal here.
  const args = ["check", "--quiet", "--allow-duplicates", "--format", format, file];
  args.push(...flagsOf(options));
  let out;
  try {
    out = execFileSync(cli, args, { maxBuffer: 1 << 30, stdio: ["ignore", "pipe", "ignore"] });
  } catch (e) {
    // Exit status 1: some record was refused. Anything else is a failure.
    if (e.status !== 1) throw e;
    out = e.stdout;
  }
  return out
    .toString("utf8")
    .split("\n")
    .filter((l) => l)
    .map((l) => {
      const { line, ...verdict } = JSON.parse(l);
      return verdict;
    });
}

/** Non-blank lines of a file. */
const lines = (path) => readFileSync(path, "utf8").split("\n").map((l) => l.replace(/\r$/, "")).filter((l) => l.trim() !== "");

/**
 * The records of every source, per format: every line of samples/, every
 * case of tests/rules.rs, international and salvage cases, and 20,000
 * generated records.
 */
export function corpus() {
  const cases = JSON.parse(readFileSync(join(target, "tmp", "rule_cases.json"), "utf8"));
  const base = { object_reference_id: "cust_123489", mobile_number: "99887766" };
  const asFields = cases.map(({ field, value }) => ({ ...base, [field]: value }));
  // International numbers, conflicts, names the API refuses, and values
  // over Juspay's server limits.
  for (const mobile_number of ["+91 98765-43210", "+65 9123 4567", "0044 (0)20 7946 0000", "(+1) 415-555-2671",
    "+999 1234", "+", "+abc", "00", "+44 (0)", "+1+1"]) {
    asFields.push({ ...base, mobile_number });
    asFields.push({ ...base, mobile_number, mobile_country_code: "91" });
    asFields.push({ ...base, mobile_number, mobile_country_code: "+65" });
  }
  for (const [field, value] of [["first_name", "Mary Ann"], ["last_name", "O'Brien"], ["email_address", "a b@x.com"],
    ["first_name", "J".repeat(65)], ["email_address", "e".repeat(120) + "@x.com.in"],
    ["object_reference_id", "r".repeat(129)], ["mobile_number", "1".repeat(17)], ["mobile_country_code", "x"]]) {
    asFields.push({ ...base, [field]: value });
    asFields.push({ ...base, mobile_number: "+65 9123 4567", [field]: value, last_name: "Zoë" });
  }
  // What exports and people write: national numbers with a trunk prefix,
  // Excel's mark, extensions, and names repair may mend.
  for (const mobile_number of ["06 12 34 56 29", "'+33 6 12 34 56 29", "'0612345629", "098765 43210 ext. 12",
    "9876543210 x7", "98765x43210", "011 15-2345-6789", "+44 (0)20 7946 0000 #12"]) {
    asFields.push({ ...base, mobile_number });
    asFields.push({ ...base, mobile_number, mobile_country_code: "33" });
  }
  for (const [first_name, last_name] of [["José María", "O'Brien"], ["Zoë", "van der Berg"], ["Søren", "Strauß"],
    ["Łukasz", "O\u2019Neill"], ["王", "Lee"], ["J. R.", "Smith & Co"]]) {
    asFields.push({ ...base, first_name, last_name });
  }
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

/**
 * A verdict without what only the binding adds, each checked here: the
 * `userMessage`s, and a valid verdict's `fields`, which must be what its
 * body sends.
 */
export function withoutUserMessages(verdict) {
  const { fields, ...out } = verdict;
  if (out.valid) {
    const sent = Object.fromEntries(new URLSearchParams(out.body));
    assert.deepEqual(
      Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, String(v)])),
      sent,
      out.body,
    );
  }
  for (const key of ["errors", "warnings", "dropped"]) {
    if (!out[key]) continue;
    out[key] = out[key].map(({ userMessage, ...e }) => {
      assert.equal(typeof userMessage, "string");
      // No Rust escape (\u{a0}, \', \n); a backslash the value holds shows as itself.
      assert.ok(userMessage.length > 0 && !/\\[u'"nrt0]/.test(userMessage), userMessage);
      return e;
    });
  }
  return out;
}
