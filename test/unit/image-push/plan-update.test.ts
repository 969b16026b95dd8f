import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { InputError } from "../../../provider/core/errors";
import { diffPush } from "../../../provider/image-push/diff";
import { dockerPushProvider } from "../../../provider/image-push/docker-push-provider";
import type { DockerPushInputs, DockerPushOutputs } from "../../../provider/image-push/inputs";
import { planPushUpdate, stateOnlyPushState } from "../../../provider/image-push/plan-update";
import { withoutUndefined } from "../../../provider/core/unknown-values";

const DIGEST = `sha256:${"d".repeat(64)}`;
const OLD: DockerPushOutputs = {
  imageName: "localhost:5000/app",
  tag: "dev",
  additionalTags: [],
  imageId: `sha256:${"a".repeat(64)}`,
  image: "localhost:5000/app:dev",
  digest: DIGEST,
  repoDigest: `localhost:5000/app@${DIGEST}`,
  references: ["localhost:5000/app:dev"],
  pushedImageId: `sha256:${"a".repeat(64)}`,
};
const INPUTS: DockerPushInputs = { imageName: OLD.imageName, tag: "dev", imageId: OLD.imageId };

describe("planPushUpdate", () => {
  it("pushes again when the image behind the tag changed", () => {
    const changes = diffPush(OLD, { ...INPUTS, imageId: `sha256:${"b".repeat(64)}` });
    assert.equal(planPushUpdate(changes), "push");
  });

  it("only rewrites the state for new credentials, a new connection or keepRemotely", () => {
    const news = {
      ...INPUTS,
      credentials: { username: "u", password: "new" },
      docker: { host: "tcp://127.0.0.1:2375" },
      keepRemotely: false,
    };
    assert.equal(planPushUpdate(diffPush(OLD, news)), "state-only");
    const outs = stateOnlyPushState(OLD, news);
    assert.deepEqual(
      [outs.digest, outs.credentials, outs.docker, outs.keepRemotely],
      [DIGEST, news.credentials, news.docker, false],
    );
  });
});

describe("an input removed from the program", () => {
  const NOTHING = { push: false, replace: false, stateOnly: false, changed: [] };
  // What check gives when imageId is left out: the local image the tag points at.
  const CHECKED = { localImageId: OLD.pushedImageId };

  for (const [key, value] of [
    ["keepRemotely", true],
    ["keepRemotely", false],
    ["credentials", { username: "u", password: "p", insecure: true }],
    ["docker", { host: "unix:///var/run/docker.sock" }],
    ["source", "localhost:5000/build:dev"],
    ["imageId", OLD.imageId],
  ] as const) {
    it(`is a state-only update for ${key}: ${JSON.stringify(value)}, after which the state lacks it`, () => {
      const old: DockerPushOutputs = { ...OLD, [key]: value };
      const { [key]: _removed, ...rest } = { ...INPUTS, [key]: value };
      const news: DockerPushInputs = key === "imageId" ? { ...rest, ...CHECKED } : rest;
      assert.deepEqual(diffPush(old, news), { push: false, replace: false, stateOnly: true, changed: [key] });
      const outs = withoutUndefined(stateOnlyPushState(old, news));
      assert.equal(Object.hasOwn(outs, key), false, `${key} is still in the state`);
      assert.deepEqual([outs.digest, outs.pushedImageId, outs.tag], [DIGEST, OLD.pushedImageId, "dev"]);
      assert.deepEqual(diffPush(outs, news), NOTHING, "the next preview would show a change");
    });
  }

  it("pushes when platformImages are removed", () => {
    const platformImages = [{ platform: "linux/amd64", imageId: OLD.imageId!, tag: "dev-linux-amd64" }];
    const changes = diffPush({ ...OLD, platformImages }, INPUTS);
    assert.deepEqual([changes.push, changes.changed], [true, ["platformImages"]]);
  });
});

describe("one input path for DockerPush", () => {
  it("fails create with check's own rule, against the property, for credentials unknown at preview", async () => {
    const inputs = { ...INPUTS, credentials: { username: "u", password: "" } };
    const [failure] = (await dockerPushProvider.check!({} as DockerPushInputs, inputs)).failures ?? [];
    assert.equal(failure?.property, "credentials.password");
    await assert.rejects(
      dockerPushProvider.create(inputs),
      (error: unknown) =>
        error instanceof InputError && error.property === failure?.property && error.message === failure?.reason,
    );
  });
});
