// Runs the compiled test files with node's test runner, each file in a process of its own:
//   - the unit tier (pure, no services) once;
//   - the integration, end-to-end and example tiers on the main engine, and the integration and end-to-end tiers on
//     the current engine (dockerd 28.x, when `scripts/setup --current-engine` provided it).
// Both engines' runs go at the same time, and each engine takes several files at once (the files isolate themselves:
// their own stacks, state folders, image names, registry repositories and ports). A file whose source starts a line
// with `// test-runner: exclusive — <reason>` runs with no other file on its engine; one with `// test-runner: once —
// <reason>` (a file whose proof no engine changes: the parity tests against Docker's own Go code, the harness's test,
// check's refusals, the npm package's test) runs on the main engine only.
// Files start longest first (the times of the last run on this machine, else scripts/test-times.json), so the slow
// files do not end the run alone. At the end the runner prints the ten slowest files and the time of each engine.
//   node scripts/run-tests.mjs                    every test, on every engine
//   node scripts/run-tests.mjs --unit             only the unit tier: no Docker engine, registry or Pulumi CLI needed
//   node scripts/run-tests.mjs --engine current   only the runs on that engine (also: PDD_ENGINE=current)
//   node scripts/run-tests.mjs --jobs 1           files at once per engine (default PDD_TEST_JOBS, else 3)
//   node scripts/run-tests.mjs <part-of-path>     the test files whose path contains one of the parts
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const testRoot = path.join(root, "dist", "test");
const resultsDir = path.join(root, "dist", "test-results");
const home = process.env.PDD_HOME || path.join(os.homedir(), ".cache", "pulumi-docker-dynamic");
const recordedTimesFile = path.join(home, "test-times.json");
const defaultTimesFile = path.join(root, "scripts", "test-times.json");
/**
 * A file still running after this long is killed and counted as failed (node's per-test timeouts come first). The
 * longest file, the README commands, took 19 minutes beside the others on 2 cores: the limit is well above that.
 */
const FILE_TIMEOUT_MS = 45 * 60_000;

// --- what to run ---------------------------------------------------------------------------------------------------
const args = process.argv.slice(2);
const option = (name) => {
  const at = args.indexOf(name);
  if (at < 0) return undefined;
  const value = args[at + 1];
  args.splice(at, 2);
  return value;
};
const unitOnly = args.includes("--unit");
if (unitOnly) args.splice(args.indexOf("--unit"), 1);
const onlyEngine = option("--engine") ?? (process.env.PDD_ENGINE || undefined);
const jobs = Number(option("--jobs") ?? process.env.PDD_TEST_JOBS ?? 3);
if (!Number.isInteger(jobs) || jobs < 1) {
  console.error("--jobs (or PDD_TEST_JOBS) takes a whole number from 1 up");
  process.exit(2);
}
const only = args;

const files = [];
function collect(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) collect(full);
    else if (entry.name.endsWith(".test.js")) files.push(full);
  }
}
if (existsSync(testRoot)) collect(testRoot);
// The tier of a test file: 0 unit (pure, no services), 1 integration (.int.), 2 end-to-end (.e2e.), 3 examples.
const rank = (f) =>
  f.includes(`${path.sep}examples${path.sep}`) ? 3 : f.includes(".e2e.") ? 2 : f.includes(".int.") ? 1 : 0;
const TIERS = ["unit", "integration", "e2e", "examples"];
const selected = files
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .filter((f) => !unitOnly || rank(f) === 0);
if (selected.length === 0) {
  console.error("no test files found under dist/test");
  process.exit(1);
}
/** The test file's path from the repository root, e.g. `test/e2e/faults.e2e.test.ts` (its source). */
const sourceOf = (file) =>
  path
    .relative(root, file)
    .replace(/^dist[\\/]/, "")
    .replace(/\.js$/, ".ts");
/** The reason given by the file's `// test-runner: <marker> — <reason>` line, or undefined without one. */
const markerReason = (file, marker) => {
  const source = path.join(root, sourceOf(file));
  if (!existsSync(source)) return undefined;
  return (
    new RegExp(`^// test-runner: ${marker}\\b[ —-]*(.*)$`, "m").exec(readFileSync(source, "utf8"))?.[1] ?? undefined
  );
};
const exclusiveReason = (file) => markerReason(file, "exclusive");

