/**
 * The Dockerfile written for `dockerfile: "auto"`: the base image, the app's dependency manifests installed first
 * (so the layer is cached while only code changes), then the whole context copied under `/opt/app/<folder>/`.
 */

import { createHash } from "node:crypto";
import { lstat } from "node:fs/promises";
import * as path from "node:path";

/** What the generated Dockerfile depends on. */
export interface AutoDockerfileInputs {
  /** The image to build on, e.g. `node:22-slim` or `python:3.12-slim`. */
  readonly baseImage: string;
  /** The context folder's name, used as the app folder inside the image; replaced by `app` when unsafe. */
  readonly contextDirName: string;
  /** Whether the context has a `package.json`. */
  readonly hasPackageJson: boolean;
  /** Whether the context has a `package-lock.json` or `npm-shrinkwrap.json`, so `npm ci` can be used. */
  readonly hasPackageLock: boolean;
  /** Whether the context has a `requirements.txt`. */
  readonly hasRequirementsTxt: boolean;
}

/** The manifest files found in a context folder. */
export type DetectedManifests = Omit<AutoDockerfileInputs, "baseImage" | "contextDirName">;

const SAFE_SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const FALLBACK_DIR_NAME = "app";
const NAME_PREFIX = ".pulumi-docker-dynamic.";

/** The context folder's name if it is a plain path segment (letters, digits, `.`, `_`, `-`), else `app`. */
export function appDirName(contextDirName: string): string {
  return SAFE_SEGMENT.test(contextDirName) ? contextDirName : FALLBACK_DIR_NAME;
}

/** Writes the Dockerfile text for `dockerfile: "auto"`, ending with a newline. */
export function generateDockerfile(inputs: AutoDockerfileInputs): string {
  const appDir = `/opt/app/${appDirName(inputs.contextDirName)}/`;
  const lines = [`FROM ${inputs.baseImage}`, `WORKDIR ${appDir}`];
  if (inputs.hasPackageJson) {
    lines.push("COPY package*.json ./");
    lines.push(inputs.hasPackageLock ? "RUN npm ci --omit=dev" : "RUN npm install --omit=dev");
  }
  if (inputs.hasRequirementsTxt) {
    lines.push("COPY requirements.txt ./");
    lines.push("RUN python -m pip install --no-cache-dir -r requirements.txt");
  }
  lines.push(`COPY . ${appDir}`);
  return `${lines.join("\n")}\n`;
}

/** Whether a path exists, counting a dangling symlink (it would still take the name in the archive). */
async function exists(file: string): Promise<boolean> {
  try {
    await lstat(file);
    return true;
  } catch {
    return false;
  }
}

/** Looks for `package.json`, a lock file and `requirements.txt` at the root of a context folder. */
export async function detectAutoDockerfileInputs(contextDir: string): Promise<DetectedManifests> {
  const [hasPackageJson, hasLock, hasShrinkwrap, hasRequirementsTxt] = await Promise.all(
    ["package.json", "package-lock.json", "npm-shrinkwrap.json", "requirements.txt"].map((name) =>
      exists(path.join(contextDir, name)),
    ),
  );
  return {
    hasPackageJson: hasPackageJson === true,
    hasPackageLock: hasLock === true || hasShrinkwrap === true,
    hasRequirementsTxt: hasRequirementsTxt === true,
  };
}

/**
 * A root-level name for a Dockerfile added to the context archive, derived from its content
 * (`.pulumi-docker-dynamic.<12 hex>.Dockerfile`), with a counter added while the name exists in the context.
 */
export async function uniqueDockerfileName(contextDir: string, content: string | Buffer): Promise<string> {
  const hex = createHash("sha256").update(content).digest("hex").slice(0, 12);
  let name = `${NAME_PREFIX}${hex}.Dockerfile`;
  for (let counter = 1; await exists(path.join(contextDir, name)); counter++) {
    name = `${NAME_PREFIX}${hex}.${counter}.Dockerfile`;
  }
  return name;
}
