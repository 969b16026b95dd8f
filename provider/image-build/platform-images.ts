import { parsePlatform, platformTag, type Platform } from "../core/platform";
import type { ImageRelease } from "../engine/image-gc";
import type { PlatformImage } from "./inputs";

/** `platforms` parsed; only called on inputs that passed `validatePlatforms`. */
export function parsePlatforms(platforms: readonly string[]): Platform[] {
  return platforms.map((text) => {
    const platform = parsePlatform(text);
    if (platform === undefined) throw new Error(`platform "${text}" is not os/arch[/variant]`);
    return platform;
  });
}

/**
 * Which platform's image gets `tag` and `additionalTags`: the first with the engine's own OS and architecture (the
 * image `docker run` picks there), else the first one.
 */
export function primaryPlatformIndex(platforms: readonly Platform[], engine: { os: string; arch: string }): number {
  const index = platforms.findIndex(
    (p) => p.os === engine.os.toLowerCase() && p.architecture === engine.arch.toLowerCase(),
  );
  return Math.max(index, 0);
}

/** The same platform images under the platform tags of another `tag` (an update that only re-tags). */
export function retagPlatformImages(images: readonly PlatformImage[], tag: string): PlatformImage[] {
  return images.map((image) => ({ ...image, tag: platformTag(tag, parsePlatforms([image.platform])[0]!) }));
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
