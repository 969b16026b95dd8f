import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { blobUploads, deleteManifest, manifestDigest } from "../support/registry-http";
import { docker, localImageIdOf } from "../support/docker-cli";
import { testEnvironment, uniqueSuffix } from "../support/environment";
import { createProgram, type TestProgram } from "../support/program";
import { plannedChanges } from "../support/pulumi-cli";
import { PUSH_PROGRAM, appFiles } from "../support/push-program";

const env = testEnvironment();

/** The stack outputs PUSH_PROGRAM exports. */
interface PushOutputs {
  readonly imageId: string;
  readonly tag: string;
  readonly digest: string;
  readonly repoDigest: string;
}

/** Engine, registry and state agree: the state's image holds every tag, and the registry serves the state's digest. */
async function assertConverged(program: TestProgram, imageName: string): Promise<PushOutputs> {
  const out = (await program.stack.outputs()) as unknown as PushOutputs;
  assert.equal(localImageIdOf(`${imageName}:dev`), out.imageId, "local tag dev points at the state's image");
  assert.equal(localImageIdOf(`${imageName}:extra`), out.imageId, "local tag extra points at the state's image");
  assert.equal(await manifestDigest(imageName, "dev"), out.digest, "registry tag dev serves the state's digest");
  assert.equal(await manifestDigest(imageName, "extra"), out.digest, "registry tag extra serves the state's digest");
  assert.deepEqual(await program.stack.pendingOperations(), []);
  await program.stack.preview(["--expect-no-changes"]);
  return out;
}

describe("an image removed behind Pulumi's back", () => {
  let program: TestProgram;
  const suffix = uniqueSuffix();
  const imageName = `${env.registry}/tests/e2e-drift-${suffix}`;
  const planned = async () => plannedChanges((await program.stack.preview(["--json"])).stdout).sort();

  before(async () => {
    program = await createProgram("e2e-drift", PUSH_PROGRAM, appFiles(`drift 1 ${suffix}\n`));
    await program.stack.setConfig("imageName", imageName);
    await program.stack.setConfig("additionalTags", '["extra"]');
    await program.stack.up();
    await assertConverged(program, imageName);
  });
  after(() => program?.dispose());

  it("is rebuilt when image and registry tags are gone; the same image from BuildKit's cache is pushed again by up --refresh", async () => {
    const before = (await program.stack.outputs()) as unknown as PushOutputs;
    docker("image", "rm", "--force", `${imageName}:dev`, `${imageName}:extra`);
    assert.equal(localImageIdOf(before.imageId), undefined, "the image is gone from the engine");
    await deleteManifest(imageName, before.digest);
    assert.equal(await manifestDigest(imageName, "dev"), undefined, "the tag is gone from the registry");

    assert.deepEqual(await planned(), [
      "update pulumi-nodejs:dynamic/docker:DockerBuild app",
      "update pulumi-nodejs:dynamic/docker:DockerPush app",
    ]);
    const up = await program.stack.up();
    assert.match(up.stdout, /is no longer on the Docker engine/);
    assert.match(up.stdout, /could not pull .* back from its registry .*: rebuilding/);
    assert.equal(localImageIdOf(`${imageName}:dev`), before.imageId, "BuildKit's cache gives back the same image");
    assert.match(up.stdout, /the very same image from the build cache[^\n]*run pulumi up --refresh to push it again/);
    assert.equal(await manifestDigest(imageName, "dev"), undefined, "nothing new was pushed by a plain up");
    await program.stack.up(["--refresh"]);
    const after = await assertConverged(program, imageName);
    assert.equal(after.imageId, before.imageId);
    assert.equal(after.tag, "dev");
  });

  it("is pulled back, the very same image, when only the engine lost it (`pulumi up --refresh` too)", async () => {
    const before = (await program.stack.outputs()) as unknown as PushOutputs;
    docker("image", "rm", "--force", before.imageId);
    assert.equal(localImageIdOf(before.imageId), undefined, "the image is gone from the engine");
    const refresh = await program.stack.refresh();
    assert.match(refresh.stdout, /is not on this Docker engine; state kept, the next `pulumi up` pulls it back/);
    const uploadsBefore = blobUploads(imageName);
    const up = await program.stack.up(["--refresh"]);
    assert.match(up.stdout, /pulled .*:dev back from its registry: the same image/);
    const after = await assertConverged(program, imageName);
    assert.equal(after.imageId, before.imageId, "the same image, not a rebuild");
    assert.equal(after.digest, before.digest, "nothing downstream changes");
    assert.equal(blobUploads(imageName), uploadsBefore, "nothing was pushed");
  });

  it("gets a removed tag back without a rebuild or a push", async () => {
    const before = (await program.stack.outputs()) as unknown as PushOutputs;
    docker("image", "rm", `${imageName}:extra`);
    assert.equal(localImageIdOf(`${imageName}:dev`), before.imageId, "only the tag went");
    // Preview cannot know the image stays (a dynamic provider has no way to mark outputs stable), so it may plan the
    // push too; the update itself only tags, and the push then finds nothing to do.
    assert.ok((await planned()).includes("update pulumi-nodejs:dynamic/docker:DockerBuild app"));
    const uploadsBefore = blobUploads(imageName);
    await program.stack.up();
    assert.equal(blobUploads(imageName), uploadsBefore, "nothing was pushed");
    const after = await assertConverged(program, imageName);
    assert.equal(after.imageId, before.imageId, "same image, tagged again");
    assert.equal(after.digest, before.digest);
  });
});
