import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, it } from "node:test";
import { imageIndex, OCI_INDEX_MEDIA_TYPE } from "../../../provider/registry-api/image-index";

const AMD = { digest: `sha256:${"a".repeat(64)}`, size: 528, mediaType: "application/vnd.oci.image.manifest.v1+json" };
const ARM = {
  digest: `sha256:${"b".repeat(64)}`,
  size: 529,
  mediaType: "application/vnd.docker.distribution.manifest.v2+json",
};

describe("imageIndex", () => {
  it("writes an OCI index with one entry per platform, in the given order, and a variant only when there is one", () => {
    const index = imageIndex([
      { ...AMD, platform: { os: "linux", architecture: "amd64" } },
      { ...ARM, platform: { os: "linux", architecture: "arm", variant: "v7" } },
    ]);
    assert.equal(index.mediaType, OCI_INDEX_MEDIA_TYPE);
    assert.deepEqual(JSON.parse(index.bytes.toString("utf8")), {
      schemaVersion: 2,
      mediaType: OCI_INDEX_MEDIA_TYPE,
      manifests: [
        { ...AMD, platform: { architecture: "amd64", os: "linux" } },
        { ...ARM, platform: { architecture: "arm", os: "linux", variant: "v7" } },
      ],
    });
  });

  it("gives the same bytes and digest for the same entries, whatever the key order of the platforms given", () => {
    const one = imageIndex([{ ...AMD, platform: { os: "linux", architecture: "amd64" } }]);
    const two = imageIndex([
      {
        platform: { architecture: "amd64", os: "linux" },
        size: AMD.size,
        mediaType: AMD.mediaType,
        digest: AMD.digest,
      },
    ]);
    assert.deepEqual(one.bytes, two.bytes);
    assert.equal(one.digest, `sha256:${createHash("sha256").update(one.bytes).digest("hex")}`);
    assert.equal(one.size, one.bytes.length);
    assert.equal(
      one.bytes.toString("utf8"),
      `{"schemaVersion":2,"mediaType":"${OCI_INDEX_MEDIA_TYPE}","manifests":[{"mediaType":"${AMD.mediaType}",` +
        `"digest":"${AMD.digest}","size":528,"platform":{"architecture":"amd64","os":"linux"}}]}`,
    );
  });
});
