import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { testEnvironment } from "../support/environment";
import { assertPublished, assertTagsRemoved } from "./checks";
import { ExampleProject, type ExampleOutputs } from "./example-project";

describe("examples/multi-tag", () => {
  const example = new ExampleProject("multi-tag");
  const gitSha = "0123456789abcdef0123456789abcdef01234567";
  let first: ExampleOutputs;
  let second: ExampleOutputs;

  before(() =>
    example.setUp({
      registry: testEnvironment().registry,
      imagePrefix: example.imagePrefix,
      version: "v0.1.0",
      gitSha,
    }),
  );
  after(() => example.dispose());

  it("previews creating the build and the push", async () => {
    assert.deepEqual(await example.plannedChanges(), ["create DockerBuild app", "create DockerPush app"]);
  });

  it("tags one image dev, v0.1.0 and the git SHA and pushes all three at one digest", async () => {
    first = await example.up();
    assert.equal(first.tag, "dev");
    assert.deepEqual(first.additionalTags, ["v0.1.0", gitSha]);
    assert.deepEqual(
      first.references,
      ["dev", "v0.1.0", gitSha].map((tag) => `${first.imageName}:${tag}`),
    );
    await assertPublished(first);
  });

  it("previews no changes when nothing changed", () => example.expectNoChanges());

  it("moves every tag to the new image when a file in app/ changes", async () => {
    example.editApp("release.txt", `changed ${example.suffix}`);
    assert.deepEqual(await example.plannedChanges(), ["update DockerBuild app", "update DockerPush app"]);
    second = await example.up();
    assert.notEqual(second.imageId, first.imageId);
    assert.notEqual(second.digest, first.digest);
    await assertPublished(second);
  });

  it("refreshes without changes", () => example.refreshExpectingNoChanges());

  it("removes all three local tags on destroy", async () => {
    await example.destroy();
    assertTagsRemoved(second);
  });
});
