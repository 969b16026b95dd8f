import assert from "node:assert/strict";
import { mkdtempSync, rmSync, symlinkSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { removeImages } from "../support/docker-cli";
import { removedOrPending } from "../support/engine-removal";
import { testEnvironment, uniqueSuffix } from "../support/environment";
import { createProgram, programSource, type TestProgram } from "../support/program";
import { plannedChanges } from "../support/pulumi-cli";
import { appFiles } from "../support/push-program";

const env = testEnvironment();
const ENGINE_SOCKET = env.engine.socket;
/** A Dockerfile step in a build log: the classic builder's `Step 2/3 : …`, BuildKit's `#5 [2/3] …`. */
const BUILD_STEP = /Step \d+\/\d+ :|#\d+ \[\d+\/\d+\]/;

/** The marker Pulumi puts on a secret value in a stack export. */
const SECRET_SIGNATURE = "4dabf18193072939515e22adb298388d";

/** A state value, with a secret shown by `--show-secrets` (`{ <signature>, plaintext }`) decoded. */
function plain(value: unknown): unknown {
  const secret = value as { [SECRET_SIGNATURE]?: string; plaintext?: string } | undefined;
  return secret?.[SECRET_SIGNATURE] !== undefined ? JSON.parse(String(secret.plaintext)) : value;
}

/** The DockerBuild's state outputs with secrets shown. */
async function buildState(program: TestProgram): Promise<Record<string, unknown>> {
  const exported = await program.stack.ok(["stack", "export", "--show-secrets", "--stack", program.stack.stack]);
  const state = JSON.parse(exported.stdout) as {
    deployment: { resources?: { urn: string; outputs?: Record<string, unknown> }[] };
  };
  const resource = (state.deployment.resources ?? []).find((r) => r.urn.endsWith("DockerBuild::app"));
  assert.ok(resource, "no DockerBuild app in the state");
  return resource.outputs ?? {};
}

describe("DockerBuild stores a new engine connection or new credentials without building", () => {
  let program: TestProgram;
  let linkDir = "";
  const imageName = `${env.registry}/tests/e2e-connection-${uniqueSuffix()}`;
  const planned = async () => plannedChanges((await program.stack.preview(["--json"])).stdout);

  before(async () => {
    // A second address of the same engine: a symlink to its socket, removed later to make that address dead.
    linkDir = mkdtempSync(path.join(os.tmpdir(), "pdd-connection-"));
    symlinkSync(ENGINE_SOCKET, path.join(linkDir, "docker.sock"));
    program = await createProgram("e2e-connection", programSource("build-connection"), appFiles("connection\n"));
    await program.stack.setConfig("imageName", imageName);
    await program.stack.setConfig("docker", JSON.stringify({ host: `unix://${linkDir}/docker.sock` }));
    await program.stack.setConfig(
      "registries",
      JSON.stringify([{ address: env.authRegistry, ...env.authCredentials }]),
    );
    const created = await program.stack.up();
    assert.match(created.stdout, BUILD_STEP, "a build shows its steps in the up output");
  });
  after(async () => {
    await program?.dispose();
    removeImages(`${imageName}:dev`);
    rmSync(linkDir, { recursive: true, force: true });
  });

  it("shows new build credentials as an update that builds nothing and stores them", async () => {
    const before = await program.stack.outputs();
    const rotated = [{ address: env.authRegistry, username: env.authCredentials.username, password: "rotated" }];
    await program.stack.setConfig("registries", JSON.stringify(rotated));
    assert.deepEqual(await planned(), ["update pulumi-nodejs:dynamic/docker:DockerBuild app"]);
    const up = await program.stack.up();
    assert.doesNotMatch(up.stdout, BUILD_STEP, "the update ran a build");
    assert.equal((await program.stack.outputs()).imageId, before.imageId);
    assert.deepEqual(plain((await buildState(program)).registries), rotated);
    await program.stack.preview(["--expect-no-changes"]);
  });

  it("shows a new docker connection as an update that builds nothing; refresh and destroy then use it", async () => {
    const before = await program.stack.outputs();
    const docker = { host: `unix://${ENGINE_SOCKET}` };
    await program.stack.setConfig("docker", JSON.stringify(docker));
    assert.deepEqual(await planned(), ["update pulumi-nodejs:dynamic/docker:DockerBuild app"]);
    const up = await program.stack.up();
    assert.doesNotMatch(up.stdout, BUILD_STEP, "the update ran a build");
    assert.equal((await program.stack.outputs()).imageId, before.imageId);
    assert.deepEqual(plain((await buildState(program)).docker), docker);
    await program.stack.preview(["--expect-no-changes"]);

    rmSync(path.join(linkDir, "docker.sock"));
    await program.stack.refresh();
    await program.stack.destroy();
    // Removed now, or by the last build of another process holding a lease on this engine (parallel runs).
    assert.ok(removedOrPending(env.engine.host, env.engine.host, imageName, "dev"), "destroy did not remove the tag");
  });
});
