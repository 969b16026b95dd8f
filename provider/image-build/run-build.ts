import type Docker from "dockerode";
import { BuildkitLog } from "../buildkit/buildkit-log";
import { openBuildkitSession, type SessionServices } from "../buildkit/session";
import { DockerStepError } from "../core/errors";
import type { BuilderKind } from "../engine/builder-kind";
import { asEngineError } from "../engine/connection";
import { followOperation } from "../engine/progress";
import { BuildLog } from "./build-log";
import type { EngineBuildOptions } from "./build-options";
import { buildCutOff } from "./cut-off";
import { explainBuildkitFailure } from "./buildkit-hints";
import { logLine } from "../core/resource-log";
import type { TransferReport } from "../buildkit/filesync-service";
import { LOCAL_NAMES } from "./session-files";
import { decimalSize } from "../core/byte-size";

/** What `runBuild` needs: the tar of the context, the Engine API options, and where to print the log. */
export interface RunBuildRequest {
  /**
   * The image reference being built (`name:tag`): the build names its image so (`t`), and log lines and errors say it.
   * A build without a name would be named `moby-dangling@<digest>` by the containerd image store, a name identical
   * builds ending at the same moment fight over (see TRANSIENT_BUILD_FAILURES).
   */
  readonly image: string;
  /**
   * Makes an uncompressed tar of the build context (streamed); called again when the build is sent again. Not called
   * when the session serves the context (`session.files`).
   */
  readonly context: () => NodeJS.ReadableStream;
  /** Engine API options for `/build`. */
  readonly options: EngineBuildOptions;
  /** The builder to use. @default "classic" */
  readonly builder?: BuilderKind;
  /**
   * What the build's BuildKit session serves (registry credentials, secrets, SSH agents, and with `files` the build
   * context and Dockerfile, sent then with `remote=client-session` instead of a tar); BuildKit only.
   */
  readonly session?: SessionServices;
  /** Receives each line of the build log. @default logLine (the resource's row) */
  readonly print?: (line: string) => void;
}

/** How long a build that failed with an error of the session's transport waits to see the session's connection close. */
const SESSION_CLOSE_GRACE_MS = 2000;

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
  const options: Docker.ImageBuildOptions = { ...request.options.query, t: request.image };
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
function postBuild(docker: Docker, context: NodeJS.ReadableStream | undefined, query: Record<string, unknown>) {
  return new Promise<NodeJS.ReadableStream>((resolve, reject) => {
    docker.modem.dial(
      {
        method: "POST",
        path: "/build?",
        options: query,
        // No context (the session serves it): an empty tar body, as the docker CLI sends; without a body the
        // client would send the query as JSON, which the engine answers with an empty stream.
        file: context ?? Buffer.alloc(0),
        isStream: true,
        statusCodes: { 200: true, 400: "bad parameter", 500: "server error" },
      },
      (error: unknown, stream: unknown) => (error ? reject(error) : resolve(stream as NodeJS.ReadableStream)),
    );
  });
}

/** The `remote` build parameter that makes BuildKit read the context and the Dockerfile from the build's session. */
const CLIENT_SESSION = "client-session";

/** What a build's session sent of the build context over all of BuildKit's requests for it. */
interface ContextSent {
  /** Files BuildKit asked for. */
  files: number;
  /** Their bytes. */
  bytes: number;
  /** Paths listed in the largest request (the whole context, or what its `COPY`s name). */
  listed: number;
  /** Whether BuildKit asked for the context at all. */
  asked: boolean;
}

/** The build log's line for what the session sent of the context, once the build is done. */
export function transferLine(image: string, sent: Omit<ContextSent, "asked">): string {
  const { value, unit } = decimalSize(sent.bytes);
  const amount = unit === "B" ? `${value} B` : `${value.toFixed(1)} ${unit}`;
  const files = sent.files === 1 ? "1 file" : `${sent.files.toLocaleString("en-US")} files`;
  return `[${image}] build context through the session: ${files} sent (${amount}), ${sent.listed.toLocaleString("en-US")} paths listed`;
}

/** The session's services, counting what each transfer of the build context sent into `sent`. */
function countingTransfers(services: SessionServices, sent: ContextSent): SessionServices {
  const files = services.files;
  if (files === undefined) return services;
  return {
    ...services,
    files: {
      list: (request) => files.list(request),
      get refused() {
        return files.refused;
      },
      onTransfer(report: TransferReport) {
        files.onTransfer?.(report);
        if (report.dirName !== LOCAL_NAMES.context) return;
        sent.asked = true;
        sent.files += report.filesSent;
        sent.bytes += report.bytesSent;
        sent.listed = Math.max(sent.listed, report.listed);
      },
    },
  };
}

