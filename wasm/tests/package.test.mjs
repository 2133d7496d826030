// The packed tarball (node wasm/package.mjs) installed into fresh projects,
// one each: Node ESM, Node CommonJS, TypeScript strict with moduleResolution
// node16 and bundler, an esbuild browser bundle, Vite and webpack 5 builds
// loaded in Chromium, the zod (3 and 4) and react-hook-form adapters, a React
// sign-up page driven in Chromium, and the parity corpus through the browser
// build in Chromium. Each uses the package as its README shows, with no
// configuration. Packages come from the npm registry; Chromium is Debian's
// (CHROMIUM overrides), driven by playwright-core. Needs target/debug from
// `cargo test` (the CLI, gen_records, rule_cases.json).

import { test, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { gzipSync } from "node:zlib";
import { dirname, extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const wasm = join(dirname(fileURLToPath(import.meta.url)), "..");
const tarball = readdirSync(wasm).find((f) => /^juspay-customer-.*\.tgz$/.test(f));
const tsc = join(wasm, "node_modules", ".bin", "tsc");
const esbuild = join(wasm, "node_modules", ".bin", "esbuild");

const BODY = "object_reference_id=cust_123489&mobile_number=99887766";
const SENT = `${BODY}&mobile_country_code=91`;
const CUSTOMER = '{"id":"cst_1","object_reference_id":"cust_123489"}';
/** The verdict for BODY: what is sent, as a body and as fields. */
const VALID = {
  valid: true,
  body: SENT,
  fields: { object_reference_id: "cust_123489", mobile_number: "99887766", mobile_country_code: "91" },
};

/** A fresh project with these files and the tarball installed. */
function project(name, files) {
  const dir = mkdtempSync(join(tmpdir(), `juspay-${name}-`));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--silent", join(wasm, tarball)], { cwd: dir });
  return dir;
}

const run = (dir, ...args) => execFileSync(args[0], args.slice(1), { cwd: dir, encoding: "utf8" });

test("the tarball exists", () => assert.ok(tarball, "run node wasm/package.mjs first"));

test("Node ES module: the full build, no init", () => {
  const dir = project("esm", {
    "package.json": '{"type":"module","private":true}',
    "index.js": `import { validateForm, parseResponse } from "juspay-customer";
console.log(JSON.stringify([validateForm(${JSON.stringify(BODY)}), parseResponse(200, ${JSON.stringify(CUSTOMER)}).kind]));`,
  });
  assert.deepEqual(JSON.parse(run(dir, "node", "index.js")), [VALID, "customer"]);
});

test("Node CommonJS: the full build, no init", () => {
  const dir = project("cjs", {
    "package.json": '{"private":true}',
    "index.js": `const { validateForm, parseResponse } = require("juspay-customer");
console.log(JSON.stringify([validateForm(${JSON.stringify(BODY)}), parseResponse(200, ${JSON.stringify(CUSTOMER)}).kind]));`,
  });
  assert.deepEqual(JSON.parse(run(dir, "node", "index.js")), [VALID, "customer"]);
});

for (const [resolution, module] of [["node16", "node16"], ["bundler", "esnext"]]) {
  test(`TypeScript strict, moduleResolution ${resolution}`, () => {
    const dir = project(`ts-${resolution}`, {
      "package.json": '{"type":"module","private":true}',
      "tsconfig.json": JSON.stringify({
        compilerOptions: { strict: true, noEmit: true, module, moduleResolution: resolution, target: "es2022", skipLibCheck: false },
        files: ["index.ts"],
      }),
      "index.ts": `import { validateForm, validateFields, type Fields } from "juspay-customer";
const verdict = validateForm("${BODY}");
const fields: Fields = { object_reference_id: "cust_123489", mobile_number: "99887766" };
const again = validateFields(fields);
if (verdict.valid && again.valid) {
  const body: string = verdict.body;
  void body;
}
// @ts-expect-error a typo'd key
validateFields({ mobile_numbr: "1" });
`,
    });
    run(dir, tsc, "-p", ".");
  });
}

test("esbuild for the browser: the web build, inlined, runs with no fetch", () => {
  const dir = project("esbuild", {
    "package.json": '{"private":true}',
    "index.js": `import { validateForm, checkField } from "juspay-customer";
console.log(JSON.stringify([validateForm(${JSON.stringify(BODY)}), checkField("mobile_number", "98-76")?.reason]));`,
    "node-only.js": `import { parseResponse } from "juspay-customer";\nconsole.log(parseResponse);`,
  });
  run(dir, esbuild, "index.js", "--bundle", "--platform=browser", "--format=esm", "--outfile=out.mjs", "--log-level=warning");
  // The bundle needs nothing a browser lacks: it runs as is in Node.
  assert.deepEqual(JSON.parse(run(dir, "node", "out.mjs")), [VALID, "not_a_digit"]);
  // The browser build is validation only: a response parser is not in it.
  assert.throws(
    () => execFileSync(esbuild, ["node-only.js", "--bundle", "--platform=browser", "--outfile=x.mjs", "--log-level=error"], { cwd: dir, stdio: "pipe" }),
    /No matching export/,
  );
});

for (const zod of ["zod@3", "zod@4"]) test(`juspay-customer/zod with ${zod}: the crate's checks and messages per field, the values as sent`, () => {
  const dir = project(zod.replace("@", ""), {
    "package.json": '{"type":"module","private":true}',
    "index.js": `import { customerSchema } from "juspay-customer/zod";
import { validateFields } from "juspay-customer";
const schema = customerSchema({ normalize: true });
const ok = await schema.parseAsync({ object_reference_id: "cust_123489", mobile_number: "+91 98765-43210" });
const bad = { object_reference_id: "cust_123489", mobile_number: "98765", email_address: "a@@b.com", last_name: "O'Neil" };
const result = await schema.safeParseAsync(bad);
const issues = result.error.issues.map((i) => [i.path.join("."), i.message, i.params?.reason]);
const expected = validateFields(bad, { normalize: true }).errors.map((e) => [e.field, e.userMessage, e.reason]);
console.log(JSON.stringify({ ok, success: result.success, issues, expected }));`,
  });
  run(dir, "npm", "install", "--no-audit", "--no-fund", "--silent", zod);
  const out = JSON.parse(run(dir, "node", "index.js"));
  assert.deepEqual(out.ok, { object_reference_id: "cust_123489", mobile_number: "9876543210", mobile_country_code: "91" });
  assert.equal(out.success, false);
  assert.deepEqual(out.issues, out.expected);
  assert.deepEqual(out.issues.map((i) => i[0]), ["email_address", "last_name"]);
  assert.equal(out.issues[1][1], "Last name can use letters, digits and ( ) . - _ only; remove the ' (character 2)");
});

test("juspay-customer/react-hook-form: errors per field, values as sent, types with strict tsc", () => {
  const dir = project("rhf", {
    "package.json": '{"type":"module","private":true}',
    "index.js": `import { juspayResolver } from "juspay-customer/react-hook-form";
const resolve = juspayResolver({ normalize: true });
const good = await resolve({ object_reference_id: "cust_123489", mobile_number: "+91 98765 43210", options: { get_client_auth_token: true } });
const bad = await resolve({ object_reference_id: "cust_123489", mobile_number: "98765", email_address: "a@@b.com" });
console.log(JSON.stringify({ good, bad }));`,
    "check.ts": `import { useForm } from "react-hook-form";
import { juspayResolver } from "juspay-customer/react-hook-form";
type SignUp = { object_reference_id: string; mobile_number: string; email_address?: string };
export function useSignUp() {
  return useForm<SignUp>({ resolver: juspayResolver<SignUp>({ normalize: true }) });
}
`,
    "tsconfig.json": JSON.stringify({
      compilerOptions: { strict: true, noEmit: true, module: "esnext", moduleResolution: "bundler", target: "es2022", skipLibCheck: true, jsx: "react-jsx" },
      files: ["check.ts"],
    }),
  });
  run(dir, "npm", "install", "--no-audit", "--no-fund", "--silent", "react-hook-form@7", "react@19", "@types/react@19");
  const out = JSON.parse(run(dir, "node", "index.js"));
  assert.deepEqual(out.good, {
    values: {
      object_reference_id: "cust_123489",
      mobile_number: "9876543210",
      mobile_country_code: "91",
      options: { get_client_auth_token: true },
    },
    errors: {},
  });
  assert.deepEqual(out.bad.values, {});
  assert.deepEqual(Object.keys(out.bad.errors), ["email_address"]);
  assert.equal(out.bad.errors.email_address.type, "multiple_at");
  assert.match(out.bad.errors.email_address.message, /only one @/);
  run(dir, tsc, "-p", ".");
});

// ---------- Bundlers, in Chromium ----------

let browser;
after(async () => browser?.close());

/** Serves `dir` on 127.0.0.1 (`/` is index.html). */
async function serve(dir) {
  const types = { ".html": "text/html", ".js": "text/javascript", ".mjs": "text/javascript", ".wasm": "application/wasm" };
  const server = createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url, "http://x").pathname);
    const file = normalize(join(dir, pathname === "/" ? "index.html" : pathname));
    let body;
    try {
      body = readFileSync(file);
    } catch {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": types[extname(file)] ?? "application/octet-stream" }).end(body);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${server.address().port}/`, close: () => server.close() };
}

/** Debian's Chromium, started once. */
async function chromium_() {
  browser ??= await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  return browser;
}

/**
 * Serves `dir`, opens it in Chromium and runs `drive(page)`; the page must
 * throw nothing uncaught.
 */
async function withPage(dir, drive) {
  const served = await serve(dir);
  const page = await (await chromium_()).newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  try {
    await page.goto(served.url);
    const result = await drive(page);
    assert.deepEqual(errors, []);
    return result;
  } finally {
    await page.close();
    served.close();
  }
}

/** Loads `dir`/index.html in Chromium and reads what the page wrote. */
function load(dir) {
  return withPage(dir, async (page) => {
    await page.waitForFunction(() => document.body.dataset.result !== undefined || document.body.dataset.error !== undefined, null, { timeout: 20000 });
    const error = await page.evaluate(() => document.body.dataset.error);
    assert.equal(error, undefined, error);
    return JSON.parse(await page.evaluate(() => document.body.dataset.result));
  });
}

const PAGE_SCRIPT = `import { validateForm, checkField } from "juspay-customer";
try {
  document.body.dataset.result = JSON.stringify([validateForm(${JSON.stringify(BODY)}), checkField("mobile_number", "98-76")?.reason]);
} catch (e) {
  document.body.dataset.error = String(e);
}
`;

test("Vite: built with no configuration, loaded in Chromium", async () => {
  const dir = project("vite", {
    "package.json": '{"type":"module","private":true}',
    "index.html": '<!doctype html><html><body><script type="module" src="/main.js"></script></body></html>',
    "main.js": PAGE_SCRIPT,
  });
  run(dir, "npm", "install", "--no-audit", "--no-fund", "--silent", "vite@8");
  run(dir, join(dir, "node_modules", ".bin", "vite"), "build", "--logLevel", "warn");
  assert.deepEqual(await load(join(dir, "dist")), [VALID, "not_a_digit"]);
});

test("webpack 5: built with no configuration, loaded in Chromium", async () => {
  const dir = project("webpack", {
    "package.json": '{"private":true}',
    "src/index.js": PAGE_SCRIPT,
  });
  run(dir, "npm", "install", "--no-audit", "--no-fund", "--silent", "webpack@5", "webpack-cli@6");
  run(dir, join(dir, "node_modules", ".bin", "webpack"), "--mode", "production", "--no-stats");
  writeFileSync(join(dir, "dist", "index.html"), '<!doctype html><html><body><script src="main.js"></script></body></html>');
  assert.deepEqual(await load(join(dir, "dist")), [VALID, "not_a_digit"]);
});

/** The gzipped bytes of the JavaScript a built page loads first: its module script and modulepreloads. */
function firstLoad(dist) {
  const html = readFileSync(join(dist, "index.html"), "utf8");
  const files = [...html.matchAll(/(?:src|href)="\/([^"]+\.js)"/g)].map((m) => m[1]);
  return files.reduce((sum, file) => sum + gzipSync(readFileSync(join(dist, file)), { level: 9 }).length, 0);
}

test("the adapters load the WebAssembly lazily: a page's first bundle grows by at most 5 KB gzipped (Vite)", () => {
  const page = (imports, options) => `import { createElement as h } from "react";
import { createRoot } from "react-dom/client";
import { useForm } from "react-hook-form";
${imports}
function SignUp() {
  const { register, handleSubmit } = useForm(${options});
  return h("form", { onSubmit: handleSubmit(() => {}) }, h("input", register("mobile_number")), h("button", null, "Sign up"));
}
createRoot(document.getElementById("root")).render(h(SignUp));
`;
  const variants = {
    "react-hook-form alone": page("", "{}"),
    "with juspayResolver": page('import { juspayResolver } from "juspay-customer/react-hook-form";', "{ resolver: juspayResolver({ normalize: true }) }"),
    // What the adapter was before: the package imported up front.
    "with a resolver importing the package up front": page(
      'import { validateFields } from "juspay-customer";',
      "{ resolver: async (v) => { const r = validateFields(v); return r.valid ? { values: r.fields, errors: {} } : { values: {}, errors: { root: { type: 'x', message: 'x' } } }; } }",
    ),
    "with zod and zodResolver": page(
      'import { z } from "zod";\nimport { zodResolver } from "@hookform/resolvers/zod";',
      "{ resolver: zodResolver(z.object({ mobile_number: z.string() })) }",
    ),
    "with zod, zodResolver and customerSchema": page(
      'import { z } from "zod";\nimport { zodResolver } from "@hookform/resolvers/zod";\nimport { customerSchema } from "juspay-customer/zod";',
      "{ resolver: zodResolver(customerSchema({ normalize: true })) }",
    ),
  };
  const dir = project("first-bundle", {
    "package.json": '{"type":"module","private":true}',
    "index.html": '<!doctype html><html><body><div id="root"></div><script type="module" src="/main.js"></script></body></html>',
  });
  run(dir, "npm", "install", "--no-audit", "--no-fund", "--silent", "vite@8", "react@19", "react-dom@19", "react-hook-form@7", "zod@4", "@hookform/resolvers@5");
  const size = {};
  for (const [name, script] of Object.entries(variants)) {
    writeFileSync(join(dir, "main.js"), script);
    const out = join(dir, `dist-${Object.keys(size).length}`);
    run(dir, join(dir, "node_modules", ".bin", "vite"), "build", "--logLevel", "warn", "--outDir", out);
    size[name] = firstLoad(out);
  }
  const base = size["react-hook-form alone"];
  for (const [name, bytes] of Object.entries(size)) {
    console.log(`# first load, ${name}: ${bytes} bytes gzipped (${bytes - base >= 0 ? "+" : ""}${bytes - base} on react-hook-form alone)`);
  }
  const resolver = size["with juspayResolver"] - base;
  const zod = size["with zod, zodResolver and customerSchema"] - size["with zod and zodResolver"];
  console.log(`# the resolver adds ${resolver} bytes; customerSchema adds ${zod} on zod with its resolver`);
  assert.ok(resolver <= 5 * 1024, `juspayResolver adds ${resolver} bytes gzipped to the first load`);
  assert.ok(zod <= 5 * 1024, `customerSchema adds ${zod} bytes gzipped to the first load`);
  // The measure sees the package when it is imported up front.
  assert.ok(size["with a resolver importing the package up front"] - base > 20 * 1024);
});

test("a React sign-up page with react-hook-form and the resolver, built with Vite, driven in Chromium", async () => {
  const dir = project("react", {
    "package.json": '{"type":"module","private":true}',
    "index.html": '<!doctype html><html><body><div id="root"></div><script type="module" src="/main.js"></script></body></html>',
    "main.js": `import { createElement as h, useState } from "react";
import { createRoot } from "react-dom/client";
import { useForm } from "react-hook-form";
import { juspayResolver } from "juspay-customer/react-hook-form";

function SignUp() {
  const { register, handleSubmit, formState: { errors } } = useForm({ resolver: juspayResolver({ normalize: true }) });
  const [sent, setSent] = useState(null);
  const field = (name, label) =>
    h("p", null,
      h("label", { htmlFor: name }, label), " ",
      h("input", { id: name, ...register(name) }), " ",
      h("span", { id: name + "-error", role: "alert" }, errors[name]?.message ?? ""));
  return h("form", { onSubmit: handleSubmit((values) => { setSent(values); document.body.dataset.sent = JSON.stringify(values); }) },
    field("object_reference_id", "Customer ID"),
    field("mobile_number", "Mobile"),
    field("email_address", "Email"),
    h("button", { type: "submit" }, "Sign up"),
    sent && h("pre", { id: "sent" }, "Will be sent to Juspay:\\n" + JSON.stringify(sent, null, 2)));
}
createRoot(document.getElementById("root")).render(h(SignUp));
document.body.dataset.result = "[]";
`,
  });
  run(dir, "npm", "install", "--no-audit", "--no-fund", "--silent", "vite@8", "react@19", "react-dom@19", "react-hook-form@7");
  run(dir, join(dir, "node_modules", ".bin", "vite"), "build", "--logLevel", "warn");
  const out = join(dir, "dist");
  const shots = join(wasm, "demo", "screenshots");
  mkdirSync(shots, { recursive: true });
  await withPage(out, async (page) => {
    await page.fill("#object_reference_id", "cust_123489");
    await page.fill("#mobile_number", "+91 98765 4321O");
    await page.fill("#email_address", "priya@@example.com");
    await page.click("button");
    await page.waitForFunction(() => document.querySelector("#email_address-error").textContent !== "");
    const shown = await page.evaluate(() =>
      ["object_reference_id", "mobile_number", "email_address"].map((f) => document.querySelector("#" + f + "-error").textContent));
    assert.equal(shown[0], "");
    assert.match(shown[1], /digits 0-9 only; remove the O/);
    assert.match(shown[2], /only one @/);
    await page.screenshot({ path: join(shots, "react-1-errors.png") });
    await page.fill("#mobile_number", "+91 98765 43210");
    await page.fill("#email_address", "priya@example.com");
    await page.click("button");
    await page.waitForSelector("#sent");
    await page.screenshot({ path: join(shots, "react-2-submitted.png") });
    const sent = JSON.parse(await page.evaluate(() => document.body.dataset.sent));
    // The CLI's normalized body for what was typed.
    const typed = "object_reference_id=cust_123489&mobile_number=%2B91+98765+43210&email_address=priya%40example.com";
    const cli = join(process.env.JUSPAY_TARGET_DIR ?? join(wasm, "..", "target"), "debug", "juspay-customer");
    const verdict = JSON.parse(
      execFileSync(cli, ["check", "--normalize", "--format", "form"], { input: typed, encoding: "utf8", stdio: ["pipe", "pipe", "ignore"] }),
    );
    assert.deepEqual(sent, Object.fromEntries(new URLSearchParams(verdict.body)));
  });
});

test("the browser build, from the tarball in Chromium, agrees with the CLI on the parity corpus", async () => {
  const { corpus, nativeVerdicts, withoutUserMessages } = await import("./native.mjs");
  const dir = project("parity", {
    "package.json": '{"private":true}',
    "index.js": `import { validateForm } from "juspay-customer";\nwindow.validateForm = validateForm;\ndocument.body.dataset.result = "[]";\n`,
    "index.html": '<!doctype html><html><body><script type="module" src="out.mjs"></script></body></html>',
  });
  run(dir, esbuild, "index.js", "--bundle", "--platform=browser", "--format=esm", "--outfile=out.mjs", "--log-level=warning");
  const records = corpus().form;
  await withPage(dir, async (page) => {
    await page.waitForFunction(() => typeof window.validateForm === "function");
    for (const options of [{}, { normalize: true, dropInvalidOptional: true }, { normalize: true, country: "FR" }]) {
      const expected = nativeVerdicts(records, "form", options);
      const got = await page.evaluate(([records, options]) => records.map((r) => window.validateForm(r, options)), [records, options]);
      let differences = 0;
      let first;
      got.forEach((verdict, i) => {
        try {
          assert.deepStrictEqual(withoutUserMessages(verdict), expected[i]);
        } catch (e) {
          differences += 1;
          first ??= `record ${i + 1}: ${e.message}`;
        }
      });
      console.log(`# Chromium ${JSON.stringify(options)}: ${records.length} records, ${differences} differences`);
      assert.equal(differences, 0, first);
    }
  });
});
