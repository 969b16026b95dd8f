import type Docker from "dockerode";
import { BuildkitLog } from "../buildkit/buildkit-log";
import { openBuildkitSession, type SessionServices } from "../buildkit/session";
import { DockerStepError } from "../core/errors";
import type { BuilderKind } from "../engine/builder-support";
import { asEngineError } from "../engine/connection";
import { followOperation } from "../engine/progress";
import { BuildLog } from "./build-log";
import type { EngineBuildOptions } from "./build-options";
import { buildCutOff } from "./cut-off";
import { explainBuildkitFailure } from "./buildkit-hints";
import { logLine } from "../core/resource-log";

/** What `runBuild` needs: the tar of the context, the Engine API options, and where to print the log. */
export interface RunBuildRequest {
  /** The image reference being built, for log lines and errors. */
  readonly image: string;
  /** Makes an uncompressed tar of the build context (streamed); called again when the build is sent again. */
  readonly context: () => NodeJS.ReadableStream;
  /** Engine API options for `/build`. */
  readonly options: EngineBuildOptions;
  /** The builder to use. @default "classic" */
  readonly builder?: BuilderKind;
  /** What the build's BuildKit session serves (registry credentials, secrets, SSH agents); BuildKit only. */
  readonly session?: SessionServices;
  /** Receives each line of the build log. @default logLine (the resource's row) */
  readonly print?: (line: string) => void;
}

const NO_SESSION_SERVICES: SessionServices = {
  credentials: () => Promise.resolve(undefined),
  secrets: new Map(),
  ssh: [],
};

/**
 * Builds an image through the Engine API and returns its ID; every error event, or a missing ID, fails the build.
 * A build cut off by its engine is recorded so that the next build on that engine removes its leftover containers.
 */
export function runBuild(docker: Docker, request: RunBuildRequest): Promise<string> {
  return request.builder === "buildkit" ? runBuildkitBuild(docker, request) : runClassicBuild(docker, request);
}

async function runClassicBuild(docker: Docker, request: RunBuildRequest): Promise<string> {
  const log = new BuildLog(request.image, request.print ?? ((line) => logLine(line)));
  const options: Docker.ImageBuildOptions = { ...request.options.query };
  if (request.options.registryConfig) {
    (options as { registryconfig?: unknown }).registryconfig = request.options.registryConfig;
  }
  const startedAt = new Date();
  try {
    await followOperation(docker, () => docker.buildImage(request.context(), options), log, "build");
    if (!log.imageId) throw log.noImageId();
    return log.imageId;
  } catch (error) {
    if (log.daemonError !== undefined) throw error;
    throw await buildCutOff(docker, { image: request.image, startedAt, containers: log.containers, error });
  }
}

/**
 * `POST /build` with these query parameters, answering the progress stream. Not `docker.buildImage`: for `version=2`
 * dockerode opens a session of its own (serving one credential and nothing else) and replaces the `session` given.
 */
function postBuild(docker: Docker, context: NodeJS.ReadableStream, query: Record<string, unknown>) {
  return new Promise<NodeJS.ReadableStream>((resolve, reject) => {
    docker.modem.dial(
      {
        method: "POST",
        path: "/build?",
        options: query,
        file: context,
        isStream: true,
        statusCodes: { 200: true, 400: "bad parameter", 500: "server error" },
      },
      (error: unknown, stream: unknown) => (error ? reject(error) : resolve(stream as NodeJS.ReadableStream)),
    );
  });
}

/**
 * The engine's containerd image store names the image of an untagged BuildKit build `moby-dangling@<digest>`. Two
 * builds of the same image ending at the same moment (identical Dockerfiles and contexts, one image for two platforms
 * whose layers match) both find no such name and both create it, and the second fails with this error although its
 * image is complete (engine 28, seen under parallel updates). Sent again, the build is a cache hit that finds the name.
 */
const DANGLING_NAME_RACE = /image "moby-dangling@sha256:[0-9a-f]{64}": already exists/;

/** How many times a build that lost the race above is sent again. */
const NAME_RACE_RETRIES = 2;

/** Whether a failed build lost the containerd image store's naming race (see DANGLING_NAME_RACE). */
export function lostImageNameRace(error: unknown): boolean {
  return error instanceof DockerStepError && DANGLING_NAME_RACE.test(error.message);
}

/** A BuildKit build, sent again (from the cache) when it loses the image store's naming race to an identical build. */
async function runBuildkitBuild(docker: Docker, request: RunBuildRequest): Promise<string> {
  const print = request.print ?? ((line: string) => logLine(line));
  for (let attempt = 0; ; attempt++) {
    try {
      return await runBuildkitBuildOnce(docker, request);
    } catch (error) {
      if (attempt >= NAME_RACE_RETRIES || !lostImageNameRace(error)) throw error;
      print(
        `[${request.image}] the engine's image store was naming the same image for another build at that moment; sending the build again (its steps are cached)`,
      );
    }
  }
}

/**
 * A BuildKit build (`version=2`) with a session of its own, opened for this build and closed on every path; the
 * image ID comes from the `moby.image.id` event.
 */
async function runBuildkitBuildOnce(docker: Docker, request: RunBuildRequest): Promise<string> {
  const log = new BuildkitLog(request.image, request.print ?? ((line) => logLine(line)));
  const startedAt = new Date();
  let session;
  try {
    session = await openBuildkitSession(docker, request.session ?? NO_SESSION_SERVICES);
  } catch (error) {
    const engineError = asEngineError(error, docker);
    if (engineError !== error) throw engineError;
    throw log.failure(`could not open a BuildKit session: ${(error as Error).message}`, error);
  }
  try {
    const query = { ...request.options.query, session: session.id };
    await followOperation(docker, () => postBuild(docker, request.context(), query), log, "build");
    if (!log.imageId) throw log.noImageId();
    return log.imageId;
  } catch (error) {
    if (log.daemonError !== undefined) {
      throw error instanceof DockerStepError ? explainBuildkitFailure(error, request.image) : error;
    }
    throw await buildCutOff(docker, { image: request.image, startedAt, containers: undefined, error });
  } finally {
    await session.close();
  }
}
