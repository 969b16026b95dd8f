import type Docker from "dockerode";
import { withTag } from "../core/image-reference";
import type { ImageCollector, ImageRelease } from "../engine/image-gc";
import { applyTags, imageTags, localImageId, removeTags } from "../engine/tags";

/** The engine before a multi-platform build: what each platform tag pointed at, and every image there. */
export interface EngineBefore {
  /** Platform tag → the image ID it pointed at (tags that did not exist are absent). */
  readonly tagged: ReadonlyMap<string, string>;
  /** Every image ID on the engine. */
  readonly images: ReadonlySet<string>;
}

/** A platform build that ended well: the tag it put on its image (the build's `t`), and the image. */
export interface BuiltPlatform {
  /** The platform tag. */
  readonly tag: string;
  /** The image the build made (or found: a cache hit may give back an image that was there). */
  readonly imageId: string;
}

/** What undoing a failed multi-platform build does, for each platform whose build ended well. */
export type UndoStep =
  /** The tag pointed at another image before: point it back, and release the built image when it is new. */
  | {
      readonly kind: "restore";
      readonly tag: string;
      readonly imageId: string;
      readonly previous: string;
      readonly release: boolean;
    }
  /** The tag is new, on an image that was there before: remove only the tag (never that image). */
  | { readonly kind: "untag"; readonly tag: string; readonly imageId: string }
  /** The tag and the image are new: release both. */
  | { readonly kind: "release"; readonly tag: string; readonly imageId: string };

/** Reads what a multi-platform build may change on the engine: the platform tags' images, and every image ID. */
export async function engineBefore(docker: Docker, imageName: string, tags: readonly string[]): Promise<EngineBefore> {
  const images = new Set((await docker.listImages({ all: true })).map((image) => image.Id));
  const tagged = new Map<string, string>();
  for (const tag of tags) {
    const id = await localImageId(docker, withTag(imageName, tag));
    if (id !== undefined) tagged.set(tag, id);
  }
  return { tagged, images };
}

/**
 * The steps that leave the engine as it was before a failed multi-platform build, as far as its builds that ended well
 * changed it: a tag that already pointed at the built image is left alone.
 */
export function undoSteps(before: EngineBefore, built: readonly BuiltPlatform[]): UndoStep[] {
  return built.flatMap(({ tag, imageId }): UndoStep[] => {
    const previous = before.tagged.get(tag);
    const existed = before.images.has(imageId);
    if (previous === imageId) return [];
    if (previous !== undefined) return [{ kind: "restore", tag, imageId, previous, release: !existed }];
    return [{ kind: existed ? "untag" : "release", tag, imageId }];
  });
}

/**
 * Undoes what the builds that ended well of a failed multi-platform build did: each moved tag is pointed back at its
 * image, each new tag removed, and each new image released through `collector` (so it goes once untagged and no
 * build holds a lease on the engine). An image that was there before keeps its last tag. Returns the warnings.
 */
export async function undoPlatformBuilds(
  docker: Docker,
  collector: ImageCollector,
  imageName: string,
  steps: readonly UndoStep[],
): Promise<string[]> {
  const warnings: string[] = [];
  const releases: ImageRelease[] = [];
  for (const step of steps) {
    if (step.kind === "restore") {
      const restored = await applyTags(docker, step.previous, imageName, [step.tag]).then(
        () => true,
        (error: Error) => {
          warnings.push(`could not point "${withTag(imageName, step.tag)}" back at ${step.previous}: ${error.message}`);
          return false;
        },
      );
      if (restored && step.release) releases.push({ imageId: step.imageId, imageName, tags: [] });
      if (!restored && step.release) releases.push({ imageId: step.imageId, imageName, tags: [step.tag] });
      if (!restored && !step.release) warnings.push(...(await untagOlderImage(docker, imageName, step)));
    } else if (step.kind === "untag") {
      warnings.push(...(await untagOlderImage(docker, imageName, step)));
    } else {
      releases.push({ imageId: step.imageId, imageName, tags: [step.tag] });
    }
  }
  warnings.push(...(await collector.release(releases)));
  return warnings;
}

/** Removes a tag from an image that was on the engine before the build, unless it is its last (that removes it). */
async function untagOlderImage(docker: Docker, imageName: string, step: BuiltPlatform): Promise<string[]> {
  const tags = (await imageTags(docker, step.imageId)) ?? [];
  if (tags.length > 1) return removeTags(docker, step.imageId, imageName, [step.tag]);
  return [
    `kept "${withTag(imageName, step.tag)}": it is the only tag of ${step.imageId}, which was there before the build`,
  ];
}
