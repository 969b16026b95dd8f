// `npm run bench`: builds the synthetic contexts, runs ours and each baseline alternately, prints one table of
// medians, ratios and peak RSS. Needs `npm run build` (the npm script does it) and `bash scripts/setup`.
// Environment: BENCH_RUNS (runs per measure, default 5), BENCH_ONLY (comma list of sections: digest, preview,
// pairs, build, session; `big` is opt-in), BENCH_KEEP=1 keeps the contexts in $TMPDIR.
import { execFileSync, spawnSync } from "node:child_process";
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { writeBigContext, writeContexts } from "./contexts.mjs";
import { median, ROOT, setupFacts, since, Table, timed } from "./lib.mjs";
import {
  BenchStack,
  EMPTY_PROGRAM,
  oneBuildProgram,
  pairsProgram,
  trivialPairsProgram,
  trivialProgram,
} from "./stacks.mjs";

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const ONLY = (process.env.BENCH_ONLY ?? "digest,preview,pairs,build,session").split(",");
const facts = setupFacts();
const started = process.hrtime.bigint();
const table = new Table();
const notes = [];
const say = (line) => console.error(`[${(since(started) / 1000).toFixed(0).padStart(4)} s] ${line}`);

const tmp = mkdtempSync(path.join(os.tmpdir(), "pdd-bench-"));
const cacheHome = path.join(tmp, "cache-home");
const suffix = `${process.pid}`;
const created = [];

/** Runs `fns` in turn `RUNS` times (ours and its baselines alternately, so load hits each alike). */
function interleave(fns) {
  const results = fns.map(() => []);
  for (let r = 0; r < RUNS; r++) fns.forEach((fn, i) => results[i].push(fn(r)));
  return results;
}

function digestOnce(dir, cache) {
  const run = timed("node", [path.join(ROOT, "bench", "digest-once.mjs"), dir, cache]);
  return { ...JSON.parse(run.stdout), rssMiB: run.rssMiB };
}

function tarSha(dir, exclude) {
  const excludes = exclude ? `--exclude=./${exclude} ` : "";
  return timed("sh", ["-c", `tar -cf - ${excludes}-C "${dir}" . | sha256sum`]).ms;
}

function digestSection(contexts) {
  const shapes = [
    ["20,000 files of 0.5–16 KiB", contexts.small],
    ["100 files of 5 MiB", contexts.large],
    ["2,000 files + ignored node_modules (30,000)", contexts.ignored, "node_modules"],
  ];
  for (const [label, dir, exclude] of shapes) {
    say(`digest: ${label}`);
    const cache = path.join(tmp, `digest-cache-${path.basename(dir)}`);
    tarSha(dir, exclude);
    digestOnce(dir, cache); // fills the page cache and the stat cache
    const primed = digestOnce(dir, cache);
    if (primed.filesRead !== 0) notes.push(`warm digest of ${label} still read ${primed.filesRead} files`);
    const [cold, warm, tar] = interleave([
      () => digestOnce(dir, "off"),
      () => digestOnce(dir, cache),
      () => tarSha(dir, exclude),
    ]);
    const tarName = exclude ? `tar --exclude ${exclude} \\| sha256sum` : "tar \\| sha256sum";
    const rss = Math.max(...cold.map((c) => c.rssMiB ?? 0));
    table.add({
      name: `cold digest, ${label}`,
      ours: cold.map((c) => c.ms),
      base: tar,
      baseName: tarName,
      target: 1.0,
      rssMiB: rss,
    });
    table.add({
      name: `warm digest (stat cache), ${label}`,
      ours: warm.map((c) => c.ms),
      base: cold.map((c) => c.ms),
      baseName: "cold digest",
      target: 0.1,
      rssMiB: Math.max(...warm.map((c) => c.rssMiB ?? 0)),
    });
  }
}

