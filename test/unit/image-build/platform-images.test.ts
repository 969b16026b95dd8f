import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  parsePlatforms,
  platformReleases,
  primaryPlatformIndex,
  retagPlatformImages,
} from "../../../provider/image-build/platform-images";

const AMD64 = { platform: "linux/amd64", imageId: "sha256:amd", tag: "dev-linux-amd64" };
const ARM64 = { platform: "linux/arm64", imageId: "sha256:arm", tag: "dev-linux-arm64" };

describe("primaryPlatformIndex", () => {
  const platforms = parsePlatforms(["linux/arm64", "linux/amd64", "linux/arm/v7"]);

  it("picks the platform of the engine itself", () => {
    assert.equal(primaryPlatformIndex(platforms, { os: "linux", arch: "amd64" }), 1);
    assert.equal(primaryPlatformIndex(platforms, { os: "Linux", arch: "arm" }), 2);
    assert.equal(primaryPlatformIndex(platforms, { os: "linux", arch: "aarch64" }), 0);
  });

  it("picks the first platform when none is the engine's", () => {
    assert.equal(primaryPlatformIndex(platforms, { os: "linux", arch: "s390x" }), 0);
    assert.equal(primaryPlatformIndex(platforms, { os: "windows", arch: "amd64" }), 0);
  });
});

describe("parsePlatforms", () => {
  it("reads each platform as Docker does", () => {
    assert.deepEqual(parsePlatforms(["linux/aarch64", "Linux/ARMHF"]), [
      { os: "linux", architecture: "arm64" },
      { os: "linux", architecture: "arm", variant: "v7" },
    ]);
  });
});

describe("retagPlatformImages", () => {
  it("gives each image the platform tag of the new tag, keeping its ID", () => {
    const arm = { platform: "linux/arm/v7", imageId: "sha256:v7", tag: "dev-linux-arm-v7" };
    assert.deepEqual(retagPlatformImages([AMD64, arm], "dev", "prod"), [
      { ...AMD64, tag: "prod-linux-amd64" },
      { ...arm, tag: "prod-linux-arm-v7" },
    ]);
  });

  it("keeps the tags a state from an older version gave (linux/arm was dev-linux-arm)", () => {
    const arm = { platform: "linux/arm", imageId: "sha256:v7", tag: "dev-linux-arm" };
    assert.deepEqual(retagPlatformImages([arm], "dev", "dev"), [arm]);
    assert.deepEqual(retagPlatformImages([arm], "dev", "prod"), [{ ...arm, tag: "prod-linux-arm" }]);
  });
});

describe("platformReleases", () => {
  it("releases every old platform image with its tag when nothing is wanted any more (delete)", () => {
    assert.deepEqual(platformReleases("localhost:5000/app", [AMD64, ARM64]), [
      { imageId: "sha256:amd", imageName: "localhost:5000/app", tags: ["dev-linux-amd64"] },
      { imageId: "sha256:arm", imageName: "localhost:5000/app", tags: ["dev-linux-arm64"] },
    ]);
  });

  it("keeps the tags still wanted but releases their old images, which go once a rebuild moved the tag", () => {
    const rebuilt = [{ ...AMD64, imageId: "sha256:new" }];
    assert.deepEqual(platformReleases("localhost:5000/app", [AMD64, ARM64], rebuilt), [
      { imageId: "sha256:amd", imageName: "localhost:5000/app", tags: [] },
      { imageId: "sha256:arm", imageName: "localhost:5000/app", tags: ["dev-linux-arm64"] },
    ]);
  });

  it("releases nothing for a state without platforms", () => {
    assert.deepEqual(platformReleases("localhost:5000/app", undefined, [AMD64]), []);
  });
});
