import type Docker from "dockerode";
import { asEngineError } from "../engine/connection";
import { engineIsLocal } from "../engine/engine-address";
import { InputError, PushError, RegistryAuthError } from "../core/errors";
import { parseRepository, withTag } from "../core/image-reference";
import { RegistryClient } from "../registry-api";
import { explicitAuth, resolveRegistryAuth, type RegistryAuth } from "../registry-credentials";
import { probeRegistry } from "../registry-api/registry-probe";
import { pushTag } from "./run-push";
import type { DockerPushInputs } from "./inputs";

/** The registry side of a push: where to, and with which credentials. */
export interface PushTarget {
  /** Registry host[:port]. */
  readonly registry: string;
  /** Repository path inside the registry. */
  readonly repository: string;
  /** Resolved credentials, or `undefined` for anonymous. */
  readonly auth: RegistryAuth | undefined;
}

/** Resolves the registry and the credentials: the `credentials` input, else the docker CLI's chain. */
export async function pushTarget(inputs: DockerPushInputs): Promise<PushTarget> {
  const { registry, path } = parseRepository(inputs.imageName);
  const credentials = inputs.credentials;
  const auth = credentials
    ? explicitAuth({ username: credentials.username, password: credentials.password }, registry)
    : await resolveRegistryAuth(registry);
  return { registry, repository: path, auth };
}

async function localTagsOf(docker: Docker, imageName: string): Promise<string[]> {
  const images = await docker.listImages({ filters: { reference: [imageName] } }).catch(() => []);
  return images.flatMap((image) => image.RepoTags ?? []).filter((t) => t.startsWith(`${imageName}:`));
}

/** The local image behind `imageName:tag`; an InputError listing the local tags when there is none. */
export async function requireLocalImage(
  docker: Docker,
  imageName: string,
  tag: string,
): Promise<Docker.ImageInspectInfo> {
  const reference = withTag(imageName, tag);
  try {
    return await docker.getImage(reference).inspect();
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode !== 404) throw asEngineError(error, docker);
  }
  const local = await localTagsOf(docker, imageName);
  const known = local.length > 0 ? `local tags of ${imageName}: ${local.join(", ")}` : `no local tags of ${imageName}`;
  throw new InputError(
    "tag",
    `"${reference}" does not exist on the Docker engine (${known}); build it first or fix the tag`,
    {
      image: reference,
    },
  );
}

/**
 * Fails fast, before the engine starts a push it would retry for about a minute, when a local engine's registry cannot
 * be reached. A remote engine may see other registries than this machine, so it is left to try.
 */
export async function requireReachableRegistry(docker: Docker, target: PushTarget): Promise<void> {
  if (!engineIsLocal(docker)) return;
  const down = await probeRegistry(target.registry, target.repository);
  if (down !== undefined) throw down;
}

/** The outcome of pushing every tag. */
export interface PushResult {
  /** Manifest digest of the primary tag. */
  readonly digest: string;
  /** Every reference now in the registry at its digest. */
  readonly references: string[];
  /** The local image ID pushed. */
  readonly imageId: string;
}

/**
 * Pushes `tag` and every additional tag. Every tag is checked on the engine, and the registry for an answer, before
 * anything is pushed, so a bad tag or a registry that is down leaves the registry untouched. A tag the registry already holds at the digest this engine last pushed for the same
 * image is skipped (and the log says so); every other tag is pushed, failing at the first error event.
 */
export async function pushImage(docker: Docker, inputs: DockerPushInputs, target: PushTarget): Promise<PushResult> {
  const tags = [inputs.tag ?? "latest", ...(inputs.additionalTags ?? [])];
  const client = new RegistryClient();
  const references: string[] = [];
  let primary: { digest: string; imageId: string } | undefined;
  const locals = new Map<string, Docker.ImageInspectInfo>();
  for (const tag of tags) {
    const local = await requireLocalImage(docker, inputs.imageName, tag);
    if (inputs.imageId && local.Id !== inputs.imageId) {
      throw new PushError(
        `"${withTag(inputs.imageName, tag)}" points at ${local.Id} on the Docker engine, not at imageId ${inputs.imageId}; rebuild or fix imageId`,
        { image: withTag(inputs.imageName, tag) },
      );
    }
    locals.set(tag, local);
  }
  await requireReachableRegistry(docker, target);
  for (const tag of tags) {
    const reference = withTag(inputs.imageName, tag);
    const local = locals.get(tag)!;
    const location = { registry: target.registry, repository: target.repository, reference: tag };
    const remote = await client.headManifest(location, target.auth).catch((error) => {
      if (error instanceof RegistryAuthError) throw error;
      console.log(
        `[${reference}] could not ask ${target.registry} for the current digest (${(error as Error).message}); pushing`,
      );
      return undefined;
    });
    const knownDigests = (local.RepoDigests ?? [])
      .filter((d) => d.startsWith(`${inputs.imageName}@`))
      .map((d) => d.slice(inputs.imageName.length + 1));
    let digest: string | undefined;
    if (remote && knownDigests.includes(remote.digest)) {
      console.log(`[${reference}] already in ${target.registry} at ${remote.digest}; upload skipped`);
      digest = remote.digest;
    } else {
      const pushed = await pushTag(docker, {
        imageName: inputs.imageName,
        tag,
        registry: target.registry,
        auth: target.auth,
      });
      digest = pushed.digest ?? (await client.headManifest(location, target.auth))?.digest;
    }
    if (!digest)
      throw new PushError(`Push of "${reference}" to ${target.registry} reported no digest`, { image: reference });
    primary ??= { digest, imageId: local.Id };
    references.push(reference);
  }
  if (!primary) throw new PushError(`Nothing to push for ${inputs.imageName}`, { image: inputs.imageName });
  return { digest: primary.digest, imageId: primary.imageId, references };
}
