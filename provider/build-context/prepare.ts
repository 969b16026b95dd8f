/**
 * The build context made ready for a build: inputs resolved, Dockerfile read or generated, `.dockerignore` parsed,
 * and the digest computed with the same walk rules the tar stream will use.
 */

import { readFile } from "node:fs/promises";
import * as path from "node:path";
import type { Readable } from "node:stream";
import { InputError } from "../core/errors";
import { detectAutoDockerfileInputs, generateDockerfile, uniqueDockerfileName } from "./auto-dockerfile";
import { contextDigest } from "./digest";
import { parseDockerignore, type IgnorePattern } from "./dockerignore";
import { isInlineDockerfile } from "./dockerfile-input";
import { readBuildIgnore } from "./dockerfile-ignore";
import { resolveBuildContext, type BuildContextInputs, type ResolvedBuildContext } from "./resolve";
import { createContextTar, type ContextTarOptions, type ExtraFile } from "./tar";

/** The build inputs that shape the context. */
export interface PrepareBuildContextInputs extends BuildContextInputs {
  /** The base image of a generated Dockerfile; required when `dockerfile` is `"auto"`. */
  readonly baseImage?: string;
  /** The digest `check` already computed for these inputs; when given, the context is not hashed again. */
  readonly knownDigest?: string;
  /** Called once the digest is running on its worker thread: work this thread can do meanwhile. */
  readonly whileDigesting?: () => void;
}

/** A build context ready to digest and send; it is also the option set of the tar stream that sends it. */
export interface PreparedBuildContext extends ContextTarOptions {
  /** Absolute, symlink-free path of the context folder. */
  readonly contextDir: string;
  /** The Engine API's `dockerfile` parameter: the path inside the context, or the name of the added file. */
  readonly dockerfileName: string;
  /** Absolute path of the user's Dockerfile; undefined for `dockerfile: "auto"`. */
  readonly dockerfilePath?: string;
  /** The Dockerfile text the build uses. */
  readonly dockerfileContent: string;
  /** The generated Dockerfile text, for `dockerfile: "auto"` only. */
  readonly generatedDockerfile?: string;
  /** Whether the Dockerfile is inline text (`dockerfile: { inline }`). */
  readonly inlineDockerfile?: boolean;
  /** The parsed ignore patterns: of `<Dockerfile>.dockerignore` when it exists, else of the context's `.dockerignore`. */
  readonly excludes: readonly IgnorePattern[];
  /** Absolute path of the ignore file those patterns come from; undefined when there is none. */
  readonly ignoreFile?: string;
  /** Paths sent even when excluded: the Dockerfile when it lies inside the context. */
  readonly alwaysInclude: readonly string[];
  /** Files added to the archive: the Dockerfile when it is generated or lies outside the context. */
  readonly extraFiles: readonly ExtraFile[];
  /** `sha256:<hex>` over the Dockerfile and everything sent; it changes exactly when the build input changes. */
  readonly digest: string;
}

interface DockerfileChoice {
  readonly dockerfileName: string;
  readonly dockerfileContent: string;
  readonly generatedDockerfile?: string;
  readonly extraFiles: readonly ExtraFile[];
  readonly alwaysInclude: readonly string[];
}

async function chooseDockerfile(
  resolved: ResolvedBuildContext,
  inputs: PrepareBuildContextInputs,
): Promise<DockerfileChoice> {
  const { contextDir, dockerfilePath, dockerfileRelPath } = resolved;
  const { baseImage, dockerfile } = inputs;
  if (dockerfileRelPath !== undefined && dockerfilePath !== undefined) {
    const dockerfileContent = await readFile(dockerfilePath, "utf8");
    return { dockerfileName: dockerfileRelPath, dockerfileContent, extraFiles: [], alwaysInclude: [dockerfileRelPath] };
  }
  let dockerfileContent: string;
  let generatedDockerfile: string | undefined;
  if (dockerfilePath !== undefined) {
    dockerfileContent = await readFile(dockerfilePath, "utf8");
  } else if (isInlineDockerfile(dockerfile)) {
    dockerfileContent = dockerfile.inline;
  } else {
    if (baseImage === undefined || baseImage.trim() === "") {
      throw new InputError("baseImage", 'dockerfile: "auto" needs `baseImage`, e.g. "node:22-slim"; set it');
    }
    const manifests = await detectAutoDockerfileInputs(contextDir);
    generatedDockerfile = generateDockerfile({ baseImage, contextDirName: path.basename(contextDir), ...manifests });
    dockerfileContent = generatedDockerfile;
  }
  const dockerfileName = await uniqueDockerfileName(contextDir, dockerfileContent);
  const extraFiles = [{ name: dockerfileName, content: dockerfileContent }];
  return { dockerfileName, dockerfileContent, generatedDockerfile, extraFiles, alwaysInclude: [] };
}

/**
 * Resolves `context` and `dockerfile`, reads or generates the Dockerfile, parses `.dockerignore` and digests
 * everything the build will send. Throws an `InputError` naming the property at fault.
 */
export async function prepareBuildContext(inputs: PrepareBuildContextInputs): Promise<PreparedBuildContext> {
  const resolved = await resolveBuildContext(inputs);
  const { contextDir } = resolved;
  const ignore = await readBuildIgnore(contextDir, resolved.dockerfileGivenPath);
  const excludes = parseDockerignore(ignore.content);
  const choice = await chooseDockerfile(resolved, inputs);
  const digesting = inputs.knownDigest ?? contextDigest({ contextDir, excludes, ...choice });
  try {
    inputs.whileDigesting?.();
  } catch {
    // Only a head start: whatever failed fails again, and is reported, where its result is needed.
  }
  const digest = await digesting;
  const inlineDockerfile = isInlineDockerfile(inputs.dockerfile) || undefined;
  const { dockerfilePath } = resolved;
  return { contextDir, dockerfilePath, inlineDockerfile, excludes, ignoreFile: ignore.path, ...choice, digest };
}

/** The tar stream of a prepared context: the same walk its digest covered, plus its extra files. */
export function contextTarStream(prepared: PreparedBuildContext): Readable {
  return createContextTar(prepared);
}
