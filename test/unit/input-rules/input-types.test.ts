import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { UNKNOWN } from "../../../provider/core/unknown-values";
import { validateBuildInputs } from "../../../provider/image-build/check-inputs";
import { validateIndexInputs } from "../../../provider/image-index/check-index";
import type { DockerIndexInputs } from "../../../provider/image-index/inputs";
import { validatePushInputs } from "../../../provider/image-push/check-inputs";
import type { DockerPushInputs } from "../../../provider/image-push/inputs";
import type { DockerBuildInputs } from "../../../provider/image-build/inputs";

const IMAGE = "localhost:5000/team/app";
const build = (extra: Record<string, unknown>) =>
  validateBuildInputs({ imageName: IMAGE, ...extra } as unknown as DockerBuildInputs);
const push = (extra: Record<string, unknown>) =>
  validatePushInputs({ imageName: IMAGE, ...extra } as unknown as DockerPushInputs, () => undefined);
const index = (extra: Record<string, unknown>) =>
  validateIndexInputs({
    imageName: IMAGE,
    sources: [`${IMAGE}@sha256:${"a".repeat(64)}`],
    ...extra,
  } as unknown as DockerIndexInputs);
const reasons = (failures: { property: string; reason: string }[]) => failures.map((f) => `${f.property}: ${f.reason}`);

describe("every input's shape and name, checked at preview", () => {
  it("refuses a boolean written as a string or a number, saying how to write it", () => {
    assert.deepEqual(reasons(build({ ignoreCache: "false", noCache: 1, pull: "yes", keepLocally: "yes" })), [
      'ignoreCache: ignoreCache must be true or false, not the string "false" (write false without quotes)',
      "noCache: noCache must be true or false, not the number 1 (write true)",
      'pull: pull must be true or false, not the string "yes"',
      'keepLocally: keepLocally must be true or false, not the string "yes"',
    ]);
    assert.deepEqual(reasons(push({ keepRemotely: "no" })), [
      'keepRemotely: keepRemotely must be true or false, not the string "no"',
    ]);
    assert.deepEqual(reasons(index({ keepRemotely: 0 })), [
      "keepRemotely: keepRemotely must be true or false, not the number 0 (write false)",
    ]);
  });

  it("names an input the resource does not take, with the closest one it does", () => {
    assert.deepEqual(reasons(build({ contxt: "./app" })), [
      "contxt: contxt is not an input of DockerBuild; did you mean context?",
    ]);
    assert.deepEqual(reasons(push({ imageID: `sha256:${"1".repeat(64)}` })), [
      "imageID: imageID is not an input of DockerPush; did you mean imageId?",
    ]);
    assert.match(
      reasons(index({ frobnicate: 1 }))[0]!,
      /frobnicate is not an input of DockerIndex; the inputs are imageName, tag/,
    );
  });

  it("refuses a string where a list belongs, and cacheFrom entries that are no image reference", () => {
    assert.deepEqual(reasons(build({ cacheFrom: "localhost:5000/app:cache" })), [
      'cacheFrom: cacheFrom must be a list, not the string "localhost:5000/app:cache" (write ["localhost:5000/app:cache"])',
    ]);
    const failures = reasons(build({ cacheFrom: ["localhost:5000/app:cache", "::bad::", "app@sha256:12", 5] }));
    assert.equal(failures.length, 3, failures.join("\n"));
    assert.match(failures[0]!, /^cacheFrom\[1\]: cacheFrom\[1\] "::bad::" .*; give an image reference such as/);
    assert.match(failures[1]!, /^cacheFrom\[2\]: cacheFrom\[2\] "app@sha256:12" has a malformed digest/);
    assert.match(failures[2]!, /^cacheFrom\[3\]: cacheFrom\[3\] 5 must be a string/);
    assert.deepEqual(build({ cacheFrom: ["app", "app:cache", `app@sha256:${"b".repeat(64)}`] }), []);
  });

  it("refuses a label or build argument with an empty name", () => {
    assert.deepEqual(reasons(build({ labels: { "": "v" } })), [
      "labels: labels has an empty name; give every entry a name",
    ]);
  });

  it("accepts what the state holds beside the inputs, Pulumi's own keys, and unknown values at preview", () => {
    assert.deepEqual(build({ __urn: "urn", contextDigest: "sha256:x", imageId: "sha256:y", ignoreCache: UNKNOWN }), []);
    assert.deepEqual(push({ localImageId: "sha256:y", digest: "sha256:z", keepRemotely: UNKNOWN }), []);
    assert.deepEqual(index({ digest: "sha256:z", platforms: [] }), []);
  });
});
