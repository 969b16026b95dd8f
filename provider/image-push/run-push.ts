import type Docker from "dockerode";
import { followOperation } from "../engine/progress";
import { engineIsLocal } from "../engine/engine-address";
import { ImageReference } from "../core/image-reference";
import { registryAuthHeader, type RegistryAuth } from "../registry-credentials";
import { PushError } from "../core/errors";
import { probeRegistry } from "../registry-api/registry-probe";
import { PushLog } from "./push-log";
import { registryWatch } from "./registry-watch";
import { logLine } from "../core/resource-log";

/** The outcome of pushing one tag. */
export interface PushedTag {
  /** `imageName:tag`. */
  readonly reference: string;
  /** Manifest digest reported by the push. */
  readonly digest: string | undefined;
}

/** What `pushTag` needs: the tag to push, where, with which credentials, and where to print the log. */
export interface PushTagRequest {
  /** The repository, e.g. `localhost:5000/app`. */
  readonly imageName: string;
  /** The tag to push. */
  readonly tag: string;
  /** The registry host of `imageName`. */
  readonly registry: string;
  /** Credentials sent as X-Registry-Auth. */
  readonly auth: RegistryAuth | undefined;
  /** Where log lines go; the resource's log by default. */
  readonly print?: (line: string) => void;
}

/** How many times a push the registry failed with a server error is sent in all. */
export const PUSH_ATTEMPTS = 3;
/** The pause before sending a push again, in milliseconds. */
const RETRY_PAUSE_MS = 1000;

/**
 * The registry's server error in an engine's push error, else undefined: engine 20.10 gives the status
 * (`received unexpected HTTP status: 500 Internal Server Error`), the containerd image store the status or the error
 * body, whose `UNKNOWN` code is the registry's 500 (`error from registry: unknown error - …`). docker-registry answers
 * 500 when two pushes of the same blob into one repository race; a push is content-addressed, so sending it again is
 * safe.
 */
export function registryServerError(engineError: string): string | undefined {
  const status = /\b5\d\d (?:Internal Server Error|Bad Gateway|Service Unavailable|Gateway Timeout)\b/.exec(
    engineError,
  );
  if (status !== null) return status[0];
  return /\berror from registry: unknown error\b/.exec(engineError)?.[0];
}

/**
 * Pushes `imageName:tag` (see `pushOnce`); a push the registry failed with a server error (5xx) is sent again after a
 * pause, at most `PUSH_ATTEMPTS` times in all, saying so in the log; the last failure is the error.
 */
export async function pushTag(docker: Docker, request: PushTagRequest): Promise<PushedTag> {
  const print = request.print ?? ((line: string) => logLine(line));
  const reference = String(ImageReference.of(request.imageName, request.tag));
  for (let attempt = 1; ; attempt++) {
    try {
      return await pushOnce(docker, { ...request, print });
    } catch (error) {
      const status = error instanceof PushError ? registryServerError(error.message) : undefined;
      if (status === undefined) throw error;
      if (attempt >= PUSH_ATTEMPTS) {
        print(`[${reference}] the registry failed each of ${attempt} attempts (${status}); giving up`);
        throw error;
      }
      print(
        `[${reference}] the registry failed the push (${status}); pushing again (attempt ${attempt + 1} of ${PUSH_ATTEMPTS})`,
      );
      await new Promise((resolve) => setTimeout(resolve, RETRY_PAUSE_MS));
    }
  }
}

/**
 * Pushes `imageName:tag` once, reading every event; an error event fails at once. Always sends X-Registry-Auth. While
 * the engine retries an upload, a local engine's registry is probed, and a registry found unreachable stops the push.
 * Engines that do not retry (the containerd image store fails at the first broken request) report a registry that
 * went down with a transport message ("connection reset by peer"); a failed push from a local engine therefore probes
 * the registry once, and names it unreachable when it is.
 */
async function pushOnce(
  docker: Docker,
  request: PushTagRequest & { readonly print: (line: string) => void },
): Promise<PushedTag> {
  const image = ImageReference.of(request.imageName, request.tag);
  const reference = String(image);
  const { print } = request;
  const repository = image.repository;
  const watch = engineIsLocal(docker)
    ? registryWatch(request.registry, repository, (down) =>
        log.stop(log.failure(`${down.message} The engine was retrying; the push was stopped.`, down)),
      )
    : undefined;
  const log = new PushLog(reference, request.registry, print, watch);
  const options = { tag: request.tag, authconfig: { base64: registryAuthHeader(request.auth) } };
  try {
    await followOperation(
      docker,
      () =>
        docker.getImage(request.imageName).push(options as Docker.ImagePushOptions) as Promise<NodeJS.ReadableStream>,
      log,
      "push",
    );
  } catch (error) {
    if (!(error instanceof PushError) || log.engineError === undefined || !engineIsLocal(docker)) throw error;
    const down = await probeRegistry(request.registry, repository);
    if (down === undefined) throw error;
    throw log.failure(`${down.message} The engine reported: ${log.engineError}`, down);
  }
  log.finish();
  return { reference, digest: log.digest };
}
