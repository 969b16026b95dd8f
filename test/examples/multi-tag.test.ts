import assert from "node:assert/strict";
import { exampleLifecycle } from "../support/example-lifecycle";

const gitSha = "0123456789abcdef0123456789abcdef01234567";

exampleLifecycle({
  name: "multi-tag",
  config: () => ({ version: "v0.1.0", gitSha }),
  first: {
    title: "tags one image dev, v0.1.0 and the git SHA and pushes all three at one digest",
    check: (first) => {
      assert.equal(first.tag, "dev");
      assert.deepEqual(first.additionalTags, ["v0.1.0", gitSha]);
      assert.deepEqual(
        first.references,
        ["dev", "v0.1.0", gitSha].map((tag) => `${first.imageName}:${tag}`),
      );
    },
  },
  edit: {
    title: "moves every tag to the new image when a file in app/ changes",
    file: "release.txt",
    line: (example) => `changed ${example.suffix}`,
    check: (second, first) => {
      assert.notEqual(second.imageId, first.imageId);
      assert.notEqual(second.digest, first.digest);
    },
  },
  destroy: { title: "removes all three local tags on destroy", check: () => undefined },
});
