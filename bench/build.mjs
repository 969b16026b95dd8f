// Benchmark: a DockerBuild create (context walk, digest, streamed tar, Engine API build, tagging) against the
// `docker build` CLI (classic builder, same engine) on the same context, printed side by side.
// Usage: node bench/build.mjs [files=1000] [kib-per-file=64] [runs=3]. Needs `npm run build` and a running engine
// with local/busybox:latest (bash scripts/setup).
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";

const require = createRequire(import.meta.url);
const { dockerBuildProvider } = require("../dist/provider/image-build/docker-build-provider.js");

const [files = 1000, kib = 64, runs = 3] = process.argv.slice(2).map(Number);
const dir = mkdtempSync(path.join(os.tmpdir(), "pdd-bench-build-"));
for (let i = 0; i < files; i++) {
  const sub = path.join(dir, `d${i % 20}`);
  mkdirSync(sub, { recursive: true });
  writeFileSync(path.join(sub, `f${i}.bin`), randomBytes(kib * 1024));
}
writeFileSync(path.join(dir, "Dockerfile"), "FROM local/busybox:latest\nCOPY . /app/\n");
const image = `pdd-bench/build`;
const quiet = console.log;

async function ours(run) {
  const start = process.hrtime.bigint();
  console.log = () => undefined;
  try {
    const inputs = (
      await dockerBuildProvider.check({}, { imageName: image, tag: `ours-${run}`, context: dir, noCache: true })
    ).inputs;
    await dockerBuildProvider.create(inputs);
  } finally {
    console.log = quiet;
  }
  return Number(process.hrtime.bigint() - start) / 1e6;
}
function cli(run) {
  const start = process.hrtime.bigint();
  execFileSync("docker", ["build", "--no-cache", "-q", "-t", `${image}:cli-${run}`, "."], {
    cwd: dir,
    env: { ...process.env, DOCKER_BUILDKIT: "0" },
    stdio: ["ignore", "ignore", "ignore"],
  });
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const a = [];
const b = [];
for (let r = 0; r < runs; r++) {
  a.push(await ours(r));
  b.push(cli(r));
}
execFileSync("sh", ["-c", `docker image rm -f $(docker image ls -q ${image}) >/dev/null 2>&1 || true`]);
rmSync(dir, { recursive: true, force: true });
const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
console.log(`context: ${files} files, ${((files * kib) / 1024).toFixed(0)} MiB, --no-cache; median of ${runs} runs`);
console.log(`${"DockerBuild create (this library)".padEnd(36)}${median(a).toFixed(0).padStart(8)} ms`);
console.log(`${"docker build (CLI, classic builder)".padEnd(36)}${median(b).toFixed(0).padStart(8)} ms`);
