// Makes the npm package `juspay-customer`: runs `bash wasm/build.sh` (the
// two builds in wasm/pkg; `--built` skips it when they are fresh), writes
// wasm/dist/, and packs it with `npm pack` into
// wasm/juspay-customer-VERSION.tgz.
//
// - `browser`: the validation-only web build. Its WebAssembly bytes are
//   inlined (esbuild's binary loader) and instantiated synchronously at
//   import, so it loads with no bundler configuration, no `init()` and no
//   `fetch`: in Vite, webpack 5, esbuild, Node and SSR alike. The cost, in
//   bytes, is printed and kept in BENCHMARKS.md.
// - `node`: the full build (wasm-bindgen's nodejs target, which reads its
//   .wasm beside it synchronously), with an ES module wrapper.
// - `juspay-customer/zod` and `juspay-customer/react-hook-form`: adapters,
//   their peer dependencies optional.
// Each as ES modules and CommonJS, with its types.
//
// Usage: node wasm/package.mjs [--built]

import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const wasm = dirname(fileURLToPath(import.meta.url));
const root = join(wasm, "..");
const pkg = join(wasm, "pkg");
const dist = join(wasm, "dist");

// The crate's version is the package's.
const cargo = readFileSync(join(root, "Cargo.toml"), "utf8");
const version = /^version = "([^"]+)"/m.exec(cargo)[1];

