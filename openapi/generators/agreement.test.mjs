// Agreement: every generator's verdict on every record of the corpus
// (target/generators/corpus.json, from corpus.mjs) against the crate's, and
// the table in openapi/README.md is the one these verdicts make.
//
// A record whose verdicts differ counts as an exception only when it
// carries a tag (corpus.mjs) that this generator is known to read
// differently, for the reason given below; any other difference fails.
// The generators' projects write target/generators/verdicts/*.json
// (run.sh runs them all).
//
// Run: node --test openapi/generators/agreement.test.mjs

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { root, target } from "../../wasm/tests/native.mjs";

/** Why a tagged record may be read differently, by tag. */
const WHY = {
  duplicate_key: "a key given twice: JSON parsers keep one value, the crate refuses the record",
  lone_surrogate: "a lone surrogate escape: valid JSON text, refused by the crate as invalid UTF-8",
  utf16_length: "zod's min and max count UTF-16 units, JSON Schema's lengths count characters",
};

/**
 * The rows of the table, in order: each generator's verdict file (or
 * result file, for those that generate no validator), the document it
 * reads, and the tags it may read differently.
 */
const ROWS = [
  { id: "ajv", reads: "JSON Schema", may: ["duplicate_key", "lone_surrogate"] },
  { id: "python-jsonschema", reads: "JSON Schema", may: ["duplicate_key", "lone_surrogate"] },
  { id: "pydantic", reads: "JSON Schema", may: ["duplicate_key", "lone_surrogate"] },
  { id: "json-schema-to-zod", reads: "JSON Schema", may: ["duplicate_key", "lone_surrogate", "utf16_length"] },
  { id: "openapi-zod-client", reads: "OpenAPI", may: ["duplicate_key", "lone_surrogate", "utf16_length"] },
  { id: "rust-jsonschema", reads: "JSON Schema", may: ["duplicate_key", "lone_surrogate"] },
  { id: "go-gojsonschema", reads: "JSON Schema", may: ["duplicate_key", "lone_surrogate"] },
  { id: "openapi-python-client", reads: "OpenAPI" },
  { id: "openapi-typescript", reads: "OpenAPI" },
];

const corpus = JSON.parse(readFileSync(join(target, "generators", "corpus.json"), "utf8"));
const read = (id) => JSON.parse(readFileSync(join(target, "generators", "verdicts", `${id}.json`), "utf8"));

/** One generator's row: its counts, and the records that differ for no named reason. */
function judge(row) {
  const file = read(row.id);
  if (!file.verdicts) return { ...row, file, cells: [file.generator, file.version, row.reads, file.result, "none"] };
  assert.equal(file.verdicts.length, corpus.records.length, `${row.id}: one verdict per record`);
  let agree = 0;
  const excepted = {};
  const unexplained = [];
  file.verdicts.forEach((verdict, i) => {
    if (verdict === corpus.crate[i]) {
      agree += 1;
      return;
    }
    const tag = corpus.tags[i].find((t) => row.may.includes(t));
    if (tag) excepted[tag] = (excepted[tag] ?? 0) + 1;
    else unexplained.push(`record ${i} (the crate: ${corpus.crate[i]}, ${row.id}: ${verdict}): ${corpus.records[i].slice(0, 160)}`);
  });
  const n = corpus.records.length;
  const exceptions = Object.keys(WHY)
    .filter((t) => excepted[t])
    .map((t) => `${excepted[t]} ${t}`)
    .join(", ");
  const cells = [file.generator, file.version, row.reads, `${agree} of ${n}${file.note ? `; ${file.note}` : ""}`, exceptions || "none"];
  return { ...row, file, cells, unexplained };
}

const rows = ROWS.map(judge);

test("every generator agrees with the crate on the corpus, but for named exceptions", () => {
  for (const row of rows) {
    console.log(`# ${row.cells.join(" | ")}`);
    assert.deepEqual(row.unexplained ?? [], [], `${row.id} disagrees with the crate for no named reason`);
  }
});

test("openapi/README.md's table is the one the verdicts make", () => {
  const table = [
    "| generator | version | reads | agrees with the crate | exceptions |",
    "| --- | --- | --- | --- | --- |",
    ...rows.map((r) => `| ${r.cells.join(" | ")} |`),
  ].join("\n");
  const readme = readFileSync(join(root, "openapi", "README.md"), "utf8");
  assert.ok(readme.includes(table), `openapi/README.md should hold this table:\n\n${table}\n`);
  const why = Object.entries(WHY).map(([tag, text]) => `- \`${tag}\`: ${text}`).join("\n");
  assert.ok(readme.includes(why), `openapi/README.md should explain the exceptions:\n\n${why}\n`);
});
