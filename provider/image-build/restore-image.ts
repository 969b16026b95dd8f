import type Docker from "dockerode";
import { eventError, readProgress } from "../engine/progress";
import { localImageId } from "../engine/tags";
import { ImageReference, normalizeRegistry } from "../core/image-reference";
import { explicitAuth, registryAuthHeader, resolveRegistryAuth, type RegistryAuth } from "../registry-credentials";
import type { DockerBuildOutputs } from "./inputs";

/** Pull credentials for the image's own registry: the `registries` input, else the docker CLI's chain. */
async function pullAuth(state: DockerBuildOutputs): Promise<RegistryAuth | undefined> {
  const { registry } = ImageReference.of(state.imageName);
  const given = state.registries?.find((r) => normalizeRegistry(r.address) === registry);
  return given ? explicitAuth(given, registry) : resolveRegistryAuth(registry).catch(() => undefined);
}

/**
 * Brings back an image that is gone from the engine by pulling `imageName:tag` from its registry, when the registry
 * still serves exactly that image (the pulled image ID, the digest of its config, equals the state's `imageId`). So a
 * fresh CI runner or a pruned engine gets the very image the state records, and nothing downstream changes. Returns
 * the pulled image ID when it is not the state's (the caller rebuilds and removes it), `undefined` when the pull
 * failed (no registry, no tag, no access: the caller rebuilds), or `true` when the image is back.
 */
export async function pullBack(
  docker: Docker,
  state: DockerBuildOutputs,
  print: (line: string) => void,
): Promise<true | string | undefined> {
  const reference = String(ImageReference.of(state.imageName, state.tag));
  try {
    const authconfig = { base64: registryAuthHeader(await pullAuth(state)) };
    const stream = (await docker.pull(reference, { authconfig })) as NodeJS.ReadableStream;
    await readProgress(stream, (event) => {
      const message = eventError(event);
      if (message !== undefined) throw new Error(message);
    });
  } catch (error) {
    print(`could not pull ${reference} back from its registry (${(error as Error).message.trim()}): rebuilding`);
    return undefined;
  }
  const pulled = await localImageId(docker, reference);
  if (pulled === state.imageId) {
    print(`pulled ${reference} back from its registry: the same image ${state.imageId}`);
    return true;
  }
  print(`${reference} in the registry is another image (${pulled}), not ${state.imageId}: rebuilding`);
  return pulled;
}
