import { checkedPlatform, normalizePlatform, platformTag, type Platform } from "../core/platform";
import type { ImageRelease } from "../engine/image-gc";
import type { PlatformImage } from "./inputs";

/** `platforms` as Docker reads them, normalised; only called on inputs that passed `validatePlatforms`. */
export function parsePlatforms(platforms: readonly string[]): Platform[] {
  return platforms.map(checkedPlatform);
}

/**
 * Which platform's image gets `tag` and `additionalTags`: the first with the engine's own OS and architecture (the
 * image `docker run` picks there), else the first one.
 */
export function primaryPlatformIndex(platforms: readonly Platform[], engine: { os: string; arch: string }): number {
  const own = normalizePlatform({ os: engine.os, architecture: engine.arch });
  const index = platforms.findIndex((p) => p.os === own.os && p.architecture === own.architecture);
  return Math.max(index, 0);
}

/**
 * The same platform images under the platform tags of another `tag` (an update that only re-tags): each keeps the
 * part its build gave it after the old tag (`-linux-arm64`), so a state from a version that named tags otherwise
 * (`dev-linux-arm` for `linux/arm`, now `-linux-arm-v7`) keeps naming the tags its images have.
 */
export function retagPlatformImages(images: readonly PlatformImage[], oldTag: string, tag: string): PlatformImage[] {
  return images.map((image) => ({
    ...image,
    tag: image.tag.startsWith(`${oldTag}-`)
      ? `${tag}${image.tag.slice(oldTag.length)}`
      : platformTag(tag, checkedPlatform(image.platform)),
  }));
}

/**
 * What to release of the old platform images after an update: each image with its tag unless the new state still
 * wants that tag; an image whose tag moved to a new image is still released (without tags), so it goes once untagged.
 */
export function platformReleases(
  imageName: string,
  olds: readonly PlatformImage[] | undefined,
  wanted: readonly PlatformImage[] | undefined = [],
): ImageRelease[] {
  const kept = new Set(wanted.map((image) => image.tag));
  return (olds ?? []).map((image) => ({
    imageId: image.imageId,
    imageName,
    tags: kept.has(image.tag) ? [] : [image.tag],
  }));
}
