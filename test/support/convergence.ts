import assert from "node:assert/strict";
import { manifestDigest } from "./registry-http";
import type { PulumiStack } from "./pulumi-cli";
import type { SecondEngine } from "./second-engine";

interface ExportedState {
  readonly deployment: {
    readonly pending_operations?: readonly unknown[];
    readonly resources?: readonly { readonly urn: string; readonly outputs?: Record<string, unknown> }[];
  };
}

/**
 * Asserts that engine, registry and state agree for the DockerBuild `app` and DockerPush `app` of `stack`: no pending
 * operations; the state's imageId exists on the engine and its tag points at it; the registry (read with plain HTTP)
 * serves the state's digest for the tag.
 */
export async function assertConverged(stack: PulumiStack, engine: SecondEngine): Promise<void> {
  const state = JSON.parse(await stack.savedState()) as ExportedState;
  assert.deepEqual(state.deployment.pending_operations ?? [], [], "the state has pending operations");
  const outputsOf = (suffix: string) => {
    const resource = (state.deployment.resources ?? []).find((r) => r.urn.endsWith(suffix));
    assert.ok(resource?.outputs, `no ${suffix} in the state`);
    return resource.outputs;
  };
  const build = outputsOf("DockerBuild::app");
  const push = outputsOf("DockerPush::app");
  const image = String(build.image);
  const onEngine = (reference: string) => {
    try {
      return engine.docker("image", "inspect", "--format", "{{.Id}}", reference);
    } catch {
      return undefined;
    }
  };
  assert.equal(onEngine(String(build.imageId)), build.imageId, `the state's imageId is not on ${engine.host}`);
  assert.equal(onEngine(image), build.imageId, `${image} does not point at the state's imageId`);
  assert.equal(push.pushedImageId, build.imageId, "DockerPush pushed another image than DockerBuild built");
  const registryDigest = await manifestDigest(String(push.imageName), String(push.tag));
  assert.equal(registryDigest, push.digest, `the registry's digest for ${String(push.image)} is not the state's`);
}
