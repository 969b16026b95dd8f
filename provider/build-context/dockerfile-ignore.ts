/**
 * Which ignore file a build uses, as BuildKit chooses it: `<Dockerfile path>.dockerignore` (the Dockerfile's own
 * name with `.dockerignore` appended, in the Dockerfile's folder, e.g. `docker/api.Dockerfile.dockerignore`) when it
 * exists, in place of the context's `.dockerignore`; the two are never merged. Generated and inline Dockerfiles have no
 * file of their own, so they use the context's `.dockerignore`.
 */

import { readFile } from "node:fs/promises";
import * as path from "node:path";
import { InputError } from "../core/errors";
import { DOCKERIGNORE, readDockerignore } from "./dockerignore-file";

/** The ignore file a build uses and its text. */
export interface BuildIgnoreFile {
  /** Absolute path of the file read, or undefined when there is none (nothing is excluded). */
  readonly path?: string;
  /** Its text; empty when there is none. */
  readonly content: string;
}

/** The name BuildKit looks for beside a Dockerfile: its path with `.dockerignore` appended. */
export function dockerfileIgnorePath(dockerfilePath: string): string {
  return `${dockerfilePath}${DOCKERIGNORE}`;
}

async function readIfPresent(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return undefined;
    throw new InputError("dockerfile", `Cannot read ${file} (${code ?? String(error)}); make it a readable file`, {
      cause: error,
    });
  }
}

/**
 * Reads the ignore file of a build: `<dockerfilePath>.dockerignore` when the Dockerfile is a file and that exists
 * (even empty: then nothing is excluded), else `<contextDir>/.dockerignore`. `dockerfilePath` is the path as given,
 * before symlinks are resolved, as BuildKit looks beside the name it was given.
 */
export async function readBuildIgnore(contextDir: string, dockerfilePath?: string): Promise<BuildIgnoreFile> {
  if (dockerfilePath !== undefined) {
    const own = dockerfileIgnorePath(dockerfilePath);
    const content = await readIfPresent(own);
    if (content !== undefined) return { path: own, content };
  }
  const content = await readDockerignore(contextDir);
  return { path: content === "" ? undefined : path.join(contextDir, DOCKERIGNORE), content };
}
