import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { withoutUndefined } from "../../../provider/core/unknown-values";
import { diffIndex } from "../../../provider/image-index/diff";
import { dockerIndexProvider } from "../../../provider/image-index/docker-index-provider";
import type { DockerIndexInputs, DockerIndexOutputs } from "../../../provider/image-index/inputs";

const imageName = "localhost:5000/team/app";
const DIGEST = `sha256:${"d".repeat(64)}`;
const SOURCE = `${imageName}@sha256:${"a".repeat(64)}`;
const OLD: DockerIndexOutputs = {
  imageName,
  tag: "latest",
  additionalTags: [],
  sources: [SOURCE],
  image: `${imageName}:latest`,
  digest: DIGEST,
  repoDigest: `${imageName}@${DIGEST}`,
  platforms: ["linux/amd64"],
  references: [`${imageName}:latest`],
};
const INPUTS: DockerIndexInputs = { imageName, sources: [SOURCE] };
const NOTHING = { write: false, replace: false, stateOnly: false, changed: [] };

describe("an input removed from a DockerIndex program", () => {
  for (const [key, value] of [
    ["keepRemotely", true],
    ["keepRemotely", false],
    ["credentials", { username: "u", password: "p" }],
  ] as const) {
    it(`is a state-only update for ${key}: ${JSON.stringify(value)}, after which the state lacks it`, async () => {
      const old: DockerIndexOutputs = { ...OLD, [key]: value };
      assert.deepEqual(diffIndex(old, INPUTS), { write: false, replace: false, stateOnly: true, changed: [key] });
      // A state-only update writes nothing: no registry is asked.
      const { outs } = await dockerIndexProvider.update!("id", old, INPUTS);
      const state = withoutUndefined(outs as DockerIndexOutputs);
      assert.equal(Object.hasOwn(state, key), false, `${key} is still in the state`);
      assert.deepEqual([state.digest, state.tag, state.platforms], [DIGEST, "latest", ["linux/amd64"]]);
      assert.deepEqual(diffIndex(state, INPUTS), NOTHING, "the next preview would show a change");
    });
  }

  it("writes the index again when additional tags are removed", () => {
    const changes = diffIndex({ ...OLD, additionalTags: ["v1"] }, INPUTS);
    assert.deepEqual([changes.write, changes.changed], [true, ["additionalTags"]]);
  });
});
