import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, describe, it } from "node:test";
import { ROOT } from "../../support/environment";
import { removeTree, writeTree } from "../../support/fixtures";

/** A small project laid out like the repository: scripts/build.mjs, both tsconfig files, provider/, typescript. */
const DIR = mkdtempSync(path.join(os.tmpdir(), "pdd-build-script-"));
after(() => removeTree(DIR));
mkdirSync(path.join(DIR, "scripts"));
copyFileSync(path.join(ROOT, "scripts", "build.mjs"), path.join(DIR, "scripts", "build.mjs"));
mkdirSync(path.join(DIR, "node_modules"));
symlinkSync(path.join(ROOT, "node_modules", "typescript"), path.join(DIR, "node_modules", "typescript"));
writeTree(DIR, {
  "package.json": '{ "name": "build-script-fixture", "private": true }\n',
  "tsconfig.json": JSON.stringify({
    compilerOptions: {
      target: "ES2022",
      module: "commonjs",
      rootDir: ".",
      outDir: "dist",
      declaration: true,
      types: [],
    },
    include: ["provider/**/*.ts"],
  }),
  "tsconfig.build.json": '{ "extends": "./tsconfig.json", "include": ["provider/**/*.ts"] }\n',
  "provider/index.ts": 'export const answer = "one";\n',
  "provider/extra.ts": "export const extra = 1;\n",
});

const out = (file: string) => path.join(DIR, "dist", "provider", file);

function build(): string {
  const result = spawnSync(process.execPath, [path.join(DIR, "scripts", "build.mjs")], { cwd: DIR, encoding: "utf8" });
  assert.equal(result.status, 0, `build failed:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

describe("scripts/build.mjs", () => {
  it("compiles, then skips a compile of the same inputs, and compiles again after an edit, a deletion or rm of dist", () => {
    assert.doesNotMatch(build(), /up to date/);
    assert.match(readFileSync(out("index.js"), "utf8"), /"one"/);
    const compiledAt = statSync(out("index.js")).mtimeMs;

    assert.match(build(), /up to date/, "a second build of the same inputs compiled again");
    assert.equal(statSync(out("index.js")).mtimeMs, compiledAt, "a skipped build touched the output");

    writeTree(DIR, { "provider/index.ts": 'export const answer = "two";\n' });
    assert.doesNotMatch(build(), /up to date/, "an edited source was not compiled");
    assert.match(readFileSync(out("index.js"), "utf8"), /"two"/);

    rmSync(path.join(DIR, "provider", "extra.ts"));
    build();
    assert.equal(existsSync(out("extra.js")), false, "the output of a deleted source is left behind");

    rmSync(path.join(DIR, "dist", "provider"), { recursive: true });
    assert.doesNotMatch(build(), /up to date/, "a deleted dist/provider was not compiled again");
    assert.ok(existsSync(out("index.d.ts")));
  });
});
