import type Docker from "dockerode";
import type { DockerPushInputs } from "./inputs";
import { pushTag } from "./run-push";
import { InputError, PushError, RegistryAuthError, RegistryTlsError } from "../core/errors";
import { ImageReference } from "../core/image-reference";
import { asEngineError } from "../engine/connection";
import { engineIsLocal } from "../engine/engine-address";
import { RegistryClient, type RegistryApi } from "../registry-api";
import { probeRegistry } from "../registry-api/registry-probe";
import { explicitAuth, resolveRegistryAuth, withTrust, type RegistryAuth } from "../registry-credentials";
import { logLine } from "../core/resource-log";

/** The registry side of a push: where to, and with which credentials. */
export interface PushTarget {
  /** Registry host[:port]. */
  readonly registry: string;
  /** Repository path inside the registry. */
  readonly repository: string;
  /** Resolved credentials, or `undefined` for anonymous. */
  readonly auth: RegistryAuth | undefined;
}

/** Where push code talks to: the registry API client and the log sink, injected so tests can give fakes. */
export interface PushDependencies {
  /** The registry HTTP API. @default a RegistryClient */
  readonly registryApi: RegistryApi;
  /** Where log lines go (the Pulumi log in the provider process). @default logLine (the resource's row) */
  readonly print: (line: string) => void;
}

/** The real registry client (pushes, manifests, indexes) and the Pulumi log. */
export function defaultPushDependencies(): PushDependencies & { readonly registryApi: RegistryClient } {
  return { registryApi: new RegistryClient(), print: (line) => logLine(line) };
}

/**
 * Resolves the registry and the credentials: the `credentials` input's username and password, else the docker CLI's
 * chain; with the input's `caCert` and `insecure` as the registry's trust.
 */
export async function pushTarget(inputs: Pick<DockerPushInputs, "imageName" | "credentials">): Promise<PushTarget> {
  const { registry, repository } = ImageReference.of(inputs.imageName);
  const { username, password, caCert, insecure } = inputs.credentials ?? {};
  const found =
    username && password ? explicitAuth({ username, password }, registry) : await resolveRegistryAuth(registry);
  return { registry, repository, auth: withTrust(found, registry, { caCert, insecure }) };
}

async function localTagsOf(docker: Docker, imageName: string): Promise<string[]> {
  const images = await docker.listImages({ filters: { reference: [imageName] } }).catch(() => []);
  return images.flatMap((image) => image.RepoTags ?? []).filter((t) => t.startsWith(`${imageName}:`));
}

/** The local image behind `reference`; an InputError listing the local tags when there is none. */
export async function requireLocalImage(docker: Docker, reference: ImageReference): Promise<Docker.ImageInspectInfo> {
  try {
    return await docker.getImage(String(reference)).inspect();
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode !== 404) throw asEngineError(error, docker);
  }
  const { name } = reference;
  const local = await localTagsOf(docker, name);
  const known = local.length > 0 ? `local tags of ${name}: ${local.join(", ")}` : `no local tags of ${name}`;
  throw new InputError(
    "tag",
    `"${reference}" does not exist on the Docker engine (${known}); build it first or fix the tag`,
    {
      image: String(reference),
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

/** Every tag is on the engine, and is the image `imageId` names; before anything is pushed. */
async function localImagesOf(docker: Docker, inputs: DockerPushInputs, tags: readonly string[]) {
  const locals = new Map<string, Docker.ImageInspectInfo>();
  for (const tag of tags) {
    const reference = ImageReference.of(inputs.imageName, tag);
    const local = await requireLocalImage(docker, reference);
    if (inputs.imageId && local.Id !== inputs.imageId) {
      throw new PushError(
        `"${reference}" points at ${local.Id} on the Docker engine, not at imageId ${inputs.imageId}; rebuild or fix imageId`,
        { image: String(reference) },
      );
    }
    locals.set(tag, local);
  }
  return locals;
}

/** Pushes one tag unless the registry already holds it at a digest this engine pushed for the image; its digest. */
export async function pushOneTag(
  docker: Docker,
  reference: ImageReference,
  local: Docker.ImageInspectInfo,
  target: PushTarget,
  { registryApi, print }: PushDependencies,
): Promise<string> {
  const tag = reference.tag!;
  const location = { registry: target.registry, repository: target.repository, reference: tag };
  const remote = await registryApi.headManifest(location, target.auth).catch((error) => {
    if (error instanceof RegistryAuthError || error instanceof RegistryTlsError) throw error;
    print(
      `[${reference}] could not ask ${target.registry} for the current digest (${(error as Error).message}); pushing`,
    );
    return undefined;
  });
  if (remote && reference.digestsIn(local.RepoDigests ?? []).includes(remote.digest)) {
    print(`[${reference}] already in ${target.registry} at ${remote.digest}; upload skipped`);
    return remote.digest;
  }
  const pushed = await pushTag(docker, {
    imageName: reference.name,
    tag,
    registry: target.registry,
    auth: target.auth,
    print,
  });
  const digest = pushed.digest ?? (await registryApi.headManifest(location, target.auth))?.digest;
  if (!digest)
    throw new PushError(`Push of "${reference}" to ${target.registry} reported no digest`, {
      image: String(reference),
    });
  return digest;
}

/**
 * Pushes `tag` and every additional tag. Every tag is checked on the engine, and the registry for an answer, before
 * anything is pushed, so a bad tag or a registry that is down leaves the registry untouched. A tag the registry
 * already holds at the digest this engine last pushed for the same image is skipped (and the log says so); every
 * other tag is pushed, failing at the first error event.
 */
export async function pushImage(
  docker: Docker,
  inputs: DockerPushInputs,
  target: PushTarget,
  dependencies: PushDependencies = defaultPushDependencies(),
): Promise<PushResult> {
  const primaryTag = inputs.tag ?? "latest";
  const tags = [primaryTag, ...(inputs.additionalTags ?? [])];
  const locals = await localImagesOf(docker, inputs, tags);
  await requireReachableRegistry(docker, target);
  const digests: string[] = [];
  for (const tag of tags) {
    digests.push(
      await pushOneTag(docker, ImageReference.of(inputs.imageName, tag), locals.get(tag)!, target, dependencies),
    );
  }
  return {
    digest: digests[0]!,
    imageId: locals.get(primaryTag)!.Id,
    references: tags.map((tag) => String(ImageReference.of(inputs.imageName, tag))),
  };
}
