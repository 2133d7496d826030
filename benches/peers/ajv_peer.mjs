// JSON lines through JSON.parse and ajv (draft 2020-12, the committed JSON
// Schema): a count of valid records. ajv comes from the generators'
// pinned project (openapi/generators/typescript, `npm ci` there).
// Usage: node benches/peers/ajv_peer.mjs SCHEMA RECORDS.jsonl

import { createReadStream, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createInterface } from "node:readline";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(join(here, "..", "..", "openapi", "generators", "typescript", "package.json"));
const Ajv2020 = require("ajv/dist/2020").default;
const [schemaPath, recordsPath] = process.argv.slice(2);
const validate = new Ajv2020().compile(JSON.parse(readFileSync(schemaPath, "utf8")));

let records = 0;
let valid = 0;
for await (const line of createInterface({ input: createReadStream(recordsPath), crlfDelay: Infinity })) {
  if (line.trim() === "") continue;
  records += 1;
  let object;
  try {
    object = JSON.parse(line);
  } catch {
    continue;
  }
  if (validate(object)) valid += 1;
}
console.error(`records: ${records}, valid: ${valid}, invalid: ${records - valid}`);
