import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseSource, validateIndexInputs } from "../../../provider/image-index/check-index";
import { diffIndex } from "../../../provider/image-index/diff";
import { indexedManifests } from "../../../provider/image-index/indexed-manifests";
import type { DockerIndexOutputs } from "../../../provider/image-index/inputs";
import { UNKNOWN } from "../../../provider/core/unknown-values";

const D = `sha256:${"a".repeat(64)}`;
const imageName = "localhost:5000/team/app";

describe("DockerIndex check", () => {
  it("accepts repo digests of the same registry, in any repository", () => {
    assert.deepEqual(
      validateIndexInputs({ imageName, sources: [`${imageName}@${D}`, `localhost:5000/other@${D}`] }),
      [],
    );
  });

  it("names the source in another registry, a tag instead of a digest, and a bad repository", () => {
    const failures = validateIndexInputs({
      imageName,
      sources: [`localhost:5001/team/app@${D}`, `${imageName}:dev`, `Bad Name@${D}`],
    });
    assert.deepEqual(
      failures.map((f) => f.property),
      ["sources[0]", "sources[1]", "sources[2]"],
    );
    assert.match(failures[0]!.reason, /is in registry "localhost:5001", not in "localhost:5000" of imageName/);
    assert.match(failures[1]!.reason, /is not a repo digest like registry\/repo@sha256:<64 hex>/);
  });

  it("refuses no sources, and leaves unknown sources to create", () => {
    assert.deepEqual(
      validateIndexInputs({ imageName, sources: [] }).map((f) => f.property),
      ["sources"],
    );
    assert.deepEqual(validateIndexInputs({ imageName, sources: UNKNOWN as unknown as string[] }), []);
    assert.deepEqual(validateIndexInputs({ imageName, sources: [UNKNOWN] }), []);
  });

  it("names the missing half of credentials", () => {
    const failures = validateIndexInputs({
      imageName,
      sources: [`${imageName}@${D}`],
      credentials: { username: "u", password: "" },
    });
    assert.deepEqual(
      failures.map((f) => f.property),
      ["credentials.password"],
    );
  });

  it("splits a source into its repository and digest", () => {
    assert.deepEqual(parseSource(`${imageName}@${D}`), { name: imageName, digest: D });
  });
});

describe("DockerIndex diff", () => {
  const olds: DockerIndexOutputs = {
    imageName,
    tag: "dev",
    additionalTags: [],
    sources: [`${imageName}@${D}`],
    image: `${imageName}:dev`,
    digest: D,
    repoDigest: `${imageName}@${D}`,
    platforms: ["linux/amd64"],
    references: [`${imageName}:dev`],
  };

  it("writes again when the sources change, and only updates the state for new credentials", () => {
    const other = `${imageName}@sha256:${"b".repeat(64)}`;
    assert.deepEqual(diffIndex(olds, { imageName, tag: "dev", sources: [other] }).write, true);
    const credentials = diffIndex(olds, {
      imageName,
      tag: "dev",
      sources: olds.sources,
      credentials: { username: "u", password: "p" },
    });
    assert.deepEqual([credentials.write, credentials.stateOnly], [false, true]);
    assert.deepEqual(diffIndex(olds, { imageName, tag: "dev", sources: olds.sources }).changed, []);
  });

  it("replaces when imageName changes", () => {
    assert.equal(diffIndex(olds, { imageName: "localhost:5000/x", tag: "dev", sources: olds.sources }).replace, true);
  });

  it("writes again when a refresh found the index or a source's manifest gone from the repository", () => {
    const missing = { ...olds, missingManifests: [D] };
    assert.deepEqual(diffIndex(missing, { imageName, tag: "dev", sources: olds.sources }).changed, [
      "missingManifests",
    ]);
  });
});

describe("DockerIndex refresh", () => {
  it("checks the index and each source's manifest by digest, named by its platform", () => {
    const other = `sha256:${"b".repeat(64)}`;
    const index = `sha256:${"c".repeat(64)}`;
    const state = {
      digest: index,
      sources: [`${imageName}@${D}`, `localhost:5000/other@${other}`],
      platforms: ["linux/amd64"],
    };
    assert.deepEqual(indexedManifests(state), [
      { label: "index", digest: index },
      { label: "linux/amd64", digest: D },
      { label: "sources[1]", digest: other },
    ]);
  });
});
