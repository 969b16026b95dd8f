import type * as dynamic from "@pulumi/pulumi/dynamic";
import { withResourceLogs } from "../core/resource-log";
import { checkPush } from "./check-push";
import { diffPush } from "./diff";
import type { DockerPushInputs, DockerPushOutputs, PlatformDigest } from "./inputs";
import { planPushUpdate, stateOnlyPushState } from "./plan-update";
import { pushImage, pushTarget, type PushResult } from "./push-image";
import { pushPlatforms } from "./push-platforms";
import { deletePushedManifest, readPushedTags } from "./registry-state";
import { validatePushInputs } from "./check-inputs";
import { ImageReference } from "../core/image-reference";
import { withoutUndefined } from "../core/unknown-values";
import { dockerClient } from "../engine/connection";
import { requireValid } from "../input-rules/require-valid";

/** Pushes every tag and returns the new state; inputs unknown at preview are judged here by check's rules. */
async function push(inputs: DockerPushInputs): Promise<DockerPushOutputs> {
  requireValid(validatePushInputs(inputs, () => undefined));
  const docker = dockerClient(inputs.docker);
  const target = await pushTarget(inputs);
  const result: PushResult & { platformDigests?: PlatformDigest[] } = inputs.platformImages
    ? await pushPlatforms(docker, inputs, target)
    : await pushImage(docker, inputs, target);
  const tag = inputs.tag ?? "latest";
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
  };
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
    const outs = step === "state-only" ? stateOnlyPushState(olds, news) : await push(news);
    return { outs: withoutUndefined(outs) };
  },

  async read(id, props) {
    if (!props) return { id, props };
    return { id, props: withoutUndefined({ ...props, missingTags: await readPushedTags(props) }) };
  },

  async delete(_id, props) {
    if (props.keepRemotely ?? true) return;
    await deletePushedManifest(props);
  },
});
