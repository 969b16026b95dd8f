import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** Writes `files` (relative path → content) into a new temp folder and returns its path. */
export function makeTree(files: Record<string, string>, prefix = "pdd-test-"): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  writeTree(dir, files);
  return dir;
}

/** Writes `files` (relative path → content) under `dir`. */
export function writeTree(dir: string, files: Record<string, string>): void {
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
}

/** Removes a folder made by makeTree. */
export function removeTree(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Every file below `dir`, recursively. */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}
