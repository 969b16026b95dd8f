// Benchmark: our context digest (walk + .dockerignore + streamed hashing) against `tar -cf - . | sha256sum` over the
// same tree, printed side by side. Usage: node bench/context-digest.mjs [files=4000] [kib-per-file=64] [runs=3]
// Needs `npm run build` first. The tree is generated in a temp folder and removed afterwards.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";

const require = createRequire(import.meta.url);
const { prepareBuildContext } = require("../dist/provider/build-context/index.js");

const [files = 4000, kib = 64, runs = 3] = process.argv.slice(2).map(Number);
const dir = mkdtempSync(path.join(os.tmpdir(), "pdd-bench-"));
for (let i = 0; i < files; i++) {
  const sub = path.join(dir, `d${i % 50}`, `e${i % 7}`);
  mkdirSync(sub, { recursive: true });
  writeFileSync(path.join(sub, `f${i}.bin`), randomBytes(kib * 1024));
}
writeFileSync(path.join(dir, "Dockerfile"), "FROM scratch\nCOPY . /\n");
const mib = ((files * kib) / 1024).toFixed(0);

function time(fn) {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}
async function timeAsync(fn) {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const ours = [];
const baseline = [];
let peakRss = 0;
for (let r = 0; r < runs; r++) {
  execFileSync("sh", ["-c", `cat $(find "${dir}" -type f) > /dev/null`]); // same page-cache state for both
  ours.push(await timeAsync(() => prepareBuildContext({ context: dir, cwd: dir })));
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  baseline.push(time(() => execFileSync("sh", ["-c", "tar -cf - . | sha256sum"], { cwd: dir })));
}
rmSync(dir, { recursive: true, force: true });

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`context: ${files} files, ${mib} MiB; median of ${runs} runs`);
console.log(`${"".padEnd(34)}${"ms".padStart(10)}${"MiB/s".padStart(10)}`);
for (const [name, xs] of [
  ["pulumi-docker-dynamic digest", ours],
  ["tar -cf - . | sha256sum", baseline],
]) {
  const ms = median(xs);
  console.log(`${name.padEnd(34)}${ms.toFixed(0).padStart(10)}${((Number(mib) / ms) * 1000).toFixed(0).padStart(10)}`);
}
console.log(`peak RSS of this process: ${(peakRss / 1024 / 1024).toFixed(0)} MiB (the context is ${mib} MiB)`);
