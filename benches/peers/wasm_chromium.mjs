// The web build of the WebAssembly package beside ajv, per call, inside
// Debian's Chromium (headless, driven by playwright-core from wasm/'s
// lockfile), on the first 5,000 records of a JSON lines file:
// validateFields(object) against ajv(object), and validateForm(body) against
// ajv(Object.fromEntries(new URLSearchParams(body))) on the records whose
// values are all strings, as a sign-up page would hold them. Median of 7
// rounds, timed with performance.now() around each round. Every verdict is
// compared first, as in wasm_node.mjs.
//
// ajv is bundled for the page by esbuild, both from openapi/generators/
// typescript's lockfile. The page and its files are served on 127.0.0.1.
// Usage: node benches/peers/wasm_chromium.mjs SCHEMA RECORDS.jsonl
// (after `bash wasm/build.sh`; CHROMIUM overrides /usr/bin/chromium)

import { createServer } from "node:http";
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const ts = createRequire(join(root, "openapi", "generators", "typescript", "package.json"));
const { chromium } = createRequire(join(root, "wasm", "package.json"))("playwright-core");
const [schemaPath, recordsPath] = process.argv.slice(2);

const ajvBundle = ts("esbuild").buildSync({
  stdin: { contents: 'import Ajv2020 from "ajv/dist/2020"; globalThis.Ajv2020 = Ajv2020;', resolveDir: dirname(ts.resolve("ajv/package.json")) },
  bundle: true,
  format: "iife",
  write: false,
}).outputFiles[0].text;
const lines = readFileSync(recordsPath, "utf8").split("\n").filter((l) => l.trim() !== "").slice(0, 5000);
const web = join(root, "wasm", "pkg", "web");
const files = {
  "/": ["text/html", "<!doctype html><meta charset=utf-8><title>bench</title>"],
  "/ajv.js": ["text/javascript", ajvBundle],
  "/wasm.js": ["text/javascript", readFileSync(join(web, "juspay_customer_wasm.js"))],
  "/wasm_bg.wasm": ["application/wasm", readFileSync(join(web, "juspay_customer_wasm_bg.wasm"))],
};
const server = createServer((req, res) => {
  const file = files[new URL(req.url, "http://x").pathname];
  if (file) res.writeHead(200, { "content-type": file[0] }).end(file[1]);
  else res.writeHead(404).end();
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const base = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update"],
});
try {
  const page = await browser.newPage();
  await page.goto(`${base}/`);
  await page.addScriptTag({ url: "/ajv.js" });
  const result = await page.evaluate(
    async ({ schema, lines }) => {
      const wasm = await import("/wasm.js");
      await wasm.default({ module_or_path: "/wasm_bg.wasm" });
      const validate = new globalThis.Ajv2020().compile(JSON.parse(schema));
      const parse = (l) => {
        try {
          return JSON.parse(l);
        } catch {
          return undefined;
        }
      };
      const objects = lines.map(parse).filter((o) => o !== null && typeof o === "object" && !Array.isArray(o));
      const bodies = objects
        .filter((o) => Object.values(o).every((v) => typeof v === "string"))
        .map((o) => new URLSearchParams(o).toString());
      const formObject = (b) => Object.fromEntries(new URLSearchParams(b));
      let differ = 0;
      for (const o of objects) if (wasm.validateFields(o).valid !== validate(o)) differ += 1;
      for (const b of bodies) if (wasm.validateForm(b).valid !== validate(formObject(b))) differ += 1;
      let sink = 0;
      const perCall = (f, items) => {
        const rounds = [];
        for (let r = 0; r < 7; r++) {
          const t = performance.now();
          for (const x of items) sink += f(x) ? 1 : 0;
          rounds.push(((performance.now() - t) * 1e6) / items.length);
        }
        return rounds.sort((a, b) => a - b)[3];
      };
      return {
        differ,
        sink,
        version: navigator.userAgent.match(/Chrome\/([\d.]+)/)?.[1] ?? "?",
        counts: [objects.length, bodies.length],
        rows: [
          ["validateFields(object)", perCall((o) => wasm.validateFields(o).valid, objects), "ajv(object)", perCall((o) => validate(o), objects)],
          ["validateForm(body)", perCall((b) => wasm.validateForm(b).valid, bodies), "ajv(fromEntries(URLSearchParams(body)))", perCall((b) => validate(formObject(b)), bodies)],
        ],
      };
    },
    { schema: readFileSync(schemaPath, "utf8"), lines },
  );
  if (result.differ) throw new Error(`${result.differ} verdicts differ between the web build and ajv`);
  const [objects, bodies] = result.counts;
  console.log(`| call (Chromium ${result.version}; ${objects} objects, ${bodies} bodies) | ns per call | peer | peer ns per call | wasm / peer |`);
  console.log("| --- | --- | --- | --- | --- |");
  for (const [name, ns, peer, peerNs] of result.rows) {
    console.log(`| ${name} | ${ns.toFixed(0)} | ${peer} | ${peerNs.toFixed(0)} | ${(ns / peerNs).toFixed(2)}x |`);
  }
} finally {
  await browser.close();
  server.close();
}
