import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { diffPush } from "../../../provider/image-push/diff";
import type { DockerPushInputs, DockerPushOutputs } from "../../../provider/image-push/inputs";
import { UNKNOWN } from "../../../provider/core/unknown-values";

const IMAGE_A = `sha256:${"a".repeat(64)}`;
const IMAGE_B = `sha256:${"b".repeat(64)}`;
const DIGEST = `sha256:${"d".repeat(64)}`;

const OLD: DockerPushOutputs = {
  imageName: "localhost:5000/app",
  tag: "dev",
  additionalTags: ["v1"],
  imageId: IMAGE_A,
  credentials: { username: "u", password: "p" },
  image: "localhost:5000/app:dev",
  digest: DIGEST,
  repoDigest: `localhost:5000/app@${DIGEST}`,
  references: ["localhost:5000/app:dev", "localhost:5000/app:v1"],
  pushedImageId: IMAGE_A,
};

/** The inputs that produced OLD, with some replaced (typed loosely so unknowns can be given). */
function news(changes: Record<string, unknown> = {}): DockerPushInputs {
  return {
    imageName: OLD.imageName,
    tag: OLD.tag,
    additionalTags: OLD.additionalTags,
    imageId: OLD.imageId,
    credentials: OLD.credentials,
    ...changes,
  } as DockerPushInputs;
}

const NOTHING = { push: false, replace: false, stateOnly: false, changed: [] };

describe("diffPush", () => {
  it("reports nothing to do when the inputs are those of the state", () => {
    assert.deepEqual(diffPush(OLD, news()), NOTHING);
  });

  it("compares an absent tag as latest", () => {
    const latest: DockerPushOutputs = { ...OLD, tag: "latest" };
    assert.deepEqual(diffPush(latest, news({ tag: undefined })), NOTHING);
    assert.deepEqual(diffPush(OLD, news({ tag: undefined })).changed, ["tag"]);
  });

  it("pushes when the tag changes", () => {
    assert.deepEqual(diffPush(OLD, news({ tag: "prod" })), {
      push: true,
      replace: false,
      stateOnly: false,
      changed: ["tag"],
    });
  });

  it("pushes when the additional tags change", () => {
    assert.deepEqual(diffPush(OLD, news({ additionalTags: ["v1", "v2"] })).changed, ["additionalTags"]);
  });

  it("treats absent additional tags like an empty list", () => {
    const none: DockerPushOutputs = { ...OLD, additionalTags: [] };
    assert.deepEqual(diffPush(none, news({ additionalTags: undefined })), NOTHING);
  });

  it("pushes the same tag again when imageId names a different image", () => {
    assert.deepEqual(diffPush(OLD, news({ imageId: IMAGE_B })), {
      push: true,
      replace: false,
      stateOnly: false,
      changed: ["imageId"],
    });
  });

  it("pushes when imageId is not known yet", () => {
    assert.equal(diffPush(OLD, news({ imageId: UNKNOWN })).push, true);
  });

  it("pushes when, without imageId, the local image found by check differs", () => {
    const changes = diffPush(OLD, news({ imageId: undefined, localImageId: IMAGE_B }));
    assert.deepEqual(changes.changed, ["imageId"]);
    assert.equal(changes.push, true);
  });

  it("does not push when, without imageId, the local image is the one pushed", () => {
    const old: DockerPushOutputs = { ...OLD, imageId: undefined, localImageId: IMAGE_A };
    assert.deepEqual(diffPush(old, news({ imageId: undefined, localImageId: IMAGE_A })), NOTHING);
  });

  it("goes by imageId rather than the local image when both are given", () => {
    assert.deepEqual(diffPush(OLD, news({ imageId: IMAGE_A, localImageId: IMAGE_B })), NOTHING);
  });

  it("pushes again when a refresh found tags missing from the registry", () => {
    const missing: DockerPushOutputs = { ...OLD, missingTags: ["v1"] };
    assert.deepEqual(diffPush(missing, news()), {
      push: true,
      replace: false,
      stateOnly: false,
      changed: ["missingTags"],
    });
  });

  it("pushes again when a refresh found a platform manifest or the index gone from the registry", () => {
    const missing: DockerPushOutputs = { ...OLD, missingManifests: [`sha256:${"2".repeat(64)}`] };
    assert.deepEqual(diffPush(missing, news()), {
      push: true,
      replace: false,
      stateOnly: false,
      changed: ["missingManifests"],
    });
  });

  it("only rewrites the state when just keepRemotely changes", () => {
    assert.deepEqual(diffPush(OLD, news({ keepRemotely: false })), {
      push: false,
      replace: false,
      stateOnly: true,
      changed: ["keepRemotely"],
    });
  });

  it("only rewrites the state when keepRemotely: true is removed, though true is its default", () => {
    assert.deepEqual(diffPush({ ...OLD, keepRemotely: true }, news()), {
      push: false,
      replace: false,
      stateOnly: true,
      changed: ["keepRemotely"],
    });
  });

  it("pushes, not just rewrites the state, when keepRemotely changes with the tag", () => {
    const changes = diffPush(OLD, news({ keepRemotely: false, tag: "prod" }));
    assert.equal(changes.push, true);
    assert.equal(changes.stateOnly, false);
  });

  it("never re-pushes for new credentials, but rewrites the state so refresh and destroy use them", () => {
    const changes = diffPush(OLD, news({ credentials: { username: "u", password: "rotated", reauth: true } }));
    assert.deepEqual(changes, { push: false, replace: false, stateOnly: true, changed: ["credentials"] });
  });

  it("replaces the resource when imageName changes", () => {
    const changes = diffPush(OLD, news({ imageName: "localhost:5000/other" }));
    assert.equal(changes.replace, true);
    assert.deepEqual(changes.changed, ["imageName"]);
  });

  describe("with source", () => {
    const SOURCED: DockerPushOutputs = {
      ...OLD,
      imageId: undefined,
      source: IMAGE_A,
      engineTags: ["localhost:5000/app:dev"],
    };
    const sourced = (changes: Record<string, unknown>) => news({ imageId: undefined, source: IMAGE_A, ...changes });

    it("does not push when the source names the image pushed (a no-op up)", () => {
      assert.deepEqual(diffPush(SOURCED, sourced({ localImageId: IMAGE_A })), NOTHING);
    });

    it("pushes when the source names another image", () => {
      const changes = diffPush(SOURCED, sourced({ source: IMAGE_B, localImageId: IMAGE_B }));
      assert.deepEqual(changes.changed, ["imageId", "source"]);
      assert.equal(changes.push, true);
    });

    it("only rewrites the state when another source string names the same image", () => {
      const changes = diffPush(SOURCED, sourced({ source: "localhost:5000/build:dev", localImageId: IMAGE_A }));
      assert.deepEqual(changes, { push: false, replace: false, stateOnly: true, changed: ["source"] });
    });
  });
});
