import type * as dynamic from "@pulumi/pulumi/dynamic";
import { withResourceLogs } from "../core/resource-log";
import { checkPush } from "./check-push";
import { diffPush } from "./diff";
import type { DockerPushInputs, DockerPushOutputs, PlatformDigest } from "./inputs";
import { planPushUpdate, stateOnlyPushState } from "./plan-update";
import { pushImage, pushTarget, type PushResult } from "./push-image";
import { pushPlatforms } from "./push-platforms";
import { releaseOldSource, tagSource, untagSource } from "./push-source";
import { deletePushedManifest, pushedManifests, readPushedState } from "./registry-state";
import { validatePushInputs } from "./check-inputs";
import { ImageReference } from "../core/image-reference";
import { withoutUndefined } from "../core/unknown-values";
import { dockerClient, engineHost } from "../engine/connection";
import { requireValid } from "../input-rules/require-valid";
import { logLine } from "../core/resource-log";

/**
 * Pushes every tag and returns the new state; inputs unknown at preview are judged here by check's rules. With
 * `source`, the tags are first put on the source image (`owned`: the engine tags an earlier push of this resource
 * added); the tags added are removed again when the push fails.
 */
async function push(inputs: DockerPushInputs, owned?: readonly string[]): Promise<DockerPushOutputs> {
  requireValid(validatePushInputs(inputs, () => undefined));
  const docker = dockerClient(inputs.docker);
  const target = await pushTarget(inputs);
  const tag = inputs.tag ?? "latest";
  const tagged = inputs.source
    ? await tagSource(docker, inputs.source, inputs.imageName, [tag, ...(inputs.additionalTags ?? [])], owned)
    : undefined;
  let result: PushResult & { platformDigests?: PlatformDigest[] };
  try {
    result = inputs.platformImages
      ? await pushPlatforms(docker, inputs, target)
      : await pushImage(docker, tagged ? { ...inputs, imageId: tagged.imageId } : inputs, target);
  } catch (error) {
    if (tagged) for (const line of await untagSource(docker, tagged.imageId, tagged.added)) logLine(line);
    throw error;
  }
  const reference = ImageReference.of(inputs.imageName, tag);
  return {
    ...inputs,
    tag,
    image: String(reference),
    additionalTags: [...(inputs.additionalTags ?? [])],
    digest: result.digest,
    repoDigest: String(reference.withDigest(result.digest)),
    references: result.references,
    pushedImageId: result.imageId,
    platformDigests: result.platformDigests,
    missingTags: [],
    engineHost: engineHost(docker),
    engineTags: tagged?.engineTags,
  };
}

/** Removes engine tags a `source` push added that still point at the image it pushed. */
async function untagPushed(state: DockerPushOutputs, references: readonly string[]): Promise<void> {
  if (references.length === 0) return;
  for (const line of await untagSource(dockerClient(state.docker), state.pushedImageId, references)) logLine(line);
}

/**
 * The DockerPush provider, run in the provider process: each method is a few steps over a Docker client created in
 * the call from the plain inputs (never captured), so the serialized provider holds no client and no secret.
 */
export const dockerPushProvider: dynamic.ResourceProvider<DockerPushInputs, DockerPushOutputs> = withResourceLogs({
  check: checkPush,

  async diff(_id, olds, news) {
    const changes = diffPush(olds, news);
    return {
      changes: changes.changed.length > 0,
      replaces: changes.replace ? ["imageName"] : [],
      deleteBeforeReplace: false,
    };
  },

  async create(inputs) {
    const outs = await push(inputs);
    return { id: outs.image, outs: withoutUndefined(outs) };
  },

  async update(_id, olds, news) {
    const step = planPushUpdate(diffPush(olds, news));
    if (step === "state-only") return { outs: withoutUndefined(stateOnlyPushState(olds, news)) };
    const outs = await push(news, olds.engineTags);
    const leftovers = (olds.engineTags ?? []).filter((reference) => !(outs.engineTags ?? []).includes(reference));
    await untagPushed(olds, leftovers);
    if (olds.engineTags?.length && olds.pushedImageId !== outs.pushedImageId) {
      for (const line of await releaseOldSource(dockerClient(news.docker), olds.pushedImageId)) logLine(line);
    }
    return { outs: withoutUndefined(outs) };
  },

  async read(id, props) {
    if (!props) return { id, props };
    const found = await readPushedState(props, pushedManifests(props));
    return { id, props: withoutUndefined({ ...props, ...found }) };
  },

  async delete(_id, props) {
    await untagPushed(props, props.engineTags ?? []);
    if (props.keepRemotely ?? true) return;
    await deletePushedManifest(props);
  },
});
