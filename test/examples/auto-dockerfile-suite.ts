import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { testEnvironment } from "../support/environment";
import { assertPublished, assertTagsRemoved } from "./checks";
import { ExampleProject, runOffline, type ExampleOutputs } from "./example-project";

/** What differs between the `dockerfile: "auto"` examples. */
export interface AutoDockerfileCase {
  /** The example folder. */
  readonly name: string;
  /** The base image given to the example. */
  readonly baseImage: string;
  /** What the install step does, for the test title. */
  readonly installs: string;
  /** The lines the generated Dockerfile has between WORKDIR and the final COPY. */
  readonly installLines: readonly string[];
  /** The command that runs the app in the image. */
  readonly run: readonly string[];
  /** What the app prints on the first build. */
  readonly firstOutput: RegExp;
}

/** preview → up (exact generated Dockerfile, image runs) → no changes → edit → update → refresh → destroy. */
export function autoDockerfileSuite(c: AutoDockerfileCase): void {
  describe(`examples/${c.name}`, () => {
    const example = new ExampleProject(c.name);
    let first: ExampleOutputs;
    let second: ExampleOutputs;

    before(() =>
      example.setUp({ registry: testEnvironment().registry, imagePrefix: example.imagePrefix, baseImage: c.baseImage }),
    );
    after(() => example.dispose());

    it("previews creating the build and the push", async () => {
      assert.deepEqual(await example.plannedChanges(), ["create DockerBuild app", "create DockerPush app"]);
    });

    it(`generates a Dockerfile that runs ${c.installs} and builds an image that runs the app`, async () => {
      first = await example.up();
      const lines = [`FROM ${c.baseImage}`, "WORKDIR /opt/app/app/", ...c.installLines, "COPY . /opt/app/app/", ""];
      assert.equal(first.generatedDockerfile, lines.join("\n"));
      await assertPublished(first);
      assert.match(runOffline(first.image, ...c.run), c.firstOutput);
    });

    it("previews no changes when nothing changed", () => example.expectNoChanges());

    it("rebuilds and re-pushes when a file in app/ changes", async () => {
      example.editApp("greeting.txt", `changed ${example.suffix}`);
      assert.deepEqual(await example.plannedChanges(), ["update DockerBuild app", "update DockerPush app"]);
      second = await example.up();
      assert.notEqual(second.imageId, first.imageId);
      await assertPublished(second);
      assert.match(runOffline(second.image, ...c.run), new RegExp(`changed ${example.suffix}`));
    });

    it("refreshes without changes", () => example.refreshExpectingNoChanges());

    it("removes the local tag on destroy", async () => {
      await example.destroy();
      assertTagsRemoved(second);
    });
  });
}
