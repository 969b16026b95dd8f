import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { undoSteps, type EngineBefore } from "../../../provider/image-build/failed-platform-builds";

const OLD = "sha256:old";
const NEW = "sha256:new";
const before = (tagged: Record<string, string>, images: string[]): EngineBefore => ({
  tagged: new Map(Object.entries(tagged)),
  images: new Set(images),
});

describe("undoSteps: what a failed multi-platform build leaves of the builds that ended well", () => {
  it("points a moved tag back at its image and releases the new image", () => {
    assert.deepEqual(undoSteps(before({ "dev-linux-amd64": OLD }, [OLD]), [{ tag: "dev-linux-amd64", imageId: NEW }]), [
      { kind: "restore", tag: "dev-linux-amd64", imageId: NEW, previous: OLD, release: true },
    ]);
  });

  it("releases a new tag on a new image", () => {
    assert.deepEqual(undoSteps(before({}, [OLD]), [{ tag: "dev-linux-amd64", imageId: NEW }]), [
      { kind: "release", tag: "dev-linux-amd64", imageId: NEW },
    ]);
  });

  it("never releases an image that was on the engine before: only the tag the build added goes", () => {
    assert.deepEqual(undoSteps(before({}, [OLD]), [{ tag: "dev-linux-amd64", imageId: OLD }]), [
      { kind: "untag", tag: "dev-linux-amd64", imageId: OLD },
    ]);
    assert.deepEqual(
      undoSteps(before({ "dev-linux-amd64": "sha256:other" }, [OLD, "sha256:other"]), [
        { tag: "dev-linux-amd64", imageId: OLD },
      ]),
      [{ kind: "restore", tag: "dev-linux-amd64", imageId: OLD, previous: "sha256:other", release: false }],
    );
  });

  it("leaves a tag that already pointed at the image the build gave back", () => {
    assert.deepEqual(
      undoSteps(before({ "dev-linux-amd64": OLD }, [OLD]), [{ tag: "dev-linux-amd64", imageId: OLD }]),
      [],
    );
  });
});