function previewSection(contexts) {
  say("preview: one DockerBuild over the 20,000-file context vs an empty program");
  const one = new BenchStack("bench-one", oneBuildProgram(contexts.small, `pdd-bench-${suffix}/one`));
  created.push(one);
  const empty = new BenchStack("bench-empty", EMPTY_PROGRAM);
  created.push(empty);
  const env = { XDG_CACHE_HOME: cacheHome };
  one.env = { ...one.env, ...env };
  const trivial = new BenchStack("bench-trivial-one", trivialProgram(1));
  created.push(trivial);
  one.up();
  empty.up();
  trivial.up();
  one.preview();
  const [ours, base, floor] = interleave([
    () => one.preview().ms,
    () => empty.preview().ms,
    () => trivial.preview().ms,
  ]);
  table.add({
    name: "no-op preview, 1 DockerBuild, 20,001 files",
    ours,
    base,
    baseName: "preview of an empty program",
    target: 1.3,
  });
  table.add({
    name: "no-op preview, 1 trivial dynamic resource",
    ours: floor,
    base,
    baseName: "preview of an empty program",
  });
}

/** A docker CLI that builds with BuildKit without buildx (clients before 23 have it built in), else undefined. */
function buildkitCli() {
  for (const cli of ["docker", "/usr/bin/docker"]) {
    const version = spawnSync(cli, ["version", "--format", "{{.Client.Version}}"], { encoding: "utf8" });
    if (version.status === 0 && Number(version.stdout.split(".")[0]) < 23) return cli;
  }
  return undefined;
}

/** Gives every `app<i>/f.txt` of the pairs stack new content, so the next builds miss the engine's cache. */
function newPairsContent(stack, run) {
  for (let i = 0; i < 20; i++)
    writeFileSync(path.join(stack.dir, `app${i}`, "f.txt"), `pair ${i} run ${run} ${Date.now()}\n`);
}

/**
 * The first up of the pairs with default parallelism against `--parallel 1` on one engine, beside the engine's own
 * ceiling: the docker CLI building the same 20 contexts one by one against `4 × cores` at a time (Pulumi's default).
 */
function firstUps(pairs, engineName, host) {
  const env = { DOCKER_HOST: host };
  const firstRuns = Math.max(2, Math.ceil(RUNS / 2));
  const parallel = [];
  const serial = [];
  let run = 0;
  for (let r = 0; r < firstRuns; r++) {
    newPairsContent(pairs, run++);
    parallel.push(pairs.pulumi(["up", "--yes", "--skip-preview", "--stack", "bench"], env).ms);
    pairs.pulumi(["destroy", "--yes", "--skip-preview", "--stack", "bench"], env);
    newPairsContent(pairs, run++);
    serial.push(pairs.pulumi(["up", "--yes", "--skip-preview", "--stack", "bench", "--parallel", "1"], env).ms);
    pairs.pulumi(["destroy", "--yes", "--skip-preview", "--stack", "bench"], env);
  }
  table.add({
    name: `first up, 20 pairs, engine ${engineName}: --parallel 1 ÷ default`,
    ours: serial,
    base: parallel,
    baseName: "first up, default parallelism",
    ratio: median(serial) / median(parallel),
    target: 2,
    atLeast: true,
  });
  const cli = buildkitCli();
  if (cli === undefined)
    return notes.push("no docker CLI with built-in BuildKit: the engines' build ceiling is not measured");
  const width = 4 * os.availableParallelism();
  const tag = `pdd-bench-${suffix}/cli`;
  const builds = (at) =>
    timed("sh", ["-c", `seq 0 19 | xargs -P ${at} -I{} ${cli} build -q -t ${tag}{}:x app{} >/dev/null`], {
      cwd: pairs.dir,
      env: { ...process.env, DOCKER_BUILDKIT: "1", DOCKER_HOST: host },
    }).ms;
  const oneByOne = [];
  const atOnce = [];
  for (let r = 0; r < firstRuns; r++) {
    newPairsContent(pairs, run++);
    oneByOne.push(builds(1));
    newPairsContent(pairs, run++);
    atOnce.push(builds(width));
  }
  spawnSync("sh", ["-c", `docker image rm -f $(docker image ls -q '${tag}*') >/dev/null 2>&1`], {
    env: { ...process.env, DOCKER_HOST: host },
  });
  table.add({
    name: `the engine's ceiling, engine ${engineName}: 20 docker CLI builds one by one ÷ ${width} at a time`,
    ours: oneByOne,
    base: atOnce,
    baseName: `DOCKER_BUILDKIT=1 docker build, ${width} at a time`,
    ratio: median(oneByOne) / median(atOnce),
  });
}

