import { differingInputs } from "../core/state-inputs";
import { sameValue as same } from "../core/unknown-values";
import type { DockerPushInputs, DockerPushOutputs } from "./inputs";
import { PUSH_INPUTS } from "./input-shapes";

/** What a DockerPush update must do, derived from the old state and the new inputs. */
export interface PushChanges {
  /** Something must be pushed again. */
  readonly push: boolean;
  /** `imageName` changed: the resource must be replaced. */
  readonly replace: boolean;
  /** Only `keepRemotely`, `credentials`, `docker`, `source` (naming the same image) or `imageId` (the same image)
   * changed, or was added or removed: rewrite the state (so refresh and destroy use the current values), push nothing. */
  readonly stateOnly: boolean;
  /** Names of what differs, for logs and tests. */
  readonly changed: readonly string[];
}

/** Inputs the state holds in a form of their own: the tags pushed, and the image `check` found (compared above). */
const OWN_FORM: readonly string[] = ["tag", "additionalTags", "localImageId"];

/**
 * Compares the old state with the new inputs. The image behind the tag counts: a different `imageId` (or, without
 * it, a different local image found by `check`) re-pushes even a fixed tag like `dev`. Credentials never re-push: a
 * new password only updates the state, so that refresh and destroy authenticate with it. With `platformImages`, another
 * image (ID or tag) of any platform re-pushes. With `source`, the image it names counts (`source: build.image` and
 * `source: build.imageId` of one image are the same push): another `source` string alone only updates the state.
 * Any other input whose stored value is not exactly the new one, one removed from the program included, only updates
 * the state.
 */
export function diffPush(olds: DockerPushOutputs, news: DockerPushInputs): PushChanges {
  const changed: string[] = [];
  if (!same(olds.tag, news.tag ?? "latest")) changed.push("tag");
  if (!same(olds.additionalTags, news.additionalTags)) changed.push("additionalTags");
  if (!same(olds.platformImages, news.platformImages)) changed.push("platformImages");
  const expectedImage = news.imageId ?? news.localImageId;
  if (expectedImage !== undefined && !same(olds.pushedImageId, expectedImage)) changed.push("imageId");
  if ((olds.missingTags ?? []).length > 0) changed.push("missingTags");
  if ((olds.missingManifests ?? []).length > 0) changed.push("missingManifests");
  const replace = !same(olds.imageName, news.imageName);
  if (replace) changed.push("imageName");
  const push = changed.length > 0;
  for (const key of differingInputs(olds, news, PUSH_INPUTS)) {
    if (!OWN_FORM.includes(key) && !changed.includes(key)) changed.push(key);
  }
  return { push, replace, stateOnly: !push && changed.length > 0, changed };
}
