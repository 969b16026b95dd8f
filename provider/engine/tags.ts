import type Docker from "dockerode";
import { DockerStepError } from "../core/errors";
import { withTag } from "../core/image-reference";

function statusOf(error: unknown): number | undefined {
  return (error as { statusCode?: number } | undefined)?.statusCode;
}

/** Points `imageName:tag` at `imageId` for every tag. */
export async function applyTags(docker: Docker, imageId: string, imageName: string, tags: readonly string[]) {
  for (const tag of tags) {
    try {
      await docker.getImage(imageId).tag({ repo: imageName, tag });
    } catch (error) {
      throw new DockerStepError(
        `Tagging ${imageId} as "${withTag(imageName, tag)}" failed: ${(error as Error).message}`,
        {
          image: withTag(imageName, tag),
          cause: error,
        },
      );
    }
  }
}

/** The image ID a local reference points at, or `undefined` when the engine has no such image. */
export async function localImageId(docker: Docker, reference: string): Promise<string | undefined> {
  try {
    return (await docker.getImage(reference).inspect()).Id;
  } catch (error) {
    if (statusOf(error) === 404) return undefined;
    throw error;
  }
}

/** The `repository:tag` references of an image, or `undefined` when the engine has no such image. */
export async function imageTags(docker: Docker, imageId: string): Promise<string[] | undefined> {
  try {
    return ((await docker.getImage(imageId).inspect()).RepoTags ?? []).filter((t) => t !== "<none>:<none>");
  } catch (error) {
    if (statusOf(error) === 404) return undefined;
    throw error;
  }
}

/**
 * Removes the tags `imageName:tag` that still point at `imageId` (a tag moved to another image is left alone).
 * Never forces: a tag whose image a container uses stays, with a warning. Returns the warnings.
 */
export async function removeTags(
  docker: Docker,
  imageId: string,
  imageName: string,
  tags: readonly string[],
): Promise<string[]> {
  const warnings: string[] = [];
  for (const tag of tags) {
    const reference = withTag(imageName, tag);
    if ((await localImageId(docker, reference)) !== imageId) continue;
    try {
      await docker.getImage(reference).remove({ force: false });
    } catch (error) {
      const status = statusOf(error);
      if (status === 404) continue;
      if (status === 409) {
        warnings.push(`kept "${reference}": the image is in use by a container (${(error as Error).message.trim()})`);
        continue;
      }
      throw new DockerStepError(`Removing "${reference}" failed: ${(error as Error).message}`, {
        image: reference,
        cause: error,
      });
    }
  }
  return warnings;
}

/**
 * Removes an image this library built once nothing tags it any more (only digest references from pushes are left),
 * so rebuilds of a fixed tag do not pile up old images. Never forces: an image a container or a child image uses
 * stays, with a warning. Returns the warnings.
 */
export async function removeIfUntagged(docker: Docker, imageId: string): Promise<string[]> {
  const tags = await imageTags(docker, imageId);
  if (tags === undefined || tags.length > 0) return [];
  try {
    await docker.getImage(imageId).remove({ force: false });
    return [];
  } catch (error) {
    const status = statusOf(error);
    if (status === 404) return [];
    if (status === 409 && /multiple repositories/.test((error as Error).message)) {
      return removeDigestReferences(docker, imageId);
    }
    if (status === 409) return [`kept untagged image ${imageId}: ${(error as Error).message.trim()}`];
    throw error;
  }
}

/**
 * Removes an untagged image that was pushed to several repositories: the engine refuses to remove such an image by
 * ID without force ("referenced in multiple repositories"), so each `repo@digest` reference is removed, the last one
 * taking the image with it. Never forces. Returns the warnings.
 */
async function removeDigestReferences(docker: Docker, imageId: string): Promise<string[]> {
  const digests = await docker
    .getImage(imageId)
    .inspect()
    .then((image) => image.RepoDigests ?? [])
    .catch(() => [] as string[]);
  for (const reference of digests) {
    try {
      await docker.getImage(reference).remove({ force: false });
    } catch (error) {
      if (statusOf(error) === 404) continue;
      return [`kept untagged image ${imageId}: removing ${reference}: ${(error as Error).message.trim()}`];
    }
  }
  return [];
}
