// Runs the compiled test files with node's test runner: unit tests first, then integration, end-to-end and examples
// against the main engine, then integration and end-to-end again against the current engine (dockerd 28.x, when
// `scripts/setup --current-engine` provided it).
//   node scripts/run-tests.mjs                    every test, on every engine
//   node scripts/run-tests.mjs --unit             only the unit tier: no Docker engine, registry or Pulumi CLI needed
//   node scripts/run-tests.mjs --engine current   only the runs on that engine (also: PDD_ENGINE=current)
//   node scripts/run-tests.mjs <part-of-path>     the test files whose path contains one of the parts
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import os from "node:os";
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
const engineArg = args.indexOf("--engine");
const onlyEngine = engineArg >= 0 ? args[engineArg + 1] : process.env.PDD_ENGINE || undefined;
const only = args.filter((a, i) => a !== "--unit" && a !== "--engine" && (engineArg < 0 || i !== engineArg + 1));
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

// The engines setup provided ($PDD_HOME/setup.json); the unit tier needs none.
function engines() {
  const home = process.env.PDD_HOME || path.join(os.homedir(), ".cache", "pulumi-docker-dynamic");
  const file = path.join(home, "setup.json");
  if (!existsSync(file)) return { main: undefined };
  return JSON.parse(readFileSync(file, "utf8")).engines ?? { main: undefined };
}

// One run per engine: the main engine runs every selected tier, the others the integration and end-to-end tiers
// (unit tests do not touch an engine; the examples are the README's, run once on the main engine).
const runs = [];
if (unitOnly || selected.every((f) => rank(f) === 0)) {
  runs.push({ engine: undefined, files: selected });
} else {
  const known = engines();
  const names = onlyEngine ? [onlyEngine] : Object.keys(known);
  for (const name of names) {
    if (!(name in known)) {
      console.error(
        `no engine "${name}" in setup.json (engines: ${Object.keys(known).join(", ")}): run scripts/setup --current-engine`,
      );
      process.exit(1);
    }
    const tiers = name === "main" ? [0, 1, 2, 3] : [1, 2];
    const chosen = selected.filter((f) => tiers.includes(rank(f)));
    if (chosen.length > 0) runs.push({ engine: name, host: known[name], files: chosen });
  }
}

let passed = 0;
let failed = 0;
let skipped = 0;
let status = 0;
for (const [index, run] of runs.entries()) {
  const env = { ...process.env };
  if (run.engine !== undefined) {
    env.PDD_ENGINE = run.engine;
    if (run.engine !== "main") env.DOCKER_HOST = run.host;
    console.log(`# engine ${run.engine} (${run.host ?? "from the environment"}): ${run.files.length} test files`);
  }
  const tapFile = path.join(root, "dist", `test-results-${index}.tap`);
  const result = spawnSync(
    process.execPath,
    [
      "--test",
      "--test-concurrency=1",
      "--test-reporter=spec",
      "--test-reporter-destination=stdout",
      "--test-reporter=tap",
      `--test-reporter-destination=${tapFile}`,
      ...run.files,
    ],
    { stdio: "inherit", env },
  );
  const tap = existsSync(tapFile) ? readFileSync(tapFile, "utf8") : "";
  const count = (name) => Number(new RegExp(`^# ${name} (\\d+)$`, "m").exec(tap)?.[1] ?? 0);
  if (run.engine !== undefined) {
    console.log(
      `tests on engine ${run.engine}: ${count("pass")} passed, ${count("fail")} failed, ${count("skipped")} skipped`,
    );
  }
  passed += count("pass");
  failed += count("fail");
  skipped += count("skipped");
  if ((result.status ?? 1) !== 0) status = result.status ?? 1;
}
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(status);
