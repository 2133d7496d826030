// openapi-typescript's types in use: tsc --strict on requests.ts (the
// docs' minimal and full requests compile; a request without
// object_reference_id, and each other `@ts-expect-error` line, does not).
// Writes target/generators/verdicts/openapi-typescript.json for the table.

import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const target = process.env.JUSPAY_TARGET_DIR ?? join(here, "..", "..", "..", "target");
const version = (name) => JSON.parse(readFileSync(join(here, "node_modules", name, "package.json"), "utf8")).version;

execFileSync(join(here, "node_modules", ".bin", "tsc"), ["-p", join(here, "tsconfig.json")], { stdio: "inherit" });
const refusals = (readFileSync(join(here, "requests.ts"), "utf8").match(/^\/\/ @ts-expect-error/gm) ?? []).length;
const result = `no validator; types: the docs' minimal and full requests compile under tsc --strict, ${refusals} wrong ones do not (no object_reference_id, a text option, null in a form, …)`;
writeFileSync(
  join(target, "generators", "verdicts", "openapi-typescript.json"),
  JSON.stringify({ generator: "openapi-typescript", version: version("openapi-typescript"), result }),
);
console.log(`openapi-typescript ${version("openapi-typescript")}: ${result}`);
