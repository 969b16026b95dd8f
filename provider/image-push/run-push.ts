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

/**
 * Pushes `imageName:tag`, reading every event; an error event fails at once. Always sends X-Registry-Auth. While the
 * engine retries an upload, a local engine's registry is probed, and a registry found unreachable stops the push.
 * Engines that do not retry (the containerd image store fails at the first broken request) report a registry that
 * went down with a transport message ("connection reset by peer"); a failed push from a local engine therefore probes
 * the registry once, and names it unreachable when it is.
 */
export async function pushTag(
  docker: Docker,
  request: {
    readonly imageName: string;
    readonly tag: string;
    readonly registry: string;
    readonly auth: RegistryAuth | undefined;
    readonly print?: (line: string) => void;
  },
): Promise<PushedTag> {
  const image = ImageReference.of(request.imageName, request.tag);
  const reference = String(image);
  const print = request.print ?? ((line: string) => logLine(line));
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
