// Shared by the JavaScript tests: where the build outputs are, and the
// native `juspay-customer check` verdicts for a list of records.

import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
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
