// Shared helpers of the benchmark: timing, child processes with their peak RSS, medians and the table.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root (where `pulumi-docker-dynamic` resolves for programs under `.tools/`). */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** What `bash scripts/setup` recorded: the pulumi CLI, the registries, the base images. */
export function setupFacts() {
  const file = path.join(os.homedir(), ".cache", "pulumi-docker-dynamic", "setup.json");
  return JSON.parse(readFileSync(file, "utf8"));
}

/** Milliseconds since `start` (a `process.hrtime.bigint()`). */
export function since(start) {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/**
 * Runs a command to completion under GNU time; returns its wall time in ms, its peak RSS in MiB and its output.
 * Throws with the output when it fails.
 */
export function timed(command, args, options = {}) {
  const start = process.hrtime.bigint();
  const result = spawnSync("/usr/bin/time", ["-f", "PEAK_RSS_KIB=%M", command, ...args], {
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    ...options,
  });
  const ms = since(start);
  const rss = /PEAK_RSS_KIB=(\d+)/.exec(result.stderr ?? "");
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(" ")} exited ${result.status}\n${result.stdout}\n${result.stderr}`);
  }
  return { ms, rssMiB: rss ? Number(rss[1]) / 1024 : undefined, stdout: result.stdout };
}

/** The median of a list of numbers. */
export function median(xs) {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Rows of the final table: what was measured, ours, the baseline, the ratio, the target and peak RSS. */
export class Table {
  rows = [];

  /** Adds a comparison of medians: `ours` against `base`, with the target ratio (`≤` unless `atLeast`). */
  add({ name, ours, base, baseName, target, atLeast = false, rssMiB, ratio }) {
    const r = ratio ?? median(ours) / median(base);
    const met = target === undefined ? "" : atLeast ? r >= target : r <= target;
    this.rows.push({ name, ours: median(ours), base: median(base), baseName, r, target, atLeast, met, rssMiB });
  }

  /** The table as Markdown. */
  toString() {
    const lines = [
      "| measure | ours (ms) | baseline | baseline (ms) | ratio | target | met | peak RSS (MiB) |",
      "|---|---:|---|---:|---:|---:|:-:|---:|",
    ];
    for (const row of this.rows) {
      const target = row.target === undefined ? "" : `${row.atLeast ? "≥" : "≤"} ${row.target}×`;
      const met = row.met === "" ? "" : row.met ? "yes" : "**no**";
      const rss = row.rssMiB === undefined ? "" : row.rssMiB.toFixed(0);
      lines.push(
        `| ${row.name} | ${row.ours.toFixed(0)} | ${row.baseName} | ${row.base.toFixed(0)} | ${row.r.toFixed(2)}× | ${target} | ${met} | ${rss} |`,
      );
    }
    return lines.join("\n");
  }
}
