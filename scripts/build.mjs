// Compiles the library (provider/ → dist/provider/) unless dist/provider was compiled from the same inputs.
//   node scripts/build.mjs           compile when a source, a tsconfig or the TypeScript version changed
//   node scripts/build.mjs --force   compile always
// `npm install` runs the `prepare` script twice in this repository (once for the root, once for the examples'
// workspace link to it), and the READMEs' commands run `npm install` again in every example: each compile costs about
// 7 s of CPU here. The inputs' digest is written beside dist/provider (not in it: the package ships that folder); a
// compile is skipped only when the digest and dist/provider's entry files are there, so deleting dist/ (or any change
// of an input) compiles again. A compile starts from an empty dist/provider: a deleted source leaves no stale output.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const out = path.join(root, "dist", "provider");
const stampFile = path.join(root, "dist", ".provider-inputs-digest");
const require = createRequire(path.join(root, "package.json"));

/** Every file under `dir`, as paths relative to the repository root, sorted. */
function filesUnder(dir) {
  const found = [];
  const walk = (at) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const full = path.join(at, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) found.push(path.relative(root, full));
    }
  };
  walk(dir);
  return found.sort();
}

/** The digest of what the compile reads: the sources, both tsconfig files and the compiler's version. */
function inputsDigest() {
  const hash = createHash("sha256");
  const tsc = require("typescript/package.json").version;
  hash.update(`typescript ${tsc}\0`);
  for (const file of ["tsconfig.json", "tsconfig.build.json", ...filesUnder(path.join(root, "provider"))]) {
    hash.update(`${file}\0`);
    hash.update(readFileSync(path.join(root, file)));
    hash.update("\0");
  }
  return hash.digest("hex");
}

const force = process.argv.includes("--force");
const digest = inputsDigest();
const built = existsSync(path.join(out, "index.js")) && existsSync(path.join(out, "index.d.ts"));
if (!force && built && existsSync(stampFile) && readFileSync(stampFile, "utf8").trim() === digest) {
  console.log("[build] dist/provider is up to date with provider/ (node scripts/build.mjs --force compiles anyway)");
  process.exit(0);
}
rmSync(out, { recursive: true, force: true });
const tsc = require.resolve("typescript/bin/tsc");
const result = spawnSync(process.execPath, [tsc, "-p", path.join(root, "tsconfig.build.json")], {
  cwd: root,
  stdio: "inherit",
});
if (result.status !== 0) process.exit(result.status ?? 1);
writeFileSync(stampFile, `${digest}\n`);
