import { createHash, randomUUID } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** What a build cut off by its engine leaves behind for the next build on that engine to clean up. */
export interface InterruptedBuild {
  /** The engine address, as `describeEngine` gives it (e.g. `unix:///var/run/docker.sock`). */
  readonly engine: string;
  /** The image reference that was being built, for log lines. */
  readonly image: string;
  /** When the build request was sent (ISO 8601, this machine's clock). */
  readonly startedAt: string;
  /** When the build was seen to fail (ISO 8601, this machine's clock). */
  readonly failedAt: string;
  /** Container IDs the build announced in its log (`---> Running in <id>`), short or full. */
  readonly containers: readonly string[];
}

/** A stored record and the file that holds it. */
export interface StoredInterruptedBuild {
  /** The record's file. */
  readonly file: string;
  /** The record. */
  readonly record: InterruptedBuild;
}

/** The folder of the records: `$XDG_STATE_HOME/pulumi-docker-dynamic/interrupted-builds` (default `~/.local/state`). */
export function interruptedBuildsDir(): string {
  const state = process.env.XDG_STATE_HOME || path.join(os.homedir(), ".local", "state");
  return path.join(state, "pulumi-docker-dynamic", "interrupted-builds");
}

function engineKey(engine: string): string {
  return createHash("sha256").update(engine).digest("hex").slice(0, 16);
}

/** Writes a record in its own file (several builds on one engine may be cut off); returns the file. */
export function recordInterruptedBuild(record: InterruptedBuild, dir = interruptedBuildsDir()): string {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${engineKey(record.engine)}-${randomUUID()}.json`);
  writeFileSync(file, `${JSON.stringify(record, null, 2)}\n`);
  return file;
}

/** The records of builds cut off on `engine` (unreadable files are skipped). */
export function interruptedBuildsOn(engine: string, dir = interruptedBuildsDir()): StoredInterruptedBuild[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const prefix = `${engineKey(engine)}-`;
  return names
    .filter((name) => name.startsWith(prefix) && name.endsWith(".json"))
    .flatMap((name) => {
      const file = path.join(dir, name);
      try {
        const record = JSON.parse(readFileSync(file, "utf8")) as InterruptedBuild;
        return record.engine === engine ? [{ file, record }] : [];
      } catch {
        return [];
      }
    });
}

/** Deletes a record once its leftovers are gone. */
export function forgetInterruptedBuild(file: string): void {
  rmSync(file, { force: true });
}