/** The functions a build's declarations export, in order. */
function exportedFunctions(dts) {
  return [...dts.matchAll(/^export function (\w+)\(/gm)]
    .map((m) => m[1])
    .filter((name) => name !== "initSync");
}

/**
 * A build's declarations without wasm-bindgen's loader (`init`,
 * `initSync` and their types): the package instantiates the module itself.
 */
function withoutLoader(dts) {
  const cut = dts.indexOf("export type InitInput");
  return (cut < 0 ? dts : dts.slice(0, cut)).trimEnd() + "\n";
}

if (!process.argv.includes("--built")) {
  execFileSync("bash", [join(wasm, "build.sh")], { stdio: "inherit" });
}

rmSync(dist, { recursive: true, force: true });
mkdirSync(join(dist, "web"), { recursive: true });
mkdirSync(join(dist, "node"), { recursive: true });

// Browser: the web build, bytes inlined, instantiated at import.
const webDts = readFileSync(join(pkg, "web", "juspay_customer_wasm.d.ts"), "utf8");
const webNames = exportedFunctions(webDts);
const entry = `
import { initSync, ${webNames.join(", ")} } from "./pkg/web/juspay_customer_wasm.js";
import bytes from "./pkg/web/juspay_customer_wasm_bg.wasm";
initSync({ module: bytes });
export { ${webNames.join(", ")} };
`;
for (const [format, file] of [["esm", "index.mjs"], ["cjs", "index.cjs"]]) {
  await build({
    stdin: { contents: entry, resolveDir: wasm, loader: "js" },
    bundle: true,
    format,
    platform: "neutral",
    target: "es2020",
    loader: { ".wasm": "binary" },
    outfile: join(dist, "web", file),
    logLevel: "warning",
    // wasm-bindgen's async loader reads import.meta.url; the package never
    // calls it (initSync above), so its emptiness in CommonJS is harmless.
    logOverride: { "empty-import-meta": "silent" },
  });
}
for (const file of ["index.d.ts", "index.d.mts", "index.d.cts"]) {
  writeFileSync(join(dist, "web", file), withoutLoader(webDts));
}

// Node: the nodejs build as it is, and an ES module wrapper.
const nodeDts = readFileSync(join(pkg, "node", "juspay_customer_wasm.d.ts"), "utf8");
const nodeNames = exportedFunctions(nodeDts);
copyFileSync(join(pkg, "node", "juspay_customer_wasm_bg.wasm"), join(dist, "node", "juspay_customer_wasm_bg.wasm"));
writeFileSync(
  join(dist, "node", "index.cjs"),
  readFileSync(join(pkg, "node", "juspay_customer_wasm.js"), "utf8").replace(
    '/* @ts-self-types="./juspay_customer_wasm.d.ts" */',
    "",
  ),
);
writeFileSync(
  join(dist, "node", "index.mjs"),
  `import build from "./index.cjs";\nexport const { ${nodeNames.join(", ")} } = build;\n`,
);
for (const file of ["index.d.ts", "index.d.mts", "index.d.cts"]) {
  writeFileSync(join(dist, "node", file), nodeDts);
}

// Adapters: as written (ESM), and as CommonJS; their peers stay imports.
for (const adapter of ["zod", "react-hook-form"]) {
  const out = join(dist, adapter);
  mkdirSync(out, { recursive: true });
  copyFileSync(join(wasm, "adapters", `${adapter}.mjs`), join(out, "index.mjs"));
  await build({
    entryPoints: [join(wasm, "adapters", `${adapter}.mjs`)],
    bundle: true,
    format: "cjs",
    platform: "neutral",
    target: "es2020",
    external: ["juspay-customer", "zod", "react-hook-form"],
    outfile: join(out, "index.cjs"),
    logLevel: "warning",
  });
  const dts = readFileSync(join(wasm, "adapters", `${adapter}.d.ts`), "utf8");
  for (const file of ["index.d.ts", "index.d.mts", "index.d.cts"]) {
    writeFileSync(join(out, file), dts);
  }
}

const condition = (dir) => ({
  import: { types: `./${dir}/index.d.mts`, default: `./${dir}/index.mjs` },
  require: { types: `./${dir}/index.d.cts`, default: `./${dir}/index.cjs` },
});
const manifest = {
  name: "juspay-customer",
  version,
  description:
    "The Juspay Create Customer rules for browsers and Node: validation with the server's rules, plain-language messages, typed responses (WebAssembly)",
  license: "MIT OR Apache-2.0",
  keywords: ["juspay", "payments", "customer", "validation", "webassembly"],
  sideEffects: false,
  exports: {
    ".": {
      browser: condition("web"),
      node: condition("node"),
      default: condition("web"),
    },
    "./zod": condition("zod"),
    "./react-hook-form": condition("react-hook-form"),
    "./package.json": "./package.json",
  },
  peerDependencies: { zod: "^3.23 || ^4", "react-hook-form": "^7.50" },
  peerDependenciesMeta: { zod: { optional: true }, "react-hook-form": { optional: true } },
  main: "./node/index.cjs",
  module: "./web/index.mjs",
  types: "./web/index.d.ts",
  files: ["web", "node", "zod", "react-hook-form", "README.md", "LICENSE-MIT", "LICENSE-APACHE"],
};
writeFileSync(join(dist, "package.json"), JSON.stringify(manifest, null, 2) + "\n");
copyFileSync(join(wasm, "README.md"), join(dist, "README.md"));
for (const licence of ["LICENSE-MIT", "LICENSE-APACHE"]) {
  copyFileSync(join(root, licence), join(dist, licence));
}

const tarball = execFileSync("npm", ["pack", "--pack-destination", wasm, "--silent"], {
  cwd: dist,
  encoding: "utf8",
}).trim();

const gz = (file) => gzipSync(readFileSync(file), { level: 9 }).length;
console.log(`package: wasm/${tarball}`);
for (const [name, file] of [
  ["browser ESM entry (web build inlined)", join(dist, "web", "index.mjs")],
  ["the web build's .wasm alone", join(pkg, "web", "juspay_customer_wasm_bg.wasm")],
  ["node ESM wrapper + CJS glue", join(dist, "node", "index.cjs")],
  ["node .wasm", join(dist, "node", "juspay_customer_wasm_bg.wasm")],
]) {
  console.log(`${name}: ${readFileSync(file).length} bytes, ${gz(file)} gzipped`);
}