// The engines setup provided ($PDD_HOME/setup.json); the unit tier needs none.
function engines() {
  const file = path.join(home, "setup.json");
  if (!existsSync(file)) return {};
  return JSON.parse(readFileSync(file, "utf8")).engines ?? {};
}

/** One test file on one engine (`engine` undefined: the unit tier, which touches none). */
const runs = [];
// The unit tier touches no engine: it runs once, with the main engine's run.
const units = selected.filter((f) => rank(f) === 0 && (unitOnly || onlyEngine === undefined || onlyEngine === "main"));
for (const file of units) runs.push({ engine: undefined, file });
if (!unitOnly && selected.some((f) => rank(f) > 0)) {
  const known = engines();
  const names = onlyEngine ? [onlyEngine] : Object.keys(known);
  if (names.length === 0) {
    console.error(`no engines in ${path.join(home, "setup.json")}: run scripts/setup --current-engine`);
    process.exit(1);
  }
  for (const name of names) {
    if (!(name in known)) {
      console.error(
        `no engine "${name}" in setup.json (engines: ${Object.keys(known).join(", ")}): run scripts/setup --current-engine`,
      );
      process.exit(1);
    }
    // The main engine runs every tier; the others integration and end-to-end (the examples are the README's, run
    // once, on the main engine).
    const tiers = name === "main" ? [1, 2, 3] : [1, 2];
    const onThisEngine = (f) => tiers.includes(rank(f)) && (name === "main" || markerReason(f, "once") === undefined);
    for (const file of selected.filter(onThisEngine)) runs.push({ engine: name, host: known[name], file });
  }
}

// --- order: longest first --------------------------------------------------------------------------------------------
const keyOf = (run) => `${run.engine ?? "unit"} ${sourceOf(run.file)}`;
const readTimes = (file) => {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return {};
  }
};
const knownTimes = { ...readTimes(defaultTimesFile), ...readTimes(recordedTimesFile) };
const expected = (run) => knownTimes[keyOf(run)] ?? [0, 5, 30, 60][rank(run.file)];
runs.sort((a, b) => expected(b) - expected(a) || keyOf(a).localeCompare(keyOf(b)));
for (const run of runs) run.exclusive = run.engine === undefined ? undefined : exclusiveReason(run.file);

