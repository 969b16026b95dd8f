import type Docker from "dockerode";
import { imageTags } from "../engine/tags";
import { parseRepository } from "../image-ref";
import type { DockerBuildOutputs } from "./types";

/**
 * What the engine holds of a built image, compared with the state: `none` (image and every tag there),
 * `tags-missing` (the image is there but a tag was removed or moved) or `image-missing` (removed, pruned, or a
 * fresh machine).
 */
export type EngineDrift = "none" | "tags-missing" | "image-missing";

/** `registry/path:tag`, so that `app:dev`, `docker.io/library/app:dev` and the engine's `RepoTags` compare alike. */
function canonicalReference(repository: string, tag: string): string {
  const { registry, path } = parseRepository(repository);
  return `${registry}/${path}:${tag}`;
}

function canonicalRepoTag(repoTag: string): string {
  const colon = repoTag.lastIndexOf(":");
  if (colon < 0 || repoTag.lastIndexOf("/") > colon) return canonicalReference(repoTag, "latest");
  return canonicalReference(repoTag.slice(0, colon), repoTag.slice(colon + 1));
}

/** Asks the engine (one image inspect) whether the state's image and tags are still there. */
export async function engineDrift(docker: Docker, state: DockerBuildOutputs): Promise<EngineDrift> {
  const tags = await imageTags(docker, state.imageId);
  if (tags === undefined) return "image-missing";
  const present = new Set(tags.map(canonicalRepoTag));
  const wanted = [state.tag, ...(state.additionalTags ?? [])].map((t) => canonicalReference(state.imageName, t));
  return wanted.every((reference) => present.has(reference)) ? "none" : "tags-missing";
}
