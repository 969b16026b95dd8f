import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { InputError } from "../../../provider/core/errors";
import { diffPush } from "../../../provider/image-push/diff";
import { dockerPushProvider } from "../../../provider/image-push/docker-push-provider";
import type { DockerPushInputs, DockerPushOutputs } from "../../../provider/image-push/inputs";
import { planPushUpdate, stateOnlyPushState } from "../../../provider/image-push/plan-update";

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
