import { ImageIndexError } from "../core/errors";
import { formatPlatform, samePlatform, type Platform } from "../core/platform";
import type { IndexEntry, ManifestApi, RepositoryLocation } from "../registry-api";
import type { RegistryAuth } from "../registry-credentials";

/** The manifest media types of single-platform images, the only ones an index entry may name here. */
export const IMAGE_MANIFEST_MEDIA_TYPES: readonly string[] = [
  "application/vnd.docker.distribution.manifest.v2+json",
  "application/vnd.oci.image.manifest.v1+json",
];

/** A single-platform image in a repository, by manifest digest; `label` names it in errors (`sources[0]`, a tag). */
export interface PlatformManifestSource extends RepositoryLocation {
  /** The manifest digest, `sha256:…`. */
  readonly digest: string;
  /** How errors name this image. */
  readonly label: string;
}

/** The platform an image config declares (`os`, `architecture`, `variant`). */
export function configPlatform(config: unknown): Platform | undefined {
  const { os, architecture, variant } = (config ?? {}) as Record<string, unknown>;
  if (typeof os !== "string" || typeof architecture !== "string" || os === "" || architecture === "") return undefined;
  return typeof variant === "string" && variant !== "" ? { os, architecture, variant } : { os, architecture };
}

/**
 * Reads a single-platform image's manifest and config and returns its index entry, its platform taken from the
 * config. With `expected`, a config that declares another platform is an ImageIndexError.
 */
export async function readPlatformEntry(
  api: ManifestApi,
  source: PlatformManifestSource,
  auth: RegistryAuth | undefined,
  expected?: Platform,
): Promise<IndexEntry> {
  const where = `${source.registry}/${source.repository}@${source.digest}`;
  const manifest = await api.getManifest({ ...source, reference: source.digest }, auth);
  if (manifest === undefined) throw new ImageIndexError(`${source.label}: ${where} is not in the registry`);
  if (!IMAGE_MANIFEST_MEDIA_TYPES.includes(manifest.mediaType)) {
    throw new ImageIndexError(
      `${source.label}: ${where} is a ${manifest.mediaType}, not a single-platform image manifest`,
      { image: where },
    );
  }
  const body = JSON.parse(manifest.bytes.toString("utf8")) as { config?: { digest?: unknown } };
  const configDigest = body.config?.digest;
  if (typeof configDigest !== "string") throw new ImageIndexError(`${source.label}: ${where} names no config`);
  const config = await api.getJsonBlob({ ...source, digest: configDigest }, auth);
  const platform = configPlatform(config);
  if (platform === undefined) {
    throw new ImageIndexError(`${source.label}: the config of ${where} declares no os/architecture`, { image: where });
  }
  if (expected !== undefined && !samePlatform(platform, expected)) {
    throw new ImageIndexError(
      `${source.label}: ${where} is a ${formatPlatform(platform)} image, not ${formatPlatform(expected)}; ` +
        `build it for ${formatPlatform(expected)} or fix the platform`,
      { image: where },
    );
  }
  return { digest: manifest.digest, size: manifest.size, mediaType: manifest.mediaType, platform };
}

/** Two entries of the same platform: an ImageIndexError naming both; `labels[i]` names `entries[i]`. */
export function requireDistinctPlatforms(entries: readonly IndexEntry[], labels: readonly string[]): void {
  entries.forEach((entry, i) => {
    const j = entries.findIndex((other) => samePlatform(other.platform, entry.platform));
    if (j < i) {
      throw new ImageIndexError(
        `${labels[j]} and ${labels[i]} are both ${formatPlatform(entry.platform)} images; an index holds one image ` +
          `per platform`,
      );
    }
  });
}
