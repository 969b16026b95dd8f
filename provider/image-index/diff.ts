import { differingInputs, producedOutputs } from "../core/state-inputs";
import { sameValue as same } from "../core/unknown-values";
import type { DockerIndexInputs, DockerIndexOutputs } from "./inputs";
import { INDEX_INPUTS } from "./input-shapes";

/** What a DockerIndex update must do, derived from the old state and the new inputs. */
export interface IndexChanges {
  /** The index must be written again (new sources or tags, or tags found missing by refresh). */
  readonly write: boolean;
  /** `imageName` changed: the resource must be replaced. */
  readonly replace: boolean;
  /** Only `keepRemotely` or `credentials` changed (or was added or removed): rewrite the state, write nothing. */
  readonly stateOnly: boolean;
  /** Names of what differs, for logs and tests. */
  readonly changed: readonly string[];
}

/** Inputs the state holds in a form of their own: the tags written. */
const OWN_FORM: readonly string[] = ["tag", "additionalTags"];

/**
 * Compares the old state with the new inputs; credentials and `keepRemotely` never write the index: when their stored
 * value is not exactly the new one (one removed from the program included), only the state is rewritten.
 */
export function diffIndex(olds: DockerIndexOutputs, news: DockerIndexInputs): IndexChanges {
  const changed: string[] = [];
  if (!same(olds.tag, news.tag ?? "latest")) changed.push("tag");
  if (!same(olds.additionalTags, news.additionalTags)) changed.push("additionalTags");
  if (!same(olds.sources, news.sources)) changed.push("sources");
  if ((olds.missingTags ?? []).length > 0) changed.push("missingTags");
  if ((olds.missingManifests ?? []).length > 0) changed.push("missingManifests");
  const replace = !same(olds.imageName, news.imageName);
  if (replace) changed.push("imageName");
  const write = changed.length > 0;
  for (const key of differingInputs(olds, news, INDEX_INPUTS)) {
    if (!OWN_FORM.includes(key) && !changed.includes(key)) changed.push(key);
  }
  return { write, replace, stateOnly: !write && changed.length > 0, changed };
}

/** The state after a state-only update: what writing the index produced, with the new inputs as they are. */
export function stateOnlyIndexState(olds: DockerIndexOutputs, news: DockerIndexInputs): DockerIndexOutputs {
  return { ...producedOutputs(olds, INDEX_INPUTS), ...news, tag: olds.tag, additionalTags: olds.additionalTags };
}
