import { ImageReference } from "../core/image-reference";
import type { ImageIndex, ManifestApi, RegistryApi } from "../registry-api";
import type { RegistryAuth } from "../registry-credentials";

/** Where an index goes: the repository and its credentials. */
export interface IndexTarget {
  /** Registry host[:port]. */
  readonly registry: string;
  /** Repository path inside the registry. */
  readonly repository: string;
  /** Resolved credentials, or `undefined` for anonymous. */
  readonly auth: RegistryAuth | undefined;
}

/** The registry API an index needs, and the log, injected so tests can give fakes. */
export interface IndexDependencies {
  /** The registry HTTP API: digests and deletes, manifests, configs and mounts. */
  readonly registryApi: RegistryApi & ManifestApi;
  /** Where log lines go (the Pulumi log in the provider process). */
  readonly print: (line: string) => void;
}

/**
 * Writes `index` under each tag of `imageName`, skipping a tag the registry already serves at the index's digest (the
 * log says so). Returns every `imageName:tag` now at the index.
 */
export async function writeIndexTags(
  imageName: string,
  tags: readonly string[],
  index: ImageIndex,
  target: IndexTarget,
  { registryApi, print }: IndexDependencies,
): Promise<string[]> {
  const references: string[] = [];
  for (const tag of tags) {
    const reference = String(ImageReference.of(imageName, tag));
    const location = { registry: target.registry, repository: target.repository, reference: tag };
    const remote = await registryApi.headManifest(location, target.auth);
    if (remote?.digest === index.digest) {
      print(`[${reference}] already in ${target.registry} at ${index.digest}; index not written again`);
    } else {
      await registryApi.putManifest(location, index, target.auth);
      print(`[${reference}] index written: ${index.digest}`);
    }
    references.push(reference);
  }
  return references;
}
