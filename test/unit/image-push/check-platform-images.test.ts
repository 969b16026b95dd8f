import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { platformImagesProblems } from "../../../provider/image-push/check-platform-images";
import { diffPush } from "../../../provider/image-push/diff";
import type { DockerPushOutputs } from "../../../provider/image-push/inputs";

const ARM = { platform: "linux/arm64", imageId: `sha256:${"a".repeat(64)}`, tag: "dev-linux-arm64" };
const AMD = { platform: "linux/amd64", imageId: `sha256:${"b".repeat(64)}`, tag: "dev-linux-amd64" };

describe("platformImages check", () => {
  it("accepts one image per platform", () => {
    assert.deepEqual(platformImagesProblems([ARM, AMD]), []);
    assert.deepEqual(platformImagesProblems(undefined), []);
  });

  it("names each bad field and a platform given twice (arm64, arm64/v8 and aarch64 alike)", () => {
    const failures = platformImagesProblems([
      ARM,
      { platform: "linux/arm64/v8", imageId: "abc", tag: "bad tag" },
      { ...AMD, platform: "amd64" },
    ]);
    assert.deepEqual(
      failures.map((f) => f.property),
      [
        "platformImages[1].platform",
        "platformImages[1].imageId",
        "platformImages[1].tag",
        "platformImages[2].platform",
      ],
    );
    assert.equal(
      failures[0]!.reason,
      'platformImages[1].platform "linux/arm64/v8" and platformImages[0].platform "linux/arm64" are both linux/arm64 ' +
        "as Docker reads them; give each platform once",
    );
    assert.match(failures[3]!.reason, /"amd64" names no OS/);
    const aliased = platformImagesProblems([ARM, { ...AMD, platform: "linux/aarch64" }]);
    assert.match(
      aliased[0]?.reason ?? "",
      /"linux\/aarch64" and platformImages\[0\]\.platform "linux\/arm64" are both/,
    );
  });

  it("accepts any spelling Docker reads, and refuses what it does not", () => {
    assert.deepEqual(platformImagesProblems([{ ...ARM, platform: "Linux/AArch64" }, AMD]), []);
    const failures = platformImagesProblems([
      { ...ARM, platform: "linux/arm64/v8/x" },
      { ...AMD, platform: 3 },
    ]);
    assert.deepEqual(
      failures.map((f) => f.reason),
      [
        'platformImages[0].platform "linux/arm64/v8/x" is not a platform Docker reads: it has more than three parts; ' +
          "write os/arch[/variant], e.g. linux/amd64 or linux/arm64",
        "platformImages[1].platform 3 must be a string such as linux/arm64",
      ],
    );
  });

  it("refuses an empty list", () => {
    assert.deepEqual(
      platformImagesProblems([]).map((f) => f.property),
      ["platformImages"],
    );
  });
});

describe("diffPush with platformImages", () => {
  const olds: DockerPushOutputs = {
    imageName: "localhost:5000/app",
    tag: "dev",
    additionalTags: [],
    platformImages: [ARM, AMD],
    image: "localhost:5000/app:dev",
    digest: `sha256:${"c".repeat(64)}`,
    repoDigest: "",
    references: [],
    pushedImageId: ARM.imageId,
  };

  it("pushes when a platform's image ID changes, and not when nothing does", () => {
    const moved = { ...AMD, imageId: `sha256:${"d".repeat(64)}` };
    const changes = diffPush(olds, { imageName: olds.imageName, tag: "dev", platformImages: [ARM, moved] });
    assert.deepEqual([changes.push, changes.changed], [true, ["platformImages"]]);
    assert.equal(diffPush(olds, { imageName: olds.imageName, tag: "dev", platformImages: [ARM, AMD] }).push, false);
  });
});