// --- CPU accounting ---------------------------------------------------------------------------------------------------
const TICK = 100; // clock ticks per second (USER_HZ) on Linux
/** CPU seconds the machine spent (all cores, not idle), from /proc/stat. */
function machineCpu() {
  try {
    const fields = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
    const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
    return (fields.reduce((sum, v) => sum + v, 0) - idle) / TICK;
  } catch {
    return NaN;
  }
}
/** CPU seconds of the engine daemon at `host` so far (its dockerd process), or NaN when it cannot be read. */
function daemonCpu(host) {
  try {
    const socket = host.replace(/^unix:\/\//, "");
    const pidFile =
      socket === "/var/run/docker.sock" ? "/var/run/docker.pid" : path.join(path.dirname(socket), "dockerd.pid");
    const pid = readFileSync(pidFile, "utf8").trim();
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / TICK;
  } catch {
    return NaN;
  }
}

// --- running -----------------------------------------------------------------------------------------------------------
mkdirSync(resultsDir, { recursive: true });
const label = (run) => `${run.engine ?? "unit"}: ${sourceOf(run.file)}`;

/** Runs one file; resolves with its counts, wall and CPU seconds (the file's process and everything it waited for). */
function runFile(run, index) {
  const base = path.join(resultsDir, `${index}`);
  rmSync(`${base}.pulumi`, { force: true }); // appended to by the file's commands: not a previous run's
  const env = { ...process.env };
  delete env.NODE_TEST_CONTEXT;
  // Node's on-disk cache of compiled code, for every node process the file starts (pulumi's language host and the
  // dynamic providers load @pulumi/pulumi each time): about 15% of the CPU of a pulumi up here.
  env.NODE_COMPILE_CACHE ??= path.join(home, "node-compile-cache");
  if (run.engine !== undefined) {
    env.PDD_ENGINE = run.engine;
    if (run.engine !== "main") env.DOCKER_HOST = run.host;
  }
  const started = Date.now();
  // bash's `times` reports the CPU of the children it waited for, their own children included (pulumi, the
  // language host, the provider): the file's whole process tree, not the engine's work.
  const script = 'node "$@"; status=$?; times >"$PDD_TIMES_FILE"; exit $status';
  const child = spawn(
    "bash",
    [
      "-c",
      script,
      "run-file",
      "--test-reporter=spec",
      "--test-reporter-destination=stdout",
      "--test-reporter=tap",
      `--test-reporter-destination=${base}.tap`,
      run.file,
    ],
    {
      env: { ...env, PDD_TIMES_FILE: `${base}.times`, PDD_PULUMI_LOG: `${base}.pulumi`, FORCE_COLOR: "0" },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  const output = [];
  child.stdout.on("data", (chunk) => output.push(chunk));
  child.stderr.on("data", (chunk) => output.push(chunk));
  const timer = setTimeout(() => {
    output.push(
      Buffer.from(`\n[run-tests] ${label(run)} still running after ${FILE_TIMEOUT_MS / 60_000} min: killed\n`),
    );
    child.kill("SIGKILL");
  }, FILE_TIMEOUT_MS);
  return new Promise((resolve) => {
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const wall = (Date.now() - started) / 1000;
      const tap = existsSync(`${base}.tap`) ? readFileSync(`${base}.tap`, "utf8") : "";
      const count = (name) => Number(new RegExp(`^# ${name} (\\d+)$`, "m").exec(tap)?.[1] ?? 0);
      const times = existsSync(`${base}.times`) ? readFileSync(`${base}.times`, "utf8") : "";
      const children = /\n(\d+)m([\d.]+)s (\d+)m([\d.]+)s/.exec(`\n${times.split("\n")[1] ?? ""}`);
      const cpu = children
        ? Number(children[1]) * 60 + Number(children[2]) + Number(children[3]) * 60 + Number(children[4])
        : NaN;
      // The pulumi commands the file ran (test/support/pulumi-process.ts writes one line each), by verb.
      const verbs = existsSync(`${base}.pulumi`)
        ? readFileSync(`${base}.pulumi`, "utf8").split("\n").filter(Boolean)
        : [];
      const commands = new Map();
      for (const verb of verbs) commands.set(verb, (commands.get(verb) ?? 0) + 1);
      const commandCount = verbs.length;
      let failed = count("fail") + count("cancelled");
      const ok = code === 0 && signal === null;
      if (!ok && failed === 0) failed = 1; // a file that crashed or was killed before reporting a failure
      resolve({
        passed: count("pass"),
        failed,
        skipped: count("skipped"),
        ok,
        wall,
        cpu,
        commands,
        commandCount,
        output: Buffer.concat(output).toString("utf8"),
      });
    });
  });
}

/** `; 12 pulumi commands (up 5, preview 3, …)`, or nothing for a file that ran none. */
function pulumiCommands({ commands, commandCount }) {
  if (commandCount === 0) return "";
  const parts = [...commands].sort((a, b) => b[1] - a[1]).map(([verb, n]) => `${verb} ${n}`);
  return `; ${commandCount} pulumi commands (${parts.join(", ")})`;
}

const startedAt = Date.now();
const cpuAtStart = machineCpu();
const engineNames = [...new Set(runs.map((r) => r.engine))];
const engineStats = new Map(
  engineNames.map((name) => {
    const host = runs.find((r) => r.engine === name)?.host;
    return [name, { host, files: 0, first: Infinity, last: 0, cpu: 0, daemonAtStart: host ? daemonCpu(host) : NaN }];
  }),
);
const results = [];
const running = new Map(); // engine -> { count, exclusive }
const limitOf = (engine) => (engine === undefined ? Math.max(2, os.availableParallelism()) : jobs);
const pending = runs.map((run, index) => ({ run, index }));
console.log(
  `# ${runs.length} test files on ${engineNames.map((n) => n ?? "unit").join(", ")}; up to ${jobs} at once per engine`,
);

await new Promise((resolveAll) => {
  const startNext = () => {
    if (pending.length === 0 && [...running.values()].every((r) => r.count === 0)) {
      resolveAll();
      return;
    }
    // Longest first, within each engine's limits (the unit tier is a lane of its own). An exclusive file next in line
    // holds its engine back until the files running there end, so it is not passed over until the end of the run.
    const waiting = new Set();
    for (let i = 0; i < pending.length;) {
      const { run, index } = pending[i];
      const state = running.get(run.engine) ?? { count: 0, exclusive: false };
      const free =
        !waiting.has(run.engine) &&
        state.count < limitOf(run.engine) &&
        !state.exclusive &&
        (run.exclusive === undefined || state.count === 0);
      if (!free) {
        if (run.exclusive !== undefined) waiting.add(run.engine);
        i++;
        continue;
      }
      pending.splice(i, 1);
      state.count++;
      state.exclusive = run.exclusive !== undefined;
      running.set(run.engine, state);
      const stats = engineStats.get(run.engine);
      stats.first = Math.min(stats.first, Date.now());
      runFile(run, index).then((result) => {
        stats.last = Math.max(stats.last, Date.now());
        stats.files++;
        if (Number.isFinite(result.cpu)) stats.cpu += result.cpu;
        state.count--;
        state.exclusive = false;
        results.push({ run, ...result });
        const mark = result.ok && result.failed === 0 ? "ok" : "FAILED";
        process.stdout.write(
          `\n## ${mark} ${label(run)} (${result.wall.toFixed(1)} s, CPU ${result.cpu.toFixed(1)} s; ` +
            `${result.passed} passed, ${result.failed} failed, ${result.skipped} skipped` +
            `${pulumiCommands(result)})\n${result.output}`,
        );
        startNext();
      });
    }
  };
  startNext();
});

// --- summary -----------------------------------------------------------------------------------------------------------
const wall = (Date.now() - startedAt) / 1000;
const cpuUsed = machineCpu() - cpuAtStart;
const sum = (list, key) => list.reduce((total, r) => total + r[key], 0);
console.log("\n# the ten slowest test files");
for (const r of [...results].sort((a, b) => b.wall - a.wall).slice(0, 10)) {
  console.log(
    `#   ${r.wall.toFixed(1).padStart(6)} s  CPU ${r.cpu.toFixed(1).padStart(5)} s  ${String(r.commandCount).padStart(4)} pulumi  ${label(r.run)}`,
  );
}
console.log("# time per engine (wall from its first file's start to its last file's end; CPU of the test processes)");
for (const [name, stats] of engineStats) {
  const mine = results.filter((r) => r.run.engine === name);
  const daemon = stats.host ? daemonCpu(stats.host) - stats.daemonAtStart : NaN;
  const perTier = TIERS.map((tier, rankOf) => {
    const inTier = mine.filter((r) => rank(r.run.file) === rankOf);
    return inTier.length ? `${tier} ${inTier.length} files ${sum(inTier, "wall").toFixed(0)} s` : undefined;
  }).filter(Boolean);
  console.log(
    `#   ${name ?? "unit"}: ${((stats.last - stats.first) / 1000).toFixed(1)} s wall, ` +
      `CPU ${stats.cpu.toFixed(1)} s` +
      (Number.isFinite(daemon) ? `, engine daemon CPU ${daemon.toFixed(1)} s` : "") +
      `; ${sum(mine, "passed")} passed, ${sum(mine, "failed")} failed; file time by tier: ${perTier.join(", ")}`,
  );
}
console.log(
  `# whole run: ${wall.toFixed(1)} s wall, machine CPU ${cpuUsed.toFixed(1)} s of ${(wall * os.availableParallelism()).toFixed(0)} s ` +
    `(${os.availableParallelism()} cores), ${jobs} files at once per engine`,
);

// This machine's times, for the next run's order (only a whole run's files are worth keeping).
const recorded = readTimes(recordedTimesFile);
for (const r of results) if (r.ok) recorded[keyOf(r.run)] = Math.round(r.wall * 10) / 10;
try {
  mkdirSync(home, { recursive: true });
  writeFileSync(recordedTimesFile, `${JSON.stringify(recorded, null, 2)}\n`);
} catch {
  // A read-only home only loses the order for next time.
}

const passed = sum(results, "passed");
const failed = sum(results, "failed");
const skipped = sum(results, "skipped");
const broken = results.filter((r) => !r.ok || r.failed > 0);
if (broken.length > 0) console.log(`# failed files: ${broken.map((r) => label(r.run)).join(", ")}`);
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(broken.length > 0 ? 1 : 0);
