import type Docker from "dockerode";
import { followOperation } from "../engine/progress";
import { withTag } from "../image-ref";
import { registryAuthHeader, type RegistryAuth } from "../registry";
import { PushLog } from "./push-log";

/** The outcome of pushing one tag. */
export interface PushedTag {
  /** `imageName:tag`. */
  readonly reference: string;
  /** Manifest digest reported by the push. */
  readonly digest: string | undefined;
  /** True when at least one layer was uploaded. */
  readonly uploaded: boolean;
}

/** Pushes `imageName:tag`, reading every event; an error event fails at once. Always sends X-Registry-Auth. */
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
  const reference = withTag(request.imageName, request.tag);
  const log = new PushLog(reference, request.registry, request.print ?? ((line) => console.log(line)));
  const options = { tag: request.tag, authconfig: { base64: registryAuthHeader(request.auth) } };
  await followOperation(
    docker,
    () => docker.getImage(request.imageName).push(options as Docker.ImagePushOptions) as Promise<NodeJS.ReadableStream>,
    log,
    "push",
  );
  return { reference, digest: log.digest, uploaded: log.uploaded };
}