function pairsSection() {
  say("pairs: 20 DockerBuild + DockerPush pairs vs 40 trivial dynamic resources");
  const { indexJs, files } = pairsProgram(20, facts.busyboxImage);
  const pairs = new BenchStack("bench-pairs", indexJs, files);
  created.push(pairs);
  pairs.env = { ...pairs.env, XDG_CACHE_HOME: cacheHome };
  pairs.pulumi(["config", "set", "count", "20", "--stack", "bench"]);
  pairs.pulumi(["config", "set", "prefix", `${facts.registry}/pdd-bench-${suffix}`, "--stack", "bench"]);
  const trivial = new BenchStack("bench-trivial", trivialProgram(40));
  created.push(trivial);
  const engines = Object.entries(facts.engines ?? { main: process.env.DOCKER_HOST ?? "unix:///var/run/docker.sock" });
  for (const [engineName, host] of engines) {
    say(`pairs: first ups on engine ${engineName}`);
    firstUps(pairs, engineName, host);
  }
  say("pairs: no-op ups");
  const trivialPairs = new BenchStack("bench-trivial-pairs", trivialPairsProgram(20));
  created.push(trivialPairs);
  trivial.up();
  trivialPairs.up();
  pairs.up();
  const [ours, base, shaped] = interleave([() => pairs.up().ms, () => trivial.up().ms, () => trivialPairs.up().ms]);
  table.add({
    name: "no-op up, 20 pairs (40 resources)",
    ours,
    base,
    baseName: "up of 40 trivial dynamic resources",
    target: 1.05,
  });
  table.add({
    name: "no-op up, 20 pairs (40 resources)",
    ours,
    base: shaped,
    baseName: "up of 20 trivial pairs, the second taking an output of the first",
  });
}

function edit(dir, run) {
  appendFileSync(path.join(dir, "d0", "e0", "f0.txt"), `edit ${run} ${Date.now()}\n`);
}

function buildSection(contexts) {
  const image = `pdd-bench-${suffix}/build`;
  const runs = Math.min(RUNS, 3);
  const ours = (dir, builder, change) => (run) => {
    change(run);
    const script = path.join(ROOT, "bench", "build-once.mjs");
    const result = timed("node", [script, dir, image, `${builder}-${run}`, builder, cacheHome]);
    return { ms: JSON.parse(result.stdout).ms, rssMiB: result.rssMiB };
  };
  const cli = (dir, change) => (run) => {
    change(run);
    const env = { ...process.env, DOCKER_BUILDKIT: "0" };
    return timed("docker", ["build", "-q", "-t", `${image}:cli-${run}`, "."], { cwd: dir, env }).ms;
  };
  const rss = (results) => Math.max(...results.map((r) => r.rssMiB ?? 0));

  say(`build after an edit: 20,001 files (${runs} runs)`);
  const editSmall = (run) => edit(contexts.small, run);
  ours(contexts.small, "default", editSmall)(-1); // warms the page cache, the stat cache and the engine's layers
  const results = [];
  for (let r = 0; r < runs; r++) {
    results.push([
      ours(contexts.small, "default", editSmall)(r),
      ours(contexts.small, "classic", editSmall)(r),
      cli(contexts.small, editSmall)(r),
    ]);
  }
  const base = results.map((r) => r[2]);
  table.add({
    name: "build after an edit, 20,001 files, ours (BuildKit, the default)",
    ours: results.map((r) => r[0].ms),
    base,
    baseName: "DOCKER_BUILDKIT=0 docker build",
    rssMiB: rss(results.map((r) => r[0])),
  });
  table.add({
    name: "build after an edit, 20,001 files, ours (classic builder)",
    ours: results.map((r) => r[1].ms),
    base,
    baseName: "DOCKER_BUILDKIT=0 docker build",
    target: 1.0,
    rssMiB: rss(results.map((r) => r[1])),
  });

  say("build after an edit: 100 files / 500 MiB (1 run each)");
  const editLarge = (run) => appendFileSync(path.join(contexts.large, "blob0.bin"), `edit ${run} ${Date.now()}\n`);
  const large = ours(contexts.large, "default", editLarge)(0);
  const largeCli = cli(contexts.large, editLarge)(0);
  table.add({
    name: "build after an edit, 500 MiB, ours (BuildKit), 1 run",
    ours: [large.ms],
    base: [largeCli],
    baseName: "DOCKER_BUILDKIT=0 docker build",
    rssMiB: large.rssMiB,
  });
  spawnSync("sh", ["-c", `docker image rm -f $(docker image ls -q '${image}') >/dev/null 2>&1`]);
}

