import { spawnSync } from "node:child_process";

/** Runs the docker CLI and returns its trimmed stdout; throws with stderr when it fails. */
export function docker(...args: string[]): string {
  return dockerWithInput("", ...args);
}

/** Runs the docker CLI with `input` on stdin (e.g. a Dockerfile for `docker build -`). */
export function dockerWithInput(input: string, ...args: string[]): string {
  const result = spawnSync("docker", args, { encoding: "utf8", input });
  if (result.status !== 0) throw new Error(`docker ${args.join(" ")} failed: ${result.stderr.trim()}`);
  return result.stdout.trim();
}

/** The image ID behind a local reference, or `undefined` when there is none. */
export function localImageIdOf(reference: string): string | undefined {
  const result = spawnSync("docker", ["image", "inspect", "--format", "{{.Id}}", reference], { encoding: "utf8" });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

/** Removes local references, ignoring ones that do not exist. */
export function removeImages(...references: string[]): void {
  if (references.length > 0) spawnSync("docker", ["image", "rm", "--force", ...references], { encoding: "utf8" });
}
