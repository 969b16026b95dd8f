import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { removeImages } from "../support/docker-cli";
import { EngineRequestLog } from "../support/engine-request-log";
import { testEnvironment, uniqueSuffix } from "../support/environment";
import { createProgram, type TestProgram } from "../support/program";
import { plannedChanges } from "../support/pulumi-cli";

const env = testEnvironment();
const imageName = `${env.registry}/tests/e2e-session-cut-${uniqueSuffix()}`;

const INDEX = `
const { DockerBuild } = require("pulumi-docker-dynamic");
const build = new DockerBuild("app", { imageName: "${imageName}", tag: "cut", context: "app", builder: "buildkit" });
exports.imageId = build.imageId;
`;

/** 40 files of 128 KiB that do not compress: 5 MiB for the session to send on the first build. */
function context(): Record<string, string> {
  const files: Record<string, string> = { "app/Dockerfile": "FROM scratch\nCOPY . /ctx/\n" };
  for (let i = 0; i < 40; i++) files[`app/data/f${i}.txt`] = randomBytes(96 * 1024).toString("base64");
  return files;
}

describe("a BuildKit session cut while it sends the build context, through the pulumi CLI", () => {
  // Every call reaches the engine through a socket that can cut the session's connection, as a dropped one would.
  const engine = new EngineRequestLog();
  let program: TestProgram;
  const up = () =>
    program.stack.run(["up", "--yes", "--skip-preview", "--stack", program.stack.stack], { DOCKER_HOST: engine.host });

  before(async () => {
    await engine.start();
    program = await createProgram("e2e-session-cut", INDEX, context());
  });
  after(async () => {
    await program.dispose();
    await engine.dispose();
    removeImages(`${imageName}:cut`);
  });

  it("fails the up clearly, leaves nothing pending, and the next up converges", async () => {
    engine.cutSessionsAfter(1024 * 1024);
    const failed = await up();
    assert.notEqual(failed.code, 0, `the up succeeded although its session was cut:\n${failed.stdout}`);
    assert.ok(engine.sessionsCut > 0, "control: the session's connection was cut");
    assert.match(
      failed.stdout + failed.stderr,
      /the session serving the build context to the engine was cut during the build .*run the update again/,
    );
    assert.deepEqual(await program.stack.pendingOperations(), [], "the failed up left pending operations");

    engine.cutSessionsAfter(undefined);
    const next = await up();
    assert.equal(next.code, 0, `the next up failed:\n${next.stdout}\n${next.stderr}`);
    const { imageId } = (await program.stack.outputs()) as { imageId: string };
    const inspected = spawnSync("docker", ["image", "inspect", "--format", "{{.Id}}", `${imageName}:cut`], {
      encoding: "utf8",
    });
    assert.equal(inspected.stdout.trim(), imageId, "the tag does not point at the state's imageId");
    const preview = await program.stack.ok(["preview", "--json", "--stack", program.stack.stack], {
      DOCKER_HOST: engine.host,
    });
    assert.deepEqual(plannedChanges(preview.stdout), [], "a preview after the converging up still plans changes");
  });
});