/**
 * Our BuildKit build (the context served through the build's session) against the docker CLI with BuildKit
 * (`DOCKER_BUILDKIT=1`, which serves it the same way): after a one-file edit, and a first build with BuildKit's cache
 * emptied (`docker builder prune -af`, engine-wide: the bench runs alone) for each context shape.
 */
function sessionSection(contexts) {
  const image = `pdd-bench-${suffix}/session`;
  const runs = Math.min(RUNS, 5);
  const script = path.join(ROOT, "bench", "build-once.mjs");
  const ours = (dir, change) => (run) => {
    change(run);
    const result = timed("node", [script, dir, image, `s-${run}`, "buildkit", cacheHome]);
    return { ms: JSON.parse(result.stdout).ms, rssMiB: result.rssMiB };
  };
  const docker = buildkitCli();
  if (docker === undefined) {
    return notes.push("no docker CLI with built-in BuildKit: the session rows are not measured");
  }
  const cli = (dir, change) => (run) => {
    change(run);
    const env = { ...process.env, DOCKER_BUILDKIT: "1" };
    return timed(docker, ["build", "-q", "-t", `${image}:cli-${run}`, "."], { cwd: dir, env });
  };
  const prune = () => spawnSync("docker", ["builder", "prune", "-af"], { stdio: "ignore" });
  const rss = (results) => Math.max(...results.map((r) => r.rssMiB ?? 0));
  const shapes = [
    ["20,001 files", contexts.small, (run) => edit(contexts.small, run)],
    ["100 × 5 MiB", contexts.large, (run) => appendFileSync(path.join(contexts.large, "blob0.bin"), `s ${run}\n`)],
  ];
  for (const [label, dir, change] of shapes) {
    say(`session: build after a one-file edit, ${label} (${runs} runs)`);
    ours(dir, change)(-1);
    cli(dir, change)(-1); // both have the context and the layers before the first measured run
    const [mine, theirs] = interleave([ours(dir, change), cli(dir, change)]).map((r) => r.slice(0, runs));
    table.add({
      name: `build after a one-file edit, ${label}, ours (BuildKit, context through the session)`,
      ours: mine.map((r) => r.ms),
      base: theirs.map((r) => r.ms),
      baseName: "DOCKER_BUILDKIT=1 docker build",
      target: 1.1,
      rssMiB: rss(mine),
    });
    notes.push(
      `one-file edit, ${label}: peak RSS ours ${rss(mine).toFixed(0)} MiB, CLI ${rss(theirs).toFixed(0)} MiB (target ≤ 1.5×: ${(rss(mine) / rss(theirs)).toFixed(2)}×)`,
    );
    say(`session: first build (BuildKit's cache emptied), ${label} (1 run each)`);
    prune();
    const first = ours(dir, change)(100);
    prune();
    const firstCli = cli(dir, change)(100);
    table.add({
      name: `first build (nothing cached), ${label}, ours (BuildKit, context through the session), 1 run`,
      ours: [first.ms],
      base: [firstCli.ms],
      baseName: "DOCKER_BUILDKIT=1 docker build",
      target: 1.1,
      rssMiB: first.rssMiB,
    });
    notes.push(
      `first build, ${label}: peak RSS ours ${first.rssMiB.toFixed(0)} MiB, CLI ${firstCli.rssMiB.toFixed(0)} MiB`,
    );
  }
  spawnSync("sh", ["-c", `docker image rm -f $(docker image ls -q '${image}') >/dev/null 2>&1`]);
}

