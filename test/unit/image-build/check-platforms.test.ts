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

  it("names each platform Docker does not read, or that names no OS, by its index", () => {
    const found = failures({ platforms: ["linux/amd64", "amd64", "linux//arm64", 3, "Linux/ARM64"] });
    assert.deepEqual(
      found.map((f) => f.property),
      ["platforms[1]", "platforms[2]", "platforms[3]"],
    );
    assert.match(found[0]?.reason ?? "", /platforms\[1\] "amd64" names no OS.*write os\/arch, e\.g\. linux\/amd64/);
    assert.match(found[1]?.reason ?? "", /"linux\/\/arm64" is not a platform Docker reads: it has an empty part/);
  });

  it("refuses two spellings of one platform, naming both, what they mean and the fix", () => {
    const found = failures({ platforms: ["linux/arm64", "linux/amd64", "linux/aarch64"] });
    assert.deepEqual(found, [
      {
        property: "platforms",
        reason:
          'platforms[0] "linux/arm64" and platforms[2] "linux/aarch64" are both linux/arm64 as Docker reads them, ' +
          "which would be built twice; drop one of them",
      },
    ]);
    for (const twins of [
      ["linux/arm64", "linux/arm64/v8"],
      ["linux/arm", "linux/armhf"],
      ["linux/amd64", "Linux/X86_64"],
      ["linux/386", "linux/i386"],
    ]) {
      assert.match(failures({ platforms: twins })[0]?.reason ?? "", /are both .* drop one of them/, twins.join(" "));
    }
    assert.deepEqual(failures({ platforms: ["linux/arm/v6", "linux/arm/v7", "linux/arm64/v9"] }), []);
  });

  it("refuses two platforms whose tags would be one tag", () => {
    const found = failures({ platforms: ["linux/arm-v7", "linux/arm/v7"] });
    assert.deepEqual(
      found.map((f) => f.property),
      ["platforms"],
    );
    assert.match(found[0]?.reason ?? "", /would both be tagged "dev-linux-arm-v7" on the engine; drop one of them/);
    assert.match(failures({ tag: undefined, platforms: ["linux/arm-v7", "linux/arm"] })[0]?.reason ?? "", /<tag>/);
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
