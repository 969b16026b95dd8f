import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { BuildError, PushError } from "../../../provider/core/errors";
import { transientBuildFailure } from "../../../provider/image-build/run-build";

const failed = (step: string, message: string) => new BuildError(`Build of "app:1" failed at step ${step}: ${message}`);

describe("transientBuildFailure", () => {
  it("sends again a build that lost the containerd image store's naming race (engine 28's messages)", () => {
    const dangling = `image "moby-dangling@sha256:${"1".repeat(64)}": already exists`;
    assert.equal(transientBuildFailure(failed("exporting to image", dangling)), true);
    const named = `image "localhost:5000/app:dev": already exists`;
    assert.equal(transientBuildFailure(failed("exporting to image", named)), true);
  });

  it("sends again a build whose uploaded context the engine had handed out already", () => {
    const message = `failed to read downloaded context: Get "http://build-context-ev6fat6wfjzyqb1666ybtrf8i": context not found`;
    assert.equal(transientBuildFailure(failed("[internal] load remote build context", message)), true);
  });

  it("leaves every other failure alone", () => {
    assert.equal(transientBuildFailure(failed("[2/2] RUN false", "process did not complete successfully")), false);
    assert.equal(transientBuildFailure(failed("[2/2] COPY x /", `"/x": not found`)), false);
    assert.equal(transientBuildFailure(new Error(`image "a": already exists`)), false);
    assert.equal(transientBuildFailure(new PushError(`tag "a": context not found`)), false);
  });
});
