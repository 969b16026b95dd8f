import type Docker from "dockerode";
import { followOperation } from "../engine/progress";
import { BuildLog } from "./build-log";
import type { EngineBuildOptions } from "./build-options";
import { buildCutOff } from "./cut-off";

/** What `runBuild` needs: the tar of the context, the Engine API options, and where to print the log. */
export interface RunBuildRequest {
  /** The image reference being built, for log lines and errors. */
  readonly image: string;
  /** Uncompressed tar of the build context (streamed). */
  readonly context: NodeJS.ReadableStream;
  /** Engine API options for `/build`. */
  readonly options: EngineBuildOptions;
  /** Receives each line of the build log. @default console.log */
  readonly print?: (line: string) => void;
}

/**
 * Builds an image through the Engine API and returns its ID; every error event, or a missing ID, fails the build.
 * A build cut off by its engine is recorded so that the next build on that engine removes its leftover containers.
 */
export async function runBuild(docker: Docker, request: RunBuildRequest): Promise<string> {
  const log = new BuildLog(request.image, request.print ?? ((line) => console.log(line)));
  const options: Docker.ImageBuildOptions = { ...request.options.query };
  if (request.options.registryConfig) {
    (options as { registryconfig?: unknown }).registryconfig = request.options.registryConfig;
  }
  const startedAt = new Date();
  try {
    await followOperation(docker, () => docker.buildImage(request.context, options), log, "build");
    if (!log.imageId) throw log.noImageId();
    return log.imageId;
  } catch (error) {
    if (log.daemonError !== undefined) throw error;
    throw await buildCutOff(docker, { image: request.image, startedAt, log, error });
  }
}
