import { sameValue as same } from "../core/unknown-values";
import type { DockerIndexInputs, DockerIndexOutputs } from "./inputs";

/** What a DockerIndex update must do, derived from the old state and the new inputs. */
export interface IndexChanges {
  /** The index must be written again (new sources or tags, or tags found missing by refresh). */
  readonly write: boolean;
  /** `imageName` changed: the resource must be replaced. */
  readonly replace: boolean;
  /** Only `keepRemotely` or `credentials` changed: rewrite the state, write nothing. */
  readonly stateOnly: boolean;
  /** Names of what differs, for logs and tests. */
  readonly changed: readonly string[];
}

/** Compares the old state with the new inputs; credentials and `keepRemotely` never write the index. */
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
  if ((olds.keepRemotely ?? true) !== (news.keepRemotely ?? true)) changed.push("keepRemotely");
  if (!same(olds.credentials, news.credentials)) changed.push("credentials");
  return { write, replace, stateOnly: !write && changed.length > 0, changed };
}