/**
 * Failures of a BuildKit build that say nothing about the build itself, after which it is sent again (its steps are
 * cached, so little is redone):
 * - The containerd image store (engine 28) names a build's image by looking the name up and creating it when it is
 *   missing; two builds naming the same image at the same moment both find it missing, and the second fails with
 *   `image "<name>": already exists` although its image is complete. Untagged builds all get
 *   `moby-dangling@<digest>`, so identical untagged builds hit it every time under parallel updates (hence `t` on
 *   every build); two builds of one `name:tag` still can.
 * - The engine hands the uploaded context to BuildKit once; when BuildKit reads it a second time (engine 28 loads
 *   the context twice, and under load the second read is not served from the first), the build fails with
 *   `failed to read downloaded context: … context not found` before any step ran.
 * - The containerd image store unpacks the built image into layer snapshots named by chain ID, reusing those of the
 *   image the name pointed at before. Once the name moves to the new image, the old image's snapshots are held by
 *   nothing, and a garbage collection of the engine's containerd that runs between BuildKit's check that a snapshot
 *   exists and its use as the parent of the next layer removes it: `failed to prepare extraction snapshot
 *   "extract-… sha256:…": parent snapshot sha256:… does not exist: not found`. Nothing stays broken (BuildKit's cache
 *   keeps the layers' blobs): sent again, the build's steps are cached and its unpack extracts the missing layers.
 */
const TRANSIENT_BUILD_FAILURES = [
  /image "[^"]+": already exists/,
  /failed to read downloaded context: .*context not found/,
  /failed to prepare extraction snapshot "[^"]*": parent snapshot \S+ does not exist/,
];

/** How many times a build that failed for one of those reasons is sent again. */
const TRANSIENT_RETRIES = 2;

/** Whether a failed build failed for a reason of the engine's own that sending it again gets past. */
export function transientBuildFailure(error: unknown): boolean {
  return error instanceof DockerStepError && TRANSIENT_BUILD_FAILURES.some((pattern) => pattern.test(error.message));
}

/**
 * A BuildKit build, sent again after a transient engine failure, and sent with a tar when the session refused the
 * context (a name that is not UTF-8, see `sessionFiles`).
 */
async function runBuildkitBuild(docker: Docker, request: RunBuildRequest): Promise<string> {
  const print = request.print ?? ((line: string) => logLine(line));
  let current = request;
  for (let attempt = 0; ; attempt++) {
    try {
      return await runBuildkitBuildOnce(docker, current);
    } catch (error) {
      if (current.session?.files?.refused === true) {
        print(`[${request.image}] the build context holds a name that is not UTF-8: sending it as a tar`);
        current = { ...current, session: { ...current.session, files: undefined } };
        continue;
      }
      if (attempt >= TRANSIENT_RETRIES || !transientBuildFailure(error)) throw error;
      print(`[${request.image}] ${(error as Error).message.split("\n")[0]}; sending the build again`);
    }
  }
}

/**
 * A BuildKit build (`version=2`) with a session of its own, opened for this build and closed on every path; the
 * image ID comes from the `moby.image.id` event.
 */
async function runBuildkitBuildOnce(docker: Docker, request: RunBuildRequest): Promise<string> {
  const print = request.print ?? ((line: string) => logLine(line));
  const log = new BuildkitLog(request.image, print);
  const startedAt = new Date();
  const sent: ContextSent = { files: 0, bytes: 0, listed: 0, asked: false };
  const services = countingTransfers(request.session ?? NO_SESSION_SERVICES, sent);
  let session;
  try {
    session = await openBuildkitSession(docker, services);
  } catch (error) {
    const engineError = asEngineError(error, docker);
    if (engineError !== error) throw engineError;
    throw log.failure(`could not open a BuildKit session: ${(error as Error).message}`, error);
  }
  const viaSession = services.files !== undefined;
  try {
    const query: Record<string, unknown> = { ...request.options.query, t: request.image, session: session.id };
    if (viaSession) query.remote = CLIENT_SESSION;
    const body = viaSession ? undefined : request.context();
    await followOperation(docker, () => postBuild(docker, body, query), log, "build");
    if (!log.imageId) throw log.noImageId();
    if (sent.asked) print(transferLine(request.image, sent));
    return log.imageId;
  } catch (error) {
    // The engine answered with an error while the session was gone: the session was cut, not the engine (an engine
    // that died ends the stream itself, and the cut-off below names it). The engine may tell of the session's gRPC
    // transport closing ("rpc error: …") before this process has seen the connection close: it is given a moment.
    const sessionCut =
      viaSession &&
      log.daemonError !== undefined &&
      error instanceof DockerStepError &&
      (session.closed || (/rpc error/.test(error.message) && (await session.closedWithin(SESSION_CLOSE_GRACE_MS))));
    if (sessionCut) {
      throw log.failure(
        `the session serving the build context to the engine was cut during the build (${error.message.split("\n")[0]}); run the update again`,
        error,
      );
    }
    if (log.daemonError !== undefined) {
      throw error instanceof DockerStepError ? explainBuildkitFailure(error, request.image) : error;
    }
    throw await buildCutOff(docker, { image: request.image, startedAt, containers: undefined, error });
  } finally {
    await session.close();
  }
}
