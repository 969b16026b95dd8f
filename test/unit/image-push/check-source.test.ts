import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { validatePushInputs } from "../../../provider/image-push/check-inputs";
import { sourceProblem } from "../../../provider/image-push/check-source";
import type { DockerPushInputs } from "../../../provider/image-push/inputs";
import { UNKNOWN } from "../../../provider/core/unknown-values";

const ID = `sha256:${"a".repeat(64)}`;

function failures(inputs: Record<string, unknown>) {
  return validatePushInputs({ imageName: "localhost:5001/team/app", ...inputs } as DockerPushInputs, () => undefined);
}

describe("the source input", () => {
  it("takes an image ID, a short ID or an image reference", () => {
    for (const source of [ID, "a".repeat(12), "localhost:5000/app:dev", "app", `app@sha256:${"b".repeat(64)}`]) {
      assert.equal(sourceProblem(source), undefined, source);
    }
  });

  it("refuses what is neither, naming the property and the fix", () => {
    assert.deepEqual(failures({ source: "Not/A Ref" }), [
      {
        property: "source",
        reason: `source "Not/A Ref" ${sourceProblem("Not/A Ref")}: give an image ID (build.imageId) or a reference on the engine (build.image)`,
      },
    ]);
    assert.match(sourceProblem("app@sha256:12") ?? "", /malformed @digest/);
  });

  it("refuses platformImages and imageId beside it", () => {
    const platformImages = [{ platform: "linux/amd64", imageId: ID, tag: "dev-amd64" }];
    assert.deepEqual(
      failures({ source: ID, platformImages }).map((f) => f.property),
      ["source"],
    );
    assert.deepEqual(
      failures({ source: ID, imageId: ID }).map((f) => f.property),
      ["imageId"],
    );
  });

  it("leaves values unknown at preview to create, and a known-empty platformImages alone", () => {
    assert.deepEqual(failures({ source: UNKNOWN }), []);
    assert.deepEqual(failures({ source: ID, platformImages: UNKNOWN, imageId: UNKNOWN }), []);
    assert.deepEqual(failures({ source: ID, platformImages: undefined }), []);
  });
});
