/**
 * Resolution of the `context` and `dockerfile` inputs to real paths, with input errors that say what to fix.
 */

import { realpath, stat } from "node:fs/promises";
import * as path from "node:path";
import { InputError } from "../core/errors";
import { isInlineDockerfile, type DockerfileInput } from "./dockerfile-input";

/** The `dockerfile` value that asks for a generated Dockerfile. */
export const AUTO_DOCKERFILE = "auto";

/** The `context` and `dockerfile` inputs as the user wrote them. */
export interface BuildContextInputs {
  /** The build-context folder, relative to `cwd` or absolute. @default "." */
  readonly context?: string;
  /**
   * The Dockerfile, relative to the context folder or absolute, `"auto"` to generate one, or `{ inline }` text.
   * @default "Dockerfile"
   */
  readonly dockerfile?: DockerfileInput;
  /** The folder relative paths in `context` start from, usually the Pulumi program's folder. */
  readonly cwd: string;
}

/** The resolved build context and Dockerfile. */
export interface ResolvedBuildContext {
  /** Absolute, symlink-free path of the context folder. */
  readonly contextDir: string;
  /** Absolute, symlink-free path of the Dockerfile; undefined for `dockerfile: "auto"` and inline Dockerfiles. */
  readonly dockerfilePath?: string;
  /** Absolute path of the Dockerfile as given (symlinks not resolved): where its own ignore file is looked for. */
  readonly dockerfileGivenPath?: string;
  /** Whether the Dockerfile lies inside the context folder (so it is sent with it). */
  readonly dockerfileInContext: boolean;
  /** The Dockerfile's slash-separated path relative to the context folder, when it lies inside it. */
  readonly dockerfileRelPath?: string;
}

async function isKind(file: string, kind: "dir" | "file"): Promise<boolean> {
  try {
    const stats = await stat(file);
    return kind === "dir" ? stats.isDirectory() : stats.isFile();
  } catch {
    return false;
  }
}

async function resolveContextDir(context: string, cwd: string): Promise<string> {
  const dir = path.resolve(cwd, context);
  if (await isKind(dir, "file")) {
    throw new InputError(
      "context",
      `Build context ${dir} is a file, not a folder; set \`context\` to the folder it is in`,
    );
  }
  if (!(await isKind(dir, "dir"))) {
    throw new InputError(
      "context",
      `Build context folder not found at ${dir}; create it or set \`context\` to an existing folder ` +
        `(a relative path starts from ${cwd})`,
    );
  }
  return realpath(dir);
}

/** The slash-separated path of `file` inside `dir`, or undefined when it lies outside. */
function insidePath(dir: string, file: string): string | undefined {
  const relative = path.relative(dir, file);
  if (relative === "" || relative.startsWith(`..${path.sep}`) || relative === ".." || path.isAbsolute(relative)) {
    return undefined;
  }
  return relative.split(path.sep).join("/");
}

/**
 * Resolves `context` (from `cwd`) to an existing folder and `dockerfile` (from the context folder) to an existing
 * file, or marks it generated for `"auto"`. Throws an `InputError` on the property that points nowhere.
 */
export async function resolveBuildContext(inputs: BuildContextInputs): Promise<ResolvedBuildContext> {
  const contextDir = await resolveContextDir(inputs.context ?? ".", inputs.cwd);
  const dockerfile = inputs.dockerfile ?? "Dockerfile";
  if (dockerfile === AUTO_DOCKERFILE || isInlineDockerfile(dockerfile))
    return { contextDir, dockerfileInContext: false };
  const given = path.resolve(contextDir, dockerfile);
  if (!(await isKind(given, "file"))) {
    throw new InputError(
      "dockerfile",
      `Dockerfile not found at ${given}; create it, point \`dockerfile\` at it, or use dockerfile: "auto"`,
    );
  }
  const dockerfilePath = await realpath(given);
  const dockerfileRelPath = insidePath(contextDir, dockerfilePath);
  const dockerfileInContext = dockerfileRelPath !== undefined;
  return { contextDir, dockerfilePath, dockerfileGivenPath: given, dockerfileInContext, dockerfileRelPath };
}
