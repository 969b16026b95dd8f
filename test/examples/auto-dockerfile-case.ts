import assert from "node:assert/strict";
import type { ExampleCase } from "../support/example-lifecycle";
import { runOffline } from "../support/example-project";

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

/** The lifecycle of a `dockerfile: "auto"` example: the exact generated Dockerfile, and an image that runs the app. */
export function autoDockerfileCase(c: AutoDockerfileCase): ExampleCase {
  return {
    name: c.name,
    config: () => ({ baseImage: c.baseImage }),
    first: {
      title: `generates a Dockerfile that runs ${c.installs} and builds an image that runs the app`,
      check: (first) => {
        const lines = [`FROM ${c.baseImage}`, "WORKDIR /opt/app/app/", ...c.installLines, "COPY . /opt/app/app/", ""];
        assert.equal(first.generatedDockerfile, lines.join("\n"));
        assert.match(runOffline(first.image, ...c.run), c.firstOutput);
      },
    },
    edit: {
      title: "rebuilds and re-pushes when a file in app/ changes",
      file: "greeting.txt",
      line: (example) => `changed ${example.suffix}`,
      check: (second, first, example) => {
        assert.notEqual(second.imageId, first.imageId);
        assert.match(runOffline(second.image, ...c.run), new RegExp(`changed ${example.suffix}`));
      },
    },
  };
}
