import { ImageReference } from "../core/image-reference";
import { formatPlatform } from "../core/platform";
import { pushTarget } from "../image-push/push-image";
import { defaultPushDependencies } from "../image-push/push-image";
import { imageIndex, type IndexEntry } from "../registry-api";
import { parseSource } from "./check-index";
import { copyManifest } from "./copy-manifest";
import type { DockerIndexInputs, DockerIndexOutputs } from "./inputs";
import { readPlatformEntry, requireDistinctPlatforms } from "./platform-manifest";
import { writeIndexTags, type IndexDependencies } from "./write-index";

/**
 * Writes the index of a DockerIndex: each source is read (manifest and config, for its platform), a source from
 * another repository is first copied into `imageName`'s by blob mounts and a put by digest, two sources of one
 * platform fail, then the OCI index is written under `tag` and every additional tag (skipped where already there).
 */
export async function writeImageIndex(
  inputs: DockerIndexInputs,
  dependencies: IndexDependencies = defaultPushDependencies(),
): Promise<DockerIndexOutputs> {
  const target = await pushTarget(inputs);
  const to = { registry: target.registry, repository: target.repository };
  const entries: IndexEntry[] = [];
  const labels = inputs.sources.map((source, i) => `sources[${i}] (${source})`);
  for (const [i, source] of inputs.sources.entries()) {
    const { name, digest } = parseSource(source) as { name: string; digest: string };
    const from = ImageReference.of(name);
    if (from.repository !== target.repository) {
      const fromLocation = { registry: from.registry, repository: from.repository };
      await copyManifest(dependencies.registryApi, fromLocation, to, digest, target.auth, labels[i]!);
      dependencies.print(`[${source}] available in ${inputs.imageName} by digest (blobs mounted)`);
    }
    entries.push(await readPlatformEntry(dependencies.registryApi, { ...to, digest, label: labels[i]! }, target.auth));
  }
  requireDistinctPlatforms(entries, labels);
  const index = imageIndex(entries);
  const tag = inputs.tag ?? "latest";
  const additionalTags = [...(inputs.additionalTags ?? [])];
  const references = await writeIndexTags(inputs.imageName, [tag, ...additionalTags], index, target, dependencies);
  const reference = ImageReference.of(inputs.imageName, tag);
  return {
    ...inputs,
    tag,
    additionalTags,
    image: String(reference),
    digest: index.digest,
    repoDigest: String(reference.withDigest(index.digest)),
    platforms: entries.map((entry) => formatPlatform(entry.platform)),
    references,
    missingTags: [],
  };
}
