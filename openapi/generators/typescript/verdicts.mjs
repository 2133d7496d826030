// The JavaScript validators on every record of the corpus, each record read
// with JSON.parse: ajv (draft 2020-12) on the JSON Schema, and the zod
// schemas that openapi-zod-client and json-schema-to-zod generated
// (generate.mjs first). Writes target/generators/verdicts/{ajv,
// openapi-zod-client,json-schema-to-zod}.json.

import { createRequire } from "node:module";
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..", "..");
const target = process.env.JUSPAY_TARGET_DIR ?? join(root, "target");
const require = createRequire(import.meta.url);
// Read from node_modules: not every package exports its package.json.
const version = (name) => JSON.parse(readFileSync(join(here, "node_modules", name, "package.json"), "utf8")).version;
const { records } = JSON.parse(readFileSync(join(target, "generators", "corpus.json"), "utf8"));

function write(id, generator, pkg, validate) {
  const verdicts = records.map((text) => validate(JSON.parse(text)));
  const file = join(target, "generators", "verdicts", `${id}.json`);
  writeFileSync(file, JSON.stringify({ generator, version: version(pkg), verdicts }));
  console.log(`${generator} ${version(pkg)}: ${verdicts.filter(Boolean).length} of ${verdicts.length} valid`);
}

const Ajv2020 = require("ajv/dist/2020").default;
const schema = JSON.parse(readFileSync(join(root, "openapi", "customer-request.schema.json"), "utf8"));
const ajv = new Ajv2020({ strict: true }).compile(schema);
write("ajv", "ajv (draft 2020-12)", "ajv", (object) => ajv(object));

const { schemas } = await import(join(here, "generated", "openapi-zod-client.mjs"));
write("openapi-zod-client", "openapi-zod-client (zod 3)", "openapi-zod-client", (object) =>
  schemas.CustomerRequest.safeParse(object).success,
);

const { customerRequest } = await import(join(here, "generated", "json-schema-to-zod.mjs"));
write("json-schema-to-zod", "json-schema-to-zod (zod 3)", "json-schema-to-zod", (object) =>
  customerRequest.safeParse(object).success,
);
