import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { testEnvironment } from "../support/environment";
import { assertPublished, assertTagsRemoved } from "./checks";
import { ExampleProject, runOffline, type ExampleOutputs } from "./example-project";

describe("examples/basic", () => {
  const example = new ExampleProject("basic");
  let first: ExampleOutputs;
  let second: ExampleOutputs;

  before(() => example.setUp({ registry: testEnvironment().registry, imagePrefix: example.imagePrefix }));
  after(() => example.dispose());

  it("previews creating the build and the push", async () => {
    assert.deepEqual(await example.plannedChanges(), ["create DockerBuild app", "create DockerPush app"]);
  });

  it("builds the image tagged dev and pushes that tag", async () => {
    first = await example.up();
    assert.equal(first.imageName, `${testEnvironment().registry}/${example.imagePrefix}/basic`);
    assert.equal(first.tag, "dev");
    assert.deepEqual(first.additionalTags, []);
    await assertPublished(first);
  });

  it("previews no changes when nothing changed", () => example.expectNoChanges());

  it("rebuilds and re-pushes the fixed tag when a file in app/ changes", async () => {
    example.editApp("index.html", `<p>changed ${example.suffix}</p>`);
    assert.deepEqual(await example.plannedChanges(), ["update DockerBuild app", "update DockerPush app"]);
    second = await example.up();
    assert.notEqual(second.imageId, first.imageId);
    assert.notEqual(second.digest, first.digest);
    await assertPublished(second);
    assert.match(runOffline(second.image), new RegExp(`changed ${example.suffix}`));
  });

  it("refreshes without changes", () => example.refreshExpectingNoChanges());

  it("removes the local tag on destroy", async () => {
    await example.destroy();
    assertTagsRemoved(second);
  });
});
