import type { DockerPushOutputs } from "./inputs";
import { defaultPushDependencies, pushTarget, type PushDependencies } from "./push-image";

/** What refresh and delete need of a state: DockerPush's, or DockerIndex's (which has no platform digests). */
export type PushedState = Pick<
  DockerPushOutputs,
  | "imageName"
  | "credentials"
  | "tag"
  | "additionalTags"
  | "image"
  | "digest"
  | "repoDigest"
  | "missingTags"
  | "missingManifests"
> &
  Partial<Pick<DockerPushOutputs, "platformDigests">>;

/** A manifest a refresh checks by digest, and how the log names it (`index`, `linux/arm64`). */
export interface PushedManifest {
  /** How the log names it. */
  readonly label: string;
  /** Its digest, `sha256:…`. */
  readonly digest: string;
}

/** What a refresh found gone from the registry. */
export interface RegistryFindings {
  /** Tags that are gone or point at another digest. */
  readonly missingTags: string[];
  /** Digests of the checked manifests the registry no longer has; absent when none is (or none was checked). */
  readonly missingManifests?: string[];
}

/**
 * The manifests of a multi-platform push a refresh checks by digest: the index and each platform's manifest it lists
 * (none for a single-platform push, whose tags name its one manifest).
 */
export function pushedManifests(state: PushedState): PushedManifest[] {
  if (state.platformDigests === undefined) return [];
  return [
    { label: "index", digest: state.digest },
    ...state.platformDigests.map((p) => ({ label: p.platform, digest: p.digest })),
  ];
}

/**
 * Asks the registry, with the current credentials, whether each pushed tag still resolves to the recorded digest, and
 * whether each of `manifests` is still there (one HEAD by digest each, nothing downloaded). Returns what is gone or
 * moved; on any other error, warns and keeps what the state knew.
 */
export async function readPushedState(
  state: PushedState,
  manifests: readonly PushedManifest[],
  { registryApi, print }: PushDependencies = defaultPushDependencies(),
): Promise<RegistryFindings> {
  try {
    const target = await pushTarget(state);
    const where = { registry: target.registry, repository: target.repository };
    const missingTags: string[] = [];
    for (const tag of [state.tag, ...(state.additionalTags ?? [])]) {
      const remote = await registryApi.headManifest({ ...where, reference: tag }, target.auth);
      if (remote?.digest !== state.digest) missingTags.push(tag);
    }
    if (missingTags.length > 0) {
      print(`[${state.image}] not in ${target.registry} at ${state.digest} any more: ${missingTags.join(", ")}`);
    }
    const gone: PushedManifest[] = [];
    for (const manifest of manifests) {
      if ((await registryApi.headManifest({ ...where, reference: manifest.digest }, target.auth)) === undefined) {
        gone.push(manifest);
      }
    }
    if (gone.length > 0) {
      const names = gone.map((m) => `${m.label} ${m.digest}`).join(", ");
      print(`[${state.image}] manifests gone from ${target.registry}: ${names}; the next up pushes them again`);
    }
    return { missingTags, missingManifests: gone.length > 0 ? gone.map((m) => m.digest) : undefined };
  } catch (error) {
    print(`warning: [${state.image}] refresh could not check the registry; state kept: ${(error as Error).message}`);
    return { missingTags: [...(state.missingTags ?? [])], missingManifests: state.missingManifests?.slice() };
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
