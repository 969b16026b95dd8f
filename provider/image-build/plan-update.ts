import { differingInputs, producedOutputs } from "../core/state-inputs";
import type { ImageRelease } from "../engine/image-gc";
import { diffBuild, type BuildChanges } from "./diff";
import type { EngineDrift } from "./engine-drift";
import type { DockerBuildInputs, DockerBuildOutputs } from "./inputs";
import { BUILD_INPUTS } from "./input-shapes";
import { platformReleases, retagPlatformImages } from "./platform-images";

/**
 * What a DockerBuild update does to the engine: `build` a new image, `build-keeping-tag` (the image is gone and its
 * registry could not give it back), `tag` the existing image (the tags changed or one was removed), or `keep` it
 * and only rewrite the state.
 */
export type BuildUpdateStep = "build" | "build-keeping-tag" | "tag" | "keep";

/** The step an update takes, from the input changes and what the engine still holds. */
export function planBuildUpdate(changes: BuildChanges, drift: EngineDrift): BuildUpdateStep {
  if (changes.rebuild) return "build";
  if (drift === "image-missing") return "build-keeping-tag";
  if (changes.retag || drift === "tags-missing") return "tag";
  return "keep";
}

/** Inputs the state holds in a form of their own: the tags applied, the digest `check` computes, the replaced name. */
const OWN_FORM: readonly string[] = ["imageName", "tag", "additionalTags", "contextDigest"];

/**
 * The inputs whose change only rewrites the state: `docker`, `registries`, `secrets`, `ssh`, `keepLocally`, an
 * explicit `builder` that built the image and `ignoreCache` turned off, and, left out or given, an input that builds
 * the same image either way (`pull: false`, `context: "."`, `buildArgs: {}`, …). An update stores them and builds
 * nothing, so that refresh and destroy use the new values; an input removed from the program is such a change too.
 */
export function stateOnlyChanges(olds: DockerBuildOutputs, news: DockerBuildInputs): string[] {
  const rebuildOrRetag = diffBuild(olds, news).changed;
  return differingInputs(olds, news, BUILD_INPUTS).filter(
    (key) => !OWN_FORM.includes(key) && !rebuildOrRetag.includes(key),
  );
}

/** The tag an update keeps when `tag` is not given: the generated one of the state, else none (a new one). */
export function keptTag(olds: DockerBuildOutputs, news: DockerBuildInputs): string | undefined {
  return news.tag ?? (olds.tagGenerated ? olds.tag : undefined);
}

/**
 * The new state of an update that keeps the existing images under `tag` (platform images under its platform tags):
 * what the old build produced, with the new inputs as they are (an input the program dropped is not kept).
 */
export function keptImageState(olds: DockerBuildOutputs, news: DockerBuildInputs, tag: string): DockerBuildOutputs {
  return {
    ...producedOutputs(olds, BUILD_INPUTS),
    ...news,
    tag,
    tagGenerated: news.tag === undefined,
    image: `${news.imageName}:${tag}`,
    additionalTags: [...(news.additionalTags ?? [])],
    contextDigest: news.contextDigest ?? olds.contextDigest,
    platformImages: olds.platformImages && retagPlatformImages(olds.platformImages, olds.tag, tag),
  };
}

/**
 * The tags of the old images the new state no longer wants, to remove (none with `keepLocally`); old platform images
 * are released even when their tag is still wanted, so an image whose tag moved to a rebuilt one goes once untagged.
 */
export function unwantedAfterUpdate(
  olds: DockerBuildOutputs,
  outs: DockerBuildOutputs,
  keepLocally: boolean | undefined,
): ImageRelease[] {
  if (keepLocally) return [];
  const tagsOf = (s: DockerBuildOutputs) => [s.tag, ...(s.additionalTags ?? [])];
  const dropped = tagsOf(olds).filter((t) => !tagsOf(outs).includes(t));
  return [
    { imageId: olds.imageId, imageName: olds.imageName, tags: dropped },
    ...platformReleases(olds.imageName, olds.platformImages, outs.platformImages),
  ];
}