/** Opt-in (`BENCH_ONLY=big`, about 3 minutes): one build of a 2 GiB context per builder, for the provider's peak RSS. */
function bigSection() {
  say("big: build of a 2 GiB context (400 files of 5 MiB), 1 run each");
  const dir = writeBigContext(tmp);
  const image = `pdd-bench-${suffix}/big`;
  const script = path.join(ROOT, "bench", "build-once.mjs");
  // A new marker before each build, so that none of them is a cache hit of another.
  const mark = (who) => writeFileSync(path.join(dir, "marker.txt"), `${who} ${suffix} ${Date.now()}\n`);
  const ours = (builder) => {
    mark(builder);
    const result = timed("node", [script, dir, image, builder, builder, cacheHome]);
    return { ms: JSON.parse(result.stdout).ms, rssMiB: result.rssMiB };
  };
  const buildkit = ours("buildkit");
  const classic = ours("classic");
  const env = { ...process.env, DOCKER_BUILDKIT: "0" };
  mark("cli");
  const cli = timed("docker", ["build", "-q", "-t", `${image}:cli`, "."], { cwd: dir, env }).ms;
  for (const [name, result] of [
    ["BuildKit", buildkit],
    ["classic builder", classic],
  ]) {
    table.add({
      name: `build of a 2 GiB context (400 × 5 MiB), ours (${name}), 1 run; peak RSS target ≤ 150 MiB`,
      ours: [result.ms],
      base: [cli],
      baseName: "DOCKER_BUILDKIT=0 docker build",
      rssMiB: result.rssMiB,
    });
    if (result.rssMiB > 150) notes.push(`the 2 GiB build (${name}) peaked at ${result.rssMiB.toFixed(0)} MiB`);
  }
  spawnSync("sh", ["-c", `docker image rm -f $(docker image ls -q '${image}') >/dev/null 2>&1`]);
}

try {
  say(
    `load before: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}; writing contexts in ${tmp}`,
  );
  const needsContexts = ["digest", "preview", "build", "session"].some((section) => ONLY.includes(section));
  const contexts = needsContexts ? writeContexts(tmp) : undefined;
  if (ONLY.includes("digest")) digestSection(contexts);
  if (ONLY.includes("preview")) previewSection(contexts);
  if (ONLY.includes("pairs")) pairsSection();
  if (ONLY.includes("build")) buildSection(contexts);
  if (ONLY.includes("session")) sessionSection(contexts);
  if (ONLY.includes("big")) bigSection();
} finally {
  for (const stack of created.reverse()) stack.dispose();
  if (process.env.BENCH_KEEP !== "1") rmSync(tmp, { recursive: true, force: true });
}

const engine = execFileSync("docker", ["version", "--format", "{{.Server.Version}}"], { encoding: "utf8" }).trim();
console.log(
  `\npulumi-docker-dynamic benchmark, ${new Date().toISOString().slice(0, 10)}: ${os.availableParallelism()} cores,`,
);
console.log(
  `engine ${engine} (${process.env.DOCKER_HOST ?? "default socket"}), medians of ${RUNS} runs (first ups: ${Math.max(2, Math.ceil(RUNS / 2))}),`,
);
console.log(
  `load average at the end ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")}, total ${(since(started) / 1000).toFixed(0)} s\n`,
);
console.log(table.toString());
for (const note of notes) console.log(`\nnote: ${note}`);
