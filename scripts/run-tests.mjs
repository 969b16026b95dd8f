// Runs the compiled test files with node's test runner: unit tests first, then integration, then end-to-end.
//   node scripts/run-tests.mjs                 every test
//   node scripts/run-tests.mjs --unit          only the unit tier: no Docker engine, registry or Pulumi CLI needed
//   node scripts/run-tests.mjs <part-of-path>  the test files whose path contains one of the parts
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const testRoot = path.join(root, "dist", "test");
const files = [];
function collect(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) collect(full);
    else if (entry.name.endsWith(".test.js")) files.push(full);
  }
}
if (existsSync(testRoot)) collect(testRoot);
const args = process.argv.slice(2);
const unitOnly = args.includes("--unit");
const only = args.filter((a) => a !== "--unit");
// The tier of a test file: 0 unit (pure, no services), 1 integration (.int.), 2 end-to-end (.e2e.), 3 examples.
const rank = (f) =>
  f.includes(`${path.sep}examples${path.sep}`) ? 3 : f.includes(".e2e.") ? 2 : f.includes(".int.") ? 1 : 0;
const selected = files
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .filter((f) => !unitOnly || rank(f) === 0);
selected.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
if (selected.length === 0) {
  console.error("no test files found under dist/test");
  process.exit(1);
}
const tapFile = path.join(root, "dist", "test-results.tap");
const result = spawnSync(
  process.execPath,
  [
    "--test",
    "--test-concurrency=1",
    "--test-reporter=spec",
    "--test-reporter-destination=stdout",
    "--test-reporter=tap",
    `--test-reporter-destination=${tapFile}`,
    ...selected,
  ],
  { stdio: "inherit" },
);
const tap = existsSync(tapFile) ? readFileSync(tapFile, "utf8") : "";
const count = (name) => Number(new RegExp(`^# ${name} (\\d+)$`, "m").exec(tap)?.[1] ?? 0);
console.log(`tests: ${count("pass")} passed, ${count("fail")} failed, ${count("skipped")} skipped`);
process.exit(result.status ?? 1);
