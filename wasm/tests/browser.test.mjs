// The sign-up page in real Chromium (Debian's, driven by playwright-core):
// messages as you type, Submit enabled only when every field is accepted,
// characters counted as the rules count them, and the body it would send
// equal to what the native CLI writes. Screenshots of each state go to
// wasm/demo/screenshots/.
//
// Needs: `bash wasm/build.sh` (wasm/pkg/web), /usr/bin/chromium (or
// CHROMIUM), and target/debug/juspay-customer from `cargo test`.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const wasmDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const root = join(wasmDir, "..");
const cli = join(process.env.JUSPAY_TARGET_DIR ?? join(root, "target"), "debug", "juspay-customer");
const shots = join(wasmDir, "demo", "screenshots");
const types = { ".html": "text/html", ".js": "text/javascript", ".wasm": "application/wasm", ".css": "text/css" };

let server, context, page, base;
const consoleErrors = [];

before(async () => {
  // Serves wasm/ (the demo and pkg/web) on 127.0.0.1 only.
  server = createServer((req, res) => {
    const path = normalize(join(wasmDir, decodeURIComponent(new URL(req.url, "http://x").pathname)));
    if (!path.startsWith(wasmDir)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = readFileSync(path);
      res.writeHead(200, { "content-type": types[extname(path)] ?? "application/octet-stream" }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${server.address().port}`;
  mkdirSync(shots, { recursive: true });
  const profile = mkdtempSync(join(tmpdir(), "juspay-chromium-"));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  page = await context.newPage();
  page.on("console", (m) => m.type() === "error" && consoleErrors.push(m.text()));
  page.on("pageerror", (e) => consoleErrors.push(String(e)));
  await page.goto(`${base}/demo/index.html`);
  await page.waitForFunction(() => document.getElementById("mobile_number-hint").textContent !== "");
  after(() => rmSync(profile, { recursive: true, force: true }));
});

after(async () => {
  await context?.close();
  server?.close();
});

const error = (name) => page.textContent(`#${name}-error`);
const invalid = (name) => page.getAttribute(`#${name}`, "aria-invalid");
const submitDisabled = () => page.isDisabled("#submit");

test("the page starts with hints, no errors, Submit disabled", async () => {
  assert.match(await page.textContent("#mobile_number-hint"), /digits 0-9 only, 1 to 300/);
  assert.equal(await error("mobile_number"), "");
  assert.equal(await submitDisabled(), true);
  await page.screenshot({ path: join(shots, "1-empty.png"), fullPage: true });
});

test("a letter in the mobile number is named with its position, and Submit stays disabled", async () => {
  await page.fill("#object_reference_id", "customer@gmail.com");
  await page.fill("#mobile_number", "9988x7766");
  assert.equal(await error("mobile_number"), "Mobile number can use the digits 0-9 only; remove the x (character 5)");
  assert.equal(await invalid("mobile_number"), "true");
  assert.equal(await submitDisabled(), true);
  await page.screenshot({ path: join(shots, "2-mobile-space.png"), fullPage: true });
});

test("a +91 number typed with spaces and dashes is accepted, and an invalid email named in plain words", async () => {
  await page.fill("#mobile_number", "+91 98765-43210");
  assert.equal(await error("mobile_number"), "");
  await page.fill("#email_address", "customer gmail.com");
  assert.equal(await error("email_address"), "Email address can't have the space (character 9); remove it");
  assert.equal(await submitDisabled(), true);
  await page.screenshot({ path: join(shots, "2b-international-and-email.png"), fullPage: true });
  await page.fill("#email_address", "");
});

test("fixing it clears the message and enables Submit", async () => {
  await page.fill("#mobile_number", "99887766");
  assert.equal(await error("mobile_number"), "");
  assert.equal(await invalid("mobile_number"), "false");
  assert.equal(await submitDisabled(), false);
  await page.screenshot({ path: join(shots, "3-fixed.png"), fullPage: true });
});

test("an email starting with _ gets its message", async () => {
  await page.fill("#email_address", "_customer@gmail.com");
  assert.equal(await error("email_address"), "Email address can't have _ at the start of the part before the @; remove it");
  assert.equal(await submitDisabled(), true);
  await page.screenshot({ path: join(shots, "4-email-underscore.png"), fullPage: true });
  await page.fill("#email_address", "customer@gmail.com");
  assert.equal(await submitDisabled(), false);
});

test("emoji count as one character each, as the rules count them", async () => {
  // Seven emoji are 14 UTF-16 units to JavaScript's `.length`, 7 characters to the rules.
  await page.fill("#object_reference_id", "😀".repeat(7));
  assert.equal(await error("object_reference_id"), "Customer reference needs at least 8 characters; add 1 more");
  await page.screenshot({ path: join(shots, "5-seven-emoji.png"), fullPage: true });
  await page.fill("#object_reference_id", "😀".repeat(8));
  assert.equal(await error("object_reference_id"), "");
  await page.fill("#object_reference_id", "customer@gmail.com");
});

test("submitting shows the body the native CLI writes for the same fields", async () => {
  await page.fill("#first_name", "John");
  await page.fill("#last_name", "Smith");
  await page.fill("#mobile_country_code", "65");
  await page.click("#submit");
  const shown = await page.textContent("#body");
  const form = "object_reference_id=customer%40gmail.com&mobile_number=99887766&email_address=customer%40gmail.com&first_name=John&last_name=Smith&mobile_country_code=65";
  const native = JSON.parse(execFileSync(cli, ["check", "--quiet", "--format", "form"], { input: form + "\n", stdio: ["pipe", "pipe", "ignore"] }).toString());
  assert.equal(native.valid, true);
  assert.equal(shown, native.body);
  await page.screenshot({ path: join(shots, "6-submitted.png"), fullPage: true });
});

test("no console errors", () => {
  assert.deepStrictEqual(consoleErrors, []);
});
