import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { testEnvironment } from "../support/environment";
import { assertPublished, assertTagsRemoved } from "./checks";
import { ExampleProject, runOffline, type ExampleOutputs } from "./example-project";

describe("examples/auto-dockerfile-python", () => {
  const example = new ExampleProject("auto-dockerfile-python");
  let first: ExampleOutputs;
  let second: ExampleOutputs;

  before(() =>
    example.setUp({
      registry: testEnvironment().registry,
      imagePrefix: example.imagePrefix,
      baseImage: testEnvironment().pythonImage,
    }),
  );
  after(() => example.dispose());

  it("previews creating the build and the push", async () => {
    assert.deepEqual(await example.plannedChanges(), ["create DockerBuild app", "create DockerPush app"]);
  });

  it("generates a Dockerfile that runs pip install and builds an image that runs the app", async () => {
    first = await example.up();
    assert.equal(
      first.generatedDockerfile,
      [
        `FROM ${testEnvironment().pythonImage}`,
        "WORKDIR /opt/app/app/",
        "COPY requirements.txt ./",
        "RUN python -m pip install --no-cache-dir -r requirements.txt",
        "COPY . /opt/app/app/",
        "",
      ].join("\n"),
    );
    await assertPublished(first);
    assert.match(
      runOffline(first.image, "python", "main.py"),
      /^Hello from a generated Python Dockerfile \(Python 3\.\d+\.\d+\)$/,
    );
  });

  it("previews no changes when nothing changed", () => example.expectNoChanges());

  it("rebuilds and re-pushes when a file in app/ changes", async () => {
    example.editApp("greeting.txt", `changed ${example.suffix}`);
    assert.deepEqual(await example.plannedChanges(), ["update DockerBuild app", "update DockerPush app"]);
    second = await example.up();
    assert.notEqual(second.imageId, first.imageId);
    await assertPublished(second);
    assert.match(runOffline(second.image, "python", "main.py"), new RegExp(`changed ${example.suffix}`));
  });

  it("refreshes without changes", () => example.refreshExpectingNoChanges());

  it("removes the local tag on destroy", async () => {
    await example.destroy();
    assertTagsRemoved(second);
  });
});
