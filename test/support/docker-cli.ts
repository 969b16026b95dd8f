import "./isolation";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { filesUnder } from "./fixtures";

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

/**
 * The local image ID of each reference (undefined where there is none), with one `docker image inspect` when all exist
 * (it prints one line per reference, in order) and one per reference otherwise.
 */
export function localImageIdsOf(references: readonly string[]): (string | undefined)[] {
  const result = spawnSync("docker", ["image", "inspect", "--format", "{{.Id}}", ...references], { encoding: "utf8" });
  const lines = result.stdout.split("\n").filter(Boolean);
  if (result.status === 0 && lines.length === references.length) return lines;
  return references.map(localImageIdOf);
}

/** Removes local references, ignoring ones that do not exist. */
export function removeImages(...references: string[]): void {
  if (references.length > 0) spawnSync("docker", ["image", "rm", "--force", ...references], { encoding: "utf8" });
}

/** What `docker save` writes for an image: every file (as latin1 text) and how many of them are layer tars. */
export interface SavedImage {
  /** Each file of the archive, and each file inside each layer, as [name, content as latin1]. */
  readonly files: readonly (readonly [string, string])[];
  /** How many layers were found (`layer.tar` files of the Docker layout, tar blobs of the OCI layout of engine 25+). */
  readonly layers: number;
}

/** Unpacks `docker save` of `image`, and each layer in it, to search every byte of the image. */
export function savedImage(image: string): SavedImage {
  const dir = mkdtempSync(path.join(tmpdir(), "pdd-saved-"));
  try {
    docker("save", "-o", path.join(dir, "image.tar"), image);
    execFileSync("tar", ["-xf", path.join(dir, "image.tar"), "-C", dir]);
    rmSync(path.join(dir, "image.tar"));
    const files: [string, string][] = [];
    let layers = 0;
    for (const file of filesUnder(dir)) {
      const content = readFileSync(file);
      files.push([file, content.toString("latin1")]);
      // A tar archive has "ustar" at offset 257 of its first header.
      if (content.subarray(257, 262).toString("latin1") !== "ustar") continue;
      layers += 1;
      const inside = execFileSync("tar", ["-xOf", file], { maxBuffer: 256 * 1024 * 1024 });
      files.push([`${file} (contents)`, inside.toString("latin1")]);
    }
    return { files, layers };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
