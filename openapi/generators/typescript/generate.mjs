// Runs the TypeScript generators, as their READMEs show, on the committed
// documents, into generated/ (not committed):
// - openapi-typescript: openapi/openapi.json -> generated/openapi.d.ts
// - openapi-zod-client (its schemas-only template, --export-schemas):
//   openapi/openapi.json -> generated/openapi-zod-client.ts
// - json-schema-to-zod (zod 3): openapi/customer-request.schema.json ->
//   generated/json-schema-to-zod.ts
// then bundles each zod module with esbuild into generated/*.mjs for Node.

import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..", "..");
const out = join(here, "generated");
const bin = (name) => join(here, "node_modules", ".bin", name);
const run = (name, args) => execFileSync(bin(name), args, { cwd: here, stdio: ["ignore", "ignore", "inherit"] });
const document = join(root, "openapi", "openapi.json");
const schema = join(root, "openapi", "customer-request.schema.json");

mkdirSync(out, { recursive: true });
run("openapi-typescript", [document, "-o", join(out, "openapi.d.ts")]);
run("openapi-zod-client", [
  document,
  "-o", join(out, "openapi-zod-client.ts"),
  "--export-schemas",
  "--template", join(here, "node_modules", "openapi-zod-client", "src", "templates", "schemas-only.hbs"),
]);
run("json-schema-to-zod", ["-i", schema, "-o", join(out, "json-schema-to-zod.ts"), "-n", "customerRequest", "-zv", "3"]);
for (const name of ["openapi-zod-client", "json-schema-to-zod"]) {
  run("esbuild", [join(out, `${name}.ts`), "--bundle", "--platform=node", "--format=esm", `--outfile=${join(out, `${name}.mjs`)}`, "--log-level=warning"]);
}
console.log("generated: openapi.d.ts, openapi-zod-client.ts, json-schema-to-zod.ts (and their bundles) in openapi/generators/typescript/generated/");
