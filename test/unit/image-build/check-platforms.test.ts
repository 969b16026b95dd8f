import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { validatePlatforms } from "../../../provider/image-build/check-platforms";
import { validateBuildInputs } from "../../../provider/image-build/check-inputs";
import type { DockerBuildInputs } from "../../../provider/image-build/inputs";
import { UNKNOWN } from "../../../provider/core/unknown-values";

function failures(changes: Record<string, unknown>) {
  return validatePlatforms({ imageName: "localhost:5000/app", tag: "dev", ...changes } as DockerBuildInputs);
}

describe("validatePlatforms", () => {
  it("accepts distinct os/arch[/variant] platforms, and no platforms at all", () => {
    assert.deepEqual(failures({ platforms: ["linux/amd64", "linux/arm64", "linux/arm/v7"] }), []);
    assert.deepEqual(failures({}), []);
  });

  it("accepts platforms unknown at preview, as a whole or one by one", () => {
    assert.deepEqual(failures({ platforms: UNKNOWN }), []);
    assert.deepEqual(failures({ platforms: ["linux/amd64", UNKNOWN] }), []);
  });

  it("refuses an empty list and a value that is not a list", () => {
    assert.match(failures({ platforms: [] })[0]?.reason ?? "", /at least one platform/);
    assert.deepEqual(
      failures({ platforms: "linux/amd64" }).map((f) => f.property),
      ["platforms"],
    );
  });

  it("names each malformed platform by its index", () => {
    const found = failures({ platforms: ["linux/amd64", "amd64", "Linux/ARM64", 3] });
    assert.deepEqual(
      found.map((f) => f.property),
      ["platforms[1]", "platforms[2]", "platforms[3]"],
    );
    assert.match(found[0]?.reason ?? "", /"amd64" is not os\/arch\[\/variant\]/);
  });

  it("refuses a platform given twice, counting arm64 and arm64/v8 as the same", () => {
    const found = failures({ platforms: ["linux/arm64", "linux/amd64", "linux/arm64/v8"] });
    assert.deepEqual(
      found.map((f) => f.property),
      ["platforms[2]"],
    );
    assert.match(found[0]?.reason ?? "", /given twice/);
  });

  it("refuses platforms together with platform", () => {
    const found = failures({ platform: "linux/amd64", platforms: ["linux/arm64"] });
    assert.deepEqual(
      found.map((f) => f.property),
      ["platforms"],
    );
    assert.match(found[0]?.reason ?? "", /exclude each other/);
  });

  it("refuses a tag whose platform tags would be longer than the engine allows", () => {
    const found = failures({ tag: "t".repeat(120), platforms: ["linux/amd64"] });
    assert.deepEqual(
      found.map((f) => f.property),
      ["tag"],
    );
    assert.match(found[0]?.reason ?? "", /more than 128 characters/);
  });

  it("refuses an additional tag that is a platform image's tag", () => {
    const found = failures({ additionalTags: ["dev-linux-arm64"], platforms: ["linux/amd64", "linux/arm64"] });
    assert.deepEqual(
      found.map((f) => f.property),
      ["additionalTags"],
    );
    assert.match(found[0]?.reason ?? "", /linux\/arm64 image/);
  });

  it("is part of the DockerBuild checks, and platforms with the classic builder fail naming platforms", () => {
    const inputs = { imageName: "localhost:5000/app", tag: "dev", platforms: ["linux/amd64"], builder: "classic" };
    const found = validateBuildInputs(inputs as DockerBuildInputs);
    assert.deepEqual(
      found.map((f) => f.property),
      ["platforms"],
    );
    assert.match(found[0]?.reason ?? "", /platforms needs BuildKit, and builder is "classic"/);
    const malformed = validateBuildInputs({ ...inputs, builder: undefined, platforms: ["x"] } as DockerBuildInputs);
    assert.deepEqual(
      malformed.map((f) => f.property),
      ["platforms[0]"],
    );
  });

  it("refuses shmSize with platforms, which need BuildKit", () => {
    const inputs = { imageName: "localhost:5000/app", platforms: ["linux/amd64"], shmSize: 1024 };
    const found = validateBuildInputs(inputs as DockerBuildInputs);
    assert.deepEqual(
      found.map((f) => f.property),
      ["shmSize"],
    );
    assert.match(found[0]?.reason ?? "", /platforms need BuildKit/);
  });
});
