import type * as dynamic from "@pulumi/pulumi/dynamic";
import { withResourceLogs } from "../core/resource-log";
import { withoutUndefined } from "../core/unknown-values";
import { deletePushedManifest, readPushedState } from "../image-push/registry-state";
import { requireValid } from "../input-rules/require-valid";
import { checkIndex, validateIndexInputs } from "./check-index";
import { diffIndex, stateOnlyIndexState } from "./diff";
import { indexedManifests } from "./indexed-manifests";
import type { DockerIndexInputs, DockerIndexOutputs } from "./inputs";
import { writeImageIndex } from "./write-image-index";

/** Writes the index; inputs unknown at preview are judged here by check's rules. */
async function write(inputs: DockerIndexInputs): Promise<DockerIndexOutputs> {
  requireValid(validateIndexInputs(inputs));
  return writeImageIndex(inputs);
}

/**
 * The DockerIndex provider, run in the provider process: each method is a few steps over a registry client created in
 * the call (never captured), so the serialized provider holds no client and no secret.
 */
export const dockerIndexProvider: dynamic.ResourceProvider<DockerIndexInputs, DockerIndexOutputs> = withResourceLogs({
  check: checkIndex,

  async diff(_id, olds, news) {
    const changes = diffIndex(olds, news);
    return {
      changes: changes.changed.length > 0,
      replaces: changes.replace ? ["imageName"] : [],
      deleteBeforeReplace: false,
    };
  },

  async create(inputs) {
    const outs = await write(inputs);
    return { id: outs.image, outs: withoutUndefined(outs) };
  },

  async update(_id, olds, news) {
    const changes = diffIndex(olds, news);
    if (!changes.stateOnly) return { outs: withoutUndefined(await write(news)) };
    return { outs: withoutUndefined(stateOnlyIndexState(olds, news)) };
  },

  async read(id, props) {
    if (!props) return { id, props };
    const found = await readPushedState(props, indexedManifests(props));
    return { id, props: withoutUndefined({ ...props, ...found }) };
  },

  async delete(_id, props) {
    if (props.keepRemotely ?? true) return;
    await deletePushedManifest(props);
  },
});
