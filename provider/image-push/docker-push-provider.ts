import type * as dynamic from "@pulumi/pulumi/dynamic";
import { dockerClient } from "../engine/connection";
import { localImageId } from "../engine/tags";
import { withTag } from "../core/image-reference";
import { diffPush } from "./diff";
import { pushImage, pushTarget } from "./push-image";
import { readPushedTags, deletePushedManifest } from "./registry-state";
import type { DockerPushInputs, DockerPushOutputs } from "./inputs";
import { validatePushInputs } from "./check-inputs";
import { containsUnknown, withoutUndefined } from "../core/unknown-values";

/** Checks the inputs; without `imageId`, records which local image the tag points at so a moved tag shows a diff. */
export async function checkPush(_olds: DockerPushInputs, news: DockerPushInputs): Promise<dynamic.CheckResult> {
  const failures = validatePushInputs(news, (message) => console.log(`warning: ${message}`));
  const { localImageId: _stale, ...inputs } = news;
  if (failures.length > 0) return { inputs, failures };
  if (news.imageId !== undefined || containsUnknown([news.imageName, news.tag, news.docker])) return { inputs };
  const reference = withTag(news.imageName, news.tag ?? "latest");
  const local = await localImageId(dockerClient(news.docker), reference).catch(() => undefined);
  return { inputs: local === undefined ? inputs : { ...inputs, localImageId: local } };
}

async function push(inputs: DockerPushInputs): Promise<DockerPushOutputs> {
  const docker = dockerClient(inputs.docker);
  const target = await pushTarget(inputs);
  const result = await pushImage(docker, inputs, target);
  const tag = inputs.tag ?? "latest";
  return {
    ...inputs,
    tag,
    image: withTag(inputs.imageName, tag),
    additionalTags: [...(inputs.additionalTags ?? [])],
    digest: result.digest,
    repoDigest: `${inputs.imageName}@${result.digest}`,
    references: result.references,
    pushedImageId: result.imageId,
    missingTags: [],
  };
}

/** The DockerPush provider logic: plain functions over a Docker client created in each call from the plain inputs. */
export const dockerPushProvider: dynamic.ResourceProvider<DockerPushInputs, DockerPushOutputs> = {
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
    const changes = diffPush(olds, news);
    if (changes.stateOnly) {
      const { keepRemotely, credentials, docker } = news;
      return { outs: withoutUndefined({ ...olds, keepRemotely, credentials, docker }) };
    }
    return { outs: withoutUndefined(await push(news)) };
  },

  async read(id, props) {
    if (!props) return { id, props };
    const missingTags = await readPushedTags(props);
    return { id, props: withoutUndefined({ ...props, missingTags }) };
  },

  async delete(_id, props) {
    if (props.keepRemotely ?? true) return;
    await deletePushedManifest(props);
  },
};
