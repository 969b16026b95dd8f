import type { DockerPushOutputs } from "./inputs";

/** What refresh and delete need of a state: DockerPush's, or DockerIndex's (which has no platform digests). */
export type PushedState = Pick<
  DockerPushOutputs,
  "imageName" | "credentials" | "tag" | "additionalTags" | "image" | "digest" | "repoDigest" | "missingTags"
> &
  Partial<Pick<DockerPushOutputs, "platformDigests">>;
import { defaultPushDependencies, pushTarget, type PushDependencies } from "./push-image";

/**
 * Asks the registry, with the current credentials, whether each pushed tag still resolves to the recorded digest.
 * Returns the tags that are gone or moved; on any other error, warns and reports nothing missing (state is kept).
 */
export async function readPushedTags(
  state: PushedState,
  { registryApi, print }: PushDependencies = defaultPushDependencies(),
): Promise<string[]> {
  try {
    const target = await pushTarget(state);
    const missing: string[] = [];
    for (const tag of [state.tag, ...(state.additionalTags ?? [])]) {
      const location = { registry: target.registry, repository: target.repository, reference: tag };
      const remote = await registryApi.headManifest(location, target.auth);
      if (remote?.digest !== state.digest) missing.push(tag);
    }
    if (missing.length > 0) {
      print(`[${state.image}] not in ${target.registry} at ${state.digest} any more: ${missing.join(", ")}`);
    }
    return missing;
  } catch (error) {
    print(`warning: [${state.image}] refresh could not check the registry; state kept: ${(error as Error).message}`);
    return [...(state.missingTags ?? [])];
  }
}

/**
 * Deletes the pushed manifest by digest (and so every tag on it), then, for a multi-platform push, each platform's
 * manifest the index names; 404 is done, a refusal is a warning.
 */
export async function deletePushedManifest(
  state: PushedState,
  { registryApi, print }: PushDependencies = defaultPushDependencies(),
): Promise<void> {
  const target = await pushTarget(state);
  const platformDigests = (state.platformDigests ?? []).map((p) => p.digest);
  for (const digest of [state.digest, ...platformDigests]) {
    const name = `${state.imageName}@${digest}`;
    const location = { registry: target.registry, repository: target.repository, digest };
    const outcome = await registryApi.deleteManifest(location, target.auth);
    if (outcome === "unsupported") {
      print(`warning: [${name}] ${target.registry} does not allow deletes; the manifest was left there`);
      return;
    }
    print(`[${name}] ${outcome === "deleted" ? "deleted from" : "already gone from"} ${target.registry}`);
  }
}
