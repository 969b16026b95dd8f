import type Docker from "dockerode";
import { InputError } from "../core/errors";
import { withTag } from "../core/image-reference";
import { asEngineError } from "../engine/connection";
import { applyTags, imageTags, localImageId } from "../engine/tags";
import { isImageId } from "./check-source";
import { IMAGE_LABELS } from "../core/version";
import { describeEngine } from "../engine/engine-address";
import { ImageCollector } from "../engine/image-gc";

/** The image ID `source` names on the engine (a full ID the engine lacks is itself), or `undefined` when unknown. */
export async function sourceImageId(docker: Docker, source: string): Promise<string | undefined> {
  const local = await localImageId(docker, source).catch(() => undefined);
  return local ?? (isImageId(source) && source.startsWith("sha256:") ? source : undefined);
}

async function requireSourceImage(docker: Docker, source: string): Promise<string> {
  try {
    return (await docker.getImage(source).inspect()).Id;
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode !== 404) throw asEngineError(error, docker);
  }
  throw new InputError(
    "source",
    `source "${source}" is not an image on the Docker engine: build it first (source: build.imageId) or fix source`,
  );
}

/** The source image tagged for a push. */
export interface TaggedSource {
  /** The ID of the source image. */
  readonly imageId: string;
  /** The `imageName:tag` references this push owns on the engine: those it added now, and `owned` ones kept. */
  readonly engineTags: string[];
  /** The references added by this call (to remove again if the push fails). */
  readonly added: string[];
}

/**
 * Points `imageName:tag` at the source image for every tag. A tag that already pointed at it is not this push's,
 * unless it is in `owned` (the push's earlier `engineTags`), so delete never removes a tag someone else made.
 */
export async function tagSource(
  docker: Docker,
  source: string,
  imageName: string,
  tags: readonly string[],
  owned: readonly string[] = [],
): Promise<TaggedSource> {
  const imageId = await requireSourceImage(docker, source);
  const engineTags: string[] = [];
  const added: string[] = [];
  for (const tag of tags) {
    const reference = withTag(imageName, tag);
    if ((await localImageId(docker, reference)) !== imageId) {
      await applyTags(docker, imageId, imageName, [tag]);
      added.push(reference);
      engineTags.push(reference);
    } else if (owned.includes(reference)) {
      engineTags.push(reference);
    }
  }
  return { imageId, engineTags, added };
}

/**
 * Removes the engine tags a push added, where they still point at `imageId` (a tag moved since is someone else's).
 * A tag that is the image's last one stays, since removing it would delete the image. Returns what it did, as lines.
 */
export async function untagSource(docker: Docker, imageId: string, references: readonly string[]): Promise<string[]> {
  const lines: string[] = [];
  for (const reference of references) {
    if ((await localImageId(docker, reference).catch(() => undefined)) !== imageId) continue;
    const tags = (await imageTags(docker, imageId)) ?? [];
    if (tags.length <= 1) {
      lines.push(
        `[${reference}] kept on the engine: it is the last tag of ${imageId}, and removing it would delete the image`,
      );
      continue;
    }
    try {
      await docker.getImage(reference).remove({ force: false, noprune: true });
      lines.push(`[${reference}] removed from the engine (the tag this push added)`);
    } catch (error) {
      lines.push(`warning: [${reference}] could not be removed from the engine: ${(error as Error).message.trim()}`);
    }
  }
  return lines;
}

/**
 * Lets go of the image an earlier push of `source` tagged, once this push's tags have moved off it: an image this
 * library built (it has the library's label) that nothing tags any more is removed, through the engine's image
 * collector, as DockerBuild would have done had the push's tags not held it. Any other image is left alone.
 */
export async function releaseOldSource(docker: Docker, imageId: string): Promise<string[]> {
  const labels = await docker
    .getImage(imageId)
    .inspect()
    .then((image) => image.Config?.Labels ?? {})
    .catch(() => ({}) as Record<string, string>);
  if (!Object.keys(IMAGE_LABELS).some((label) => label in labels)) return [];
  return new ImageCollector(docker, describeEngine(docker)).release([{ imageId, imageName: "", tags: [] }]);
}
