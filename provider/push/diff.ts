import { sameValue as same } from "../unknown";
import type { DockerPushInputs, DockerPushOutputs } from "./types";

/** What a DockerPush update must do, derived from the old state and the new inputs. */
export interface PushChanges {
  /** Something must be pushed again. */
  readonly push: boolean;
  /** `imageName` changed: the resource must be replaced. */
  readonly replace: boolean;
  /** Only `keepRemotely` changed: rewrite the state, push nothing. */
  readonly stateOnly: boolean;
  /** Names of what differs, for logs and tests. */
  readonly changed: readonly string[];
}

/**
 * Compares the old state with the new inputs. The image behind the tag counts: a different `imageId` (or, without
 * it, a different local image found by `check`) re-pushes even a fixed tag like `dev`. Credentials never do.
 */
export function diffPush(olds: DockerPushOutputs, news: DockerPushInputs): PushChanges {
  const changed: string[] = [];
  if (!same(olds.tag, news.tag ?? "latest")) changed.push("tag");
  if (!same(olds.additionalTags, news.additionalTags)) changed.push("additionalTags");
  const expectedImage = news.imageId ?? news.localImageId;
  if (expectedImage !== undefined && !same(olds.pushedImageId, expectedImage)) changed.push("imageId");
  if ((olds.missingTags ?? []).length > 0) changed.push("missingTags");
  const replace = !same(olds.imageName, news.imageName);
  if (replace) changed.push("imageName");
  const keepChanged = (olds.keepRemotely ?? true) !== (news.keepRemotely ?? true);
  if (keepChanged) changed.push("keepRemotely");
  const push = changed.some((c) => c !== "keepRemotely");
  return { push, replace, stateOnly: keepChanged && !push, changed };
}
