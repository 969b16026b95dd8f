import type { PushChanges } from "./diff";
import type { DockerPushInputs, DockerPushOutputs } from "./inputs";

/** What a DockerPush update does: `push` the tags again, or only rewrite the state (`state-only`). */
export type PushUpdateStep = "push" | "state-only";

/** The step an update takes, from what `diffPush` found. */
export function planPushUpdate(changes: PushChanges): PushUpdateStep {
  return changes.stateOnly ? "state-only" : "push";
}

/** The state after a state-only update: the old push, with the new `keepRemotely`, `credentials`, `docker`, `source`. */
export function stateOnlyPushState(olds: DockerPushOutputs, news: DockerPushInputs): DockerPushOutputs {
  const { keepRemotely, credentials, docker, source } = news;
  return { ...olds, keepRemotely, credentials, docker, source };
}
