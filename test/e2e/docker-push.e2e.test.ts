import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { docker, localImageIdOf, removeImages } from "../support/docker-cli";
import { testEnvironment, uniqueSuffix } from "../support/environment";
import { createProgram, type TestProgram } from "../support/program";
import { plannedChanges, keysInState } from "../support/pulumi-cli";
import { appFiles, PUSH_PROGRAM } from "../support/push-program";
import { blobUploads, deleteManifestOrFail, manifestDigest, registryTags } from "../support/registry-http";

const env = testEnvironment();
const suffix = uniqueSuffix();
const imageName = `${env.registry}/tests/e2e-push-${suffix}`;
/** `imageName@digest` names the test pulled: the containerd image store keeps them as names of their own. */
const pulled: string[] = [];

describe("DockerPush to the open registry through the pulumi CLI", () => {
  let program: TestProgram;
  const outputs = async () => (await program.stack.outputs()) as Record<string, unknown>;

  before(async () => {
    // Content of this run only: on the containerd image store (engine 28) an identical image from an earlier run,
    // still named by the digest that run pulled, would keep "the image" on the engine after this run's tags are gone.
    program = await createProgram("e2e-push", PUSH_PROGRAM, appFiles(`<h1>one ${suffix}</h1>\n`));
    await program.stack.setConfig("imageName", imageName);
    await program.stack.ok(["config", "set", "--path", "additionalTags[0]", "v0.1.0"]);
    await program.stack.ok(["config", "set", "--path", "additionalTags[1]", "dac9ccc"]);
  });
  after(async () => {
    await program?.dispose();
    removeImages(`${imageName}:dev`, `${imageName}:v0.1.0`, `${imageName}:dac9ccc`, ...pulled);
  });

  it("pushes every tag, and the repo digest pulls the same image", async () => {
    await program.stack.up();
    const out = await outputs();
    assert.deepEqual(await registryTags(imageName), ["dac9ccc", "dev", "v0.1.0"]);
    assert.equal(await manifestDigest(imageName, "dev"), out.digest);
    assert.equal(out.repoDigest, `${imageName}@${String(out.digest)}`);
    assert.deepEqual(out.references, [`${imageName}:dev`, `${imageName}:v0.1.0`, `${imageName}:dac9ccc`]);
    removeImages(`${imageName}:dev`, `${imageName}:v0.1.0`, `${imageName}:dac9ccc`);
    assert.equal(localImageIdOf(String(out.imageId)), undefined);
    docker("pull", String(out.repoDigest));
    pulled.push(String(out.repoDigest));
    assert.equal(localImageIdOf(String(out.repoDigest)), out.imageId);
    for (const tag of ["dev", "v0.1.0", "dac9ccc"]) docker("tag", String(out.repoDigest), `${imageName}:${tag}`);
    await program.stack.preview(["--expect-no-changes"]);
  });

  it("re-pushes the fixed tag dev when the content changes", async () => {
    const before = await outputs();
    writeFileSync(path.join(program.dir, "app", "index.html"), `<h1>two ${suffix}</h1>\n`);
    const plan = plannedChanges((await program.stack.preview(["--json"])).stdout);
    assert.deepEqual(plan.sort(), [
      "update pulumi-nodejs:dynamic/docker:DockerBuild app",
      "update pulumi-nodejs:dynamic/docker:DockerPush app",
    ]);
    await program.stack.up();
    const after = await outputs();
    assert.notEqual(after.digest, before.digest);
    assert.equal(await manifestDigest(imageName, "dev"), after.digest);
    await program.stack.preview(["--expect-no-changes"]);
  });

  it("skips the upload when the registry already holds the image", async () => {
    const uploads = blobUploads(imageName);
    await program.stack.setConfig("pushTwice", "true");
    const up = await program.stack.up();
    assert.match(up.stdout, /already in localhost:\d+ at sha256:[a-f0-9]{64}; upload skipped/);
    assert.equal(blobUploads(imageName), uploads, "the registry saw a blob upload");
    await program.stack.setConfig("pushTwice", "false");
    await program.stack.up();
  });

  it("refresh marks a tag deleted from the registry as missing, and up pushes it again", async () => {
    const { digest } = await outputs();
    await deleteManifestOrFail(imageName, String(digest));
    await program.stack.refresh();
    const refreshed = await program.stack.resourceOutputs("DockerPush::app");
    assert.deepEqual(refreshed.missingTags, ["dev", "v0.1.0", "dac9ccc"]);
    const plan = plannedChanges((await program.stack.preview(["--json"])).stdout);
    assert.deepEqual(plan, ["update pulumi-nodejs:dynamic/docker:DockerPush app"]);
    await program.stack.up();
    assert.equal(await manifestDigest(imageName, "dev"), digest);
    assert.deepEqual((await outputs()).missingTags, []);
  });

  it("stores state-only inputs without pushing; removed, none stays in the state and destroy keeps the tags", async () => {
    const { digest } = await outputs();
    const stateOnly = {
      keepRemotely: false,
      credentials: { insecure: true },
      docker: { host: env.engine.host },
      source: "build",
    };
    const keys = Object.keys(stateOnly);
    await program.stack.setConfig("stateOnly", JSON.stringify(stateOnly));
    await program.stack.up();
    const set = await program.stack.resourceState("DockerPush::app");
    for (const key of keys) assert.ok(key in set.inputs && key in set.outputs, `${key} was not stored`);
    assert.equal("imageId" in set.outputs, false, "imageId, replaced by source in the program, is still in the state");
    assert.equal(set.outputs.digest, digest);
    await program.stack.ok(["config", "rm", "stateOnly", "--stack", program.stack.stack]);
    await program.stack.up();
    const removed = await program.stack.resourceState("DockerPush::app");
    assert.deepEqual(keysInState(removed, keys), [], "inputs removed from the program are still in the state");
    assert.equal(removed.outputs.imageId, removed.inputs.imageId);
    await program.stack.preview(["--expect-no-changes"]);
    // keepRemotely is back at its default (true): destroying the push leaves the registry alone.
    await program.stack.destroyTarget(removed.urn);
    assert.equal(await manifestDigest(imageName, "dev"), digest);
  });

  it("destroy with keepRemotely: false deletes the pushed manifest", async () => {
    await program.stack.setConfig("keepRemotely", "false");
    await program.stack.up();
    assert.ok(await manifestDigest(imageName, "dev"));
    await program.stack.destroy();
    assert.equal(await manifestDigest(imageName, "dev"), undefined);
    assert.deepEqual(await registryTags(imageName), []);
  });
});

describe("DockerPush of a build, through the pulumi CLI", () => {
  it("stops preview when an input the build decides is given besides it, naming the property and the fix", async () => {
    const source = [
      'const { DockerBuild, DockerPush } = require("pulumi-docker-dynamic");',
      `const build = new DockerBuild("app", { imageName: "${imageName}-both", tag: "dev", context: "app" });`,
      `new DockerPush("app", { build, imageName: "${imageName}-other" });`,
    ].join("\n");
    const both = await createProgram("e2e-push-both", source, appFiles("both\n"));
    try {
      const preview = await both.stack.run(["preview", "--stack", both.stack.stack]);
      assert.notEqual(preview.code, 0, `preview passed:\n${preview.stdout}`);
      assert.match(
        `${preview.stdout}\n${preview.stderr}`,
        /DockerPush "app" has both build and imageName: with build, imageName is the build's \(build\.imageName\); remove imageName/,
      );
      assert.equal(localImageIdOf(`${imageName}-both:dev`), undefined, "the preview built the image");
    } finally {
      await both.dispose();
    }
  });
});
