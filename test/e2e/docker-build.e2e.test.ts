import assert from "node:assert/strict";
import { utimesSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { localImageIdOf } from "../support/docker-cli";
import { testEnvironment, uniqueSuffix } from "../support/environment";
import { createProgram, type TestProgram, programSource } from "../support/program";
import { plannedChanges, keysInState } from "../support/pulumi-cli";
import { startAgent } from "../support/ssh-agent";

const env = testEnvironment();
const imageName = `${env.registry}/tests/e2e-build-${uniqueSuffix()}`;

/** The Pulumi program, test/programs/docker-build/index.js. */
const INDEX = programSource("docker-build");

describe("DockerBuild through the pulumi CLI", () => {
  let program: TestProgram;
  const outputs = async () => (await program.stack.outputs()) as Record<string, string>;
  const planned = async () => plannedChanges((await program.stack.preview(["--json"])).stdout);

  before(async () => {
    program = await createProgram("e2e-build", INDEX, {
      "app/Dockerfile": `FROM ${env.busyboxImage}\nCOPY . /srv/\nCMD ["cat", "/srv/hello.txt"]\n`,
      "app/.dockerignore": "ignored.txt\n",
      "app/hello.txt": "hello 1\n",
      "app/ignored.txt": "ignored 1\n",
    });
    await program.stack.setConfig("imageName", imageName);
  });
  const cleanups: (() => void)[] = [];
  after(async () => {
    await program?.dispose();
    for (const cleanup of cleanups.reverse()) cleanup();
  });

  it("builds on up, and a second up has nothing to do", async () => {
    const preview = await planned();
    assert.deepEqual(preview, ["create pulumi-nodejs:dynamic/docker:DockerBuild app"]);
    await program.stack.up();
    const out = await outputs();
    assert.equal(out.image, `${imageName}:e2e`);
    assert.equal(localImageIdOf(`${imageName}:e2e`), out.imageId);
    assert.equal(localImageIdOf(`${imageName}:e2e-extra`), out.imageId);
    await program.stack.preview(["--expect-no-changes"]);
  });

  it("sees no change when only the serialized provider changed (a new library version)", async () => {
    const state = JSON.parse(await program.stack.savedState()) as {
      deployment: { resources: { urn: string; inputs?: Record<string, unknown>; outputs?: Record<string, unknown> }[] };
    };
    const resource = state.deployment.resources.find((r) => r.urn.endsWith("DockerBuild::app"));
    assert.ok(resource?.inputs && resource.outputs);
    const changed = `${String(resource.inputs.__provider)}\n// a later version of the library`;
    resource.inputs.__provider = changed;
    resource.outputs.__provider = changed;
    const file = path.join(program.dir, "state.json");
    writeFileSync(file, JSON.stringify(state));
    await program.stack.ok(["stack", "import", "--file", file, "--stack", program.stack.stack]);
    await program.stack.preview(["--expect-no-changes"]);
  });

  it("ignores edits to ignored files and touches of sent files", async () => {
    writeFileSync(path.join(program.dir, "app", "ignored.txt"), "ignored 2\n");
    const future = new Date(Date.now() + 60_000);
    utimesSync(path.join(program.dir, "app", "hello.txt"), future, future);
    await program.stack.preview(["--expect-no-changes"]);
  });

  it("shows an update for an edited file, and up rebuilds with a new image ID", async () => {
    const before = await outputs();
    writeFileSync(path.join(program.dir, "app", "hello.txt"), "hello 2\n");
    assert.deepEqual(await planned(), ["update pulumi-nodejs:dynamic/docker:DockerBuild app"]);
    await program.stack.up();
    const after = await outputs();
    assert.notEqual(after.imageId, before.imageId);
    assert.notEqual(after.contextDigest, before.contextDigest);
    assert.equal(localImageIdOf(`${imageName}:e2e`), after.imageId);
    await program.stack.preview(["--expect-no-changes"]);
  });

  it("always updates with ignoreCache", async () => {
    await program.stack.setConfig("ignoreCache", "true");
    await program.stack.up();
    assert.deepEqual(await planned(), ["update pulumi-nodejs:dynamic/docker:DockerBuild app"]);
    await program.stack.setConfig("ignoreCache", "false");
    await program.stack.up();
    await program.stack.preview(["--expect-no-changes"]);
  });

  it("rebuilds when a trigger changes", async () => {
    await program.stack.ok(["config", "set", "--path", "triggers[0]", "release-1", "--stack", program.stack.stack]);
    assert.deepEqual(await planned(), ["update pulumi-nodejs:dynamic/docker:DockerBuild app"]);
    const up = await program.stack.up();
    assert.match(
      up.stdout,
      /Successfully built [0-9a-f]+|writing image sha256:[0-9a-f]+|exporting manifest sha256:[0-9a-f]+/,
      "the update built nothing",
    );
    await program.stack.preview(["--expect-no-changes"]);
  });

  it("stores state-only inputs without building, and once they are removed the state holds none of them", async () => {
    const { imageId, resolvedBuilder } = await program.stack.resourceOutputs("DockerBuild::app");
    const stateOnly = {
      keepLocally: true,
      docker: { host: env.engine.host },
      registries: [{ address: env.authRegistry, username: "e2e", password: "unused" }],
      secrets: { token: "e2e" },
      ssh: [{ id: "e2e", paths: [startAgent("pdd-e2e-state-only", cleanups).socket] }],
      builder: resolvedBuilder,
    };
    const keys = Object.keys(stateOnly);
    await program.stack.setConfig("stateOnly", JSON.stringify(stateOnly));
    await program.stack.up();
    const set = await program.stack.resourceState("DockerBuild::app");
    for (const key of keys) assert.ok(key in set.inputs && key in set.outputs, `${key} was not stored`);
    assert.equal(set.outputs.imageId, imageId, "a state-only update built an image");
    await program.stack.ok(["config", "rm", "stateOnly", "--stack", program.stack.stack]);
    await program.stack.up();
    const removed = await program.stack.resourceState("DockerBuild::app");
    assert.deepEqual(keysInState(removed, keys), [], "inputs removed from the program are still in the state");
    assert.equal(removed.outputs.imageId, imageId);
    await program.stack.preview(["--expect-no-changes"]);
    // The next case's destroy removes the tags: keepLocally is back at its default.
  });

  it("refresh keeps the state, and destroy removes the tags", async () => {
    await program.stack.refresh(["--expect-no-changes"]);
    await program.stack.destroy();
    assert.equal(localImageIdOf(`${imageName}:e2e`), undefined);
    assert.equal(localImageIdOf(`${imageName}:e2e-extra`), undefined);
  });
});
