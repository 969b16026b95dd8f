import { producedOutputs } from "../core/state-inputs";
import type { PushChanges } from "./diff";
import type { DockerPushInputs, DockerPushOutputs } from "./inputs";
import { PUSH_INPUTS } from "./input-shapes";

/** What a DockerPush update does: `push` the tags again, or only rewrite the state (`state-only`). */
export type PushUpdateStep = "push" | "state-only";

/** The step an update takes, from what `diffPush` found. */
export function planPushUpdate(changes: PushChanges): PushUpdateStep {
  return changes.stateOnly ? "state-only" : "push";
}

/**
 * The state after a state-only update: what the old push produced (its tags, digest, references) with the new inputs
 * as they are, so an input the program dropped (`keepRemotely`, `credentials`, `docker`, `source`, …) is not kept.
 */
export function stateOnlyPushState(olds: DockerPushOutputs, news: DockerPushInputs): DockerPushOutputs {
  return { ...producedOutputs(olds, PUSH_INPUTS), ...news, tag: olds.tag, additionalTags: olds.additionalTags };
}
