/** Assertions shared by the example tests: what `up` must leave on the engine and in the registry. */
import assert from "node:assert/strict";
import { localImageIdOf } from "./docker-cli";
import { tagsOf, type ExampleOutputs } from "./example-project";
import { manifestDigest, registryTags, type BasicAuth } from "./registry-http";

/** Checks that the outputs agree with each other, the engine (every tag → `imageId`) and the registry (→ `digest`). */
export async function assertPublished(outputs: ExampleOutputs, auth?: BasicAuth): Promise<void> {
  assert.equal(outputs.image, `${outputs.imageName}:${outputs.tag}`);
  assert.match(outputs.imageId, /^sha256:[0-9a-f]{64}$/);
  assert.match(outputs.digest, /^sha256:[0-9a-f]{64}$/);
  assert.equal(outputs.repoDigest, `${outputs.imageName}@${outputs.digest}`);
  const tags = tagsOf(outputs);
  for (const tag of tags) {
    assert.equal(localImageIdOf(`${outputs.imageName}:${tag}`), outputs.imageId, `local tag ${tag}`);
    assert.equal(await manifestDigest(outputs.imageName, tag, auth), outputs.digest, `registry tag ${tag}`);
  }
  // A multi-platform push also leaves each platform image under its own tag (`dev-linux-arm64`), which the index names.
  const platformTags = ((outputs.platformImages ?? []) as { tag: string }[]).map((p) => p.tag);
  const listed = await registryTags(outputs.imageName, auth);
  assert.deepEqual(listed, [...tags, ...platformTags].sort());
}

/** Checks that none of the outputs' tags is left on the engine. */
export function assertTagsRemoved(outputs: ExampleOutputs): void {
  for (const tag of tagsOf(outputs)) {
    assert.equal(localImageIdOf(`${outputs.imageName}:${tag}`), undefined, `local tag ${tag} still exists`);
  }
}
