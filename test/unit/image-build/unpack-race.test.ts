import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { BuildError } from "../../../provider/core/errors";
import { transientBuildFailure } from "../../../provider/image-build/run-build";

const failed = (step: string, message: string) => new BuildError(`Build of "app:1" failed at step ${step}: ${message}`);

describe("transientBuildFailure and the containerd image store's unpack", () => {
  it("sends again a build whose unpack lost a parent layer snapshot to a garbage collection (engine 28's message)", () => {
    const message =
      `failed to prepare extraction snapshot "extract-945420945-TP3W sha256:${"c".repeat(64)}": ` +
      `parent snapshot sha256:${"0".repeat(64)} does not exist: not found`;
    assert.equal(transientBuildFailure(failed("exporting to image", message)), true);
  });

  it("leaves other unpack failures alone", () => {
    const extract = `failed to extract layer sha256:${"7".repeat(64)}: write /big: no space left on device`;
    assert.equal(transientBuildFailure(failed("exporting to image", extract)), false);
    assert.equal(transientBuildFailure(new Error(`parent snapshot sha256:${"0".repeat(64)} does not exist`)), false);
  });
});
