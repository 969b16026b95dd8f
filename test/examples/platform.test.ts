import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { docker } from "../support/docker-cli";
import { testEnvironment } from "../support/environment";
import { assertPublished, assertTagsRemoved } from "./checks";
import { ExampleProject, type ExampleOutputs } from "./example-project";

describe("examples/platform", () => {
  const example = new ExampleProject("platform");
  let first: ExampleOutputs;
  let second: ExampleOutputs;
  const platformOf = (image: string) => docker("image", "inspect", "--format", "{{.Os}}/{{.Architecture}}", image);

  before(() => example.setUp({ registry: testEnvironment().registry, imagePrefix: example.imagePrefix }));
  after(() => example.dispose());

  it("previews creating the build and the push", async () => {
    assert.deepEqual(await example.plannedChanges(), ["create DockerBuild app", "create DockerPush app"]);
  });

  it("builds a linux/amd64 image and pushes it", async () => {
    first = await example.up();
    assert.equal(platformOf(first.image), "linux/amd64");
    await assertPublished(first);
  });

  it("previews no changes when nothing changed", () => example.expectNoChanges());

  it("rebuilds for the same platform when a file in app/ changes", async () => {
    example.editApp("platform.txt", `changed ${example.suffix}`);
    assert.deepEqual(await example.plannedChanges(), ["update DockerBuild app", "update DockerPush app"]);
    second = await example.up();
    assert.notEqual(second.imageId, first.imageId);
    assert.equal(platformOf(second.image), "linux/amd64");
    await assertPublished(second);
  });

  it("refreshes without changes", () => example.refreshExpectingNoChanges());

  it("removes the local tag on destroy", async () => {
    await example.destroy();
    assertTagsRemoved(second);
  });
});
