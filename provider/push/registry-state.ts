import { parseRepository } from "../image-ref";
import { RegistryClient } from "../registry";
import { pushTarget } from "./push-image";
import type { DockerPushOutputs } from "./types";

/** The pushed tags that no longer resolve to the recorded digest in the registry (asked with `state`'s credentials). */
export async function tagsGoneFromRegistry(state: DockerPushOutputs): Promise<string[]> {
  const target = await pushTarget(state);
  const client = new RegistryClient();
  const missing: string[] = [];
  for (const tag of [state.tag, ...(state.additionalTags ?? [])]) {
    const location = { registry: target.registry, repository: target.repository, reference: tag };
    const remote = await client.headManifest(location, target.auth);
    if (remote?.digest !== state.digest) missing.push(tag);
  }
  return missing;
}

/**
 * Asks the registry, with the current credentials, whether each pushed tag still resolves to the recorded digest.
 * Returns the tags that are gone or moved; on any other error, warns and reports nothing missing (state is kept).
 */
export async function readPushedTags(state: DockerPushOutputs): Promise<string[]> {
  try {
    const missing = await tagsGoneFromRegistry(state);
    if (missing.length > 0) {
      console.log(
        `[${state.image}] not in ${parseRepository(state.imageName).registry} at ${state.digest} any more: ${missing.join(", ")}`,
      );
    }
    return missing;
  } catch (error) {
    console.log(
      `warning: [${state.image}] refresh could not check the registry; state kept: ${(error as Error).message}`,
    );
    return [...(state.missingTags ?? [])];
  }
}

/**
 * The tags `diff` should push again because they left the registry behind Pulumi's back (someone deleted them, or
 * the registry lost them); a registry that cannot be asked counts as unchanged, with a log line.
 */
export async function tagsToRestore(state: DockerPushOutputs): Promise<string[]> {
  try {
    return await tagsGoneFromRegistry(state);
  } catch (error) {
    console.log(`[${state.image}] could not check the registry for the pushed tags: ${(error as Error).message}`);
    return [];
  }
}

/** Deletes the pushed manifest by digest (and so every tag on it); 404 is done, a refusal is a warning. */
export async function deletePushedManifest(state: DockerPushOutputs): Promise<void> {
  const target = await pushTarget(state);
  const outcome = await new RegistryClient().deleteManifest(
    { registry: target.registry, repository: target.repository, digest: state.digest },
    target.auth,
  );
  if (outcome === "unsupported") {
    console.log(
      `warning: [${state.repoDigest}] ${target.registry} does not allow deletes; the manifest was left there`,
    );
  } else {
    console.log(
      `[${state.repoDigest}] ${outcome === "deleted" ? "deleted from" : "already gone from"} ${target.registry}`,
    );
  }
}
