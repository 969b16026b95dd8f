import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { localImageIdOf, removeImages } from "../support/docker-cli";
import { testEnvironment, uniqueSuffix } from "../support/environment";
import { createProgram, type TestProgram } from "../support/program";
import { appFiles, PUSH_PROGRAM } from "../support/push-program";

const env = testEnvironment();

/** Where 0.1.0's serialized providers loaded the real ones from, and under which export. */
const OLD_MODULES = [
  {
    now: ["image-build/docker-build-provider.js", "dockerBuildProvider"],
    then: ["build/handlers.js", "dockerBuildHandlers"],
  },
  {
    now: ["image-push/docker-push-provider.js", "dockerPushProvider"],
    then: ["push/handlers.js", "dockerPushHandlers"],
  },
] as const;

interface StateFile {
  deployment: { resources: { urn: string; inputs?: Record<string, unknown>; outputs?: Record<string, unknown> }[] };
}

describe("state written by 0.1.0, whose serialized providers name the old module paths", () => {
  let program: TestProgram;
  const imageName = `${env.registry}/tests/e2e-old-state-${uniqueSuffix()}`;

  before(async () => {
    program = await createProgram("e2e-old-state", PUSH_PROGRAM, appFiles("old state\n"));
    await program.stack.setConfig("imageName", imageName);
    await program.stack.up();
    const state = JSON.parse(await program.stack.savedState()) as StateFile;
    let rewritten = 0;
    for (const resource of state.deployment.resources) {
      for (const props of [resource.inputs, resource.outputs]) {
        if (typeof props?.__provider !== "string") continue;
        let text = props.__provider;
        for (const { now, then } of OLD_MODULES) {
          text = text.replace(`/dist/provider/${now[0]}`, `/dist/provider/${then[0]}`).replace(now[1], then[1]);
        }
        if (text !== props.__provider) rewritten++;
        props.__provider = text;
      }
    }
    assert.equal(rewritten, 4, "the inputs and outputs of both resources name the new module paths");
    const file = path.join(program.dir, "state.json");
    writeFileSync(file, JSON.stringify(state));
    await program.stack.ok(["stack", "import", "--file", file, "--stack", program.stack.stack]);
    assert.match(await program.stack.savedState(), /dist\/provider\/build\/handlers\.js/);
  });
  after(async () => {
    await program?.dispose();
    removeImages(`${imageName}:dev`);
  });

  it("previews with no changes, refreshes and destroys through the forwarding modules", async () => {
    await program.stack.preview(["--expect-no-changes"]);
    await program.stack.refresh();
    await program.stack.preview(["--expect-no-changes"]);
    await program.stack.destroy();
    assert.equal(localImageIdOf(`${imageName}:dev`), undefined, "destroy did not remove the tag");
  });
});
