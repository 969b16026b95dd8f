import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import { assertConverged } from "../support/convergence";
import { testEnvironment } from "../support/environment";
import { createProgram, type TestProgram, programSource } from "../support/program";
import { startPulumi, type RunningPulumi } from "../support/pulumi-process";
import { ScratchRegistry } from "../support/scratch-registry";
import { SecondEngine } from "../support/second-engine";
import { waitFor } from "../support/wait";

const env = testEnvironment();
const REPOSITORY = "faults/app";

/** The Pulumi program, test/programs/faults/index.js. */
const PROGRAM = programSource("faults");

/** A big random layer first (cached after the first build, so only the first push uploads it), then a slow step. */
const DOCKERFILE = `FROM ${env.busyboxImage}
RUN head -c 50000000 /dev/urandom > /big
ARG NONCE=0
ARG SLEEP=0
RUN echo "$NONCE" > /nonce && sleep "$SLEEP"
`;

/**
 * Two SIGINTs, the second once pulumi has answered the first ("^C received; cancelling"): pulumi reads signals through
 * a channel of one, so a second SIGINT that arrives before it has taken the first is lost, and the update is only
 * cancelled, not terminated.
 */
async function hardCancel(up: RunningPulumi): Promise<void> {
  up.child.kill("SIGINT");
  const answered = await waitFor(() => up.output().includes("received; cancelling"), 60_000);
  assert.ok(answered, `pulumi did not answer the first SIGINT within 60 s:\n${up.output()}`);
  up.child.kill("SIGINT");
}

describe("faults: a crashed engine, a crashed registry, interrupted commands and changes behind Pulumi's back", () => {
  const engine = new SecondEngine();
  const registry = new ScratchRegistry();
  let program: TestProgram;
  const stack = () => program.stack;

  /**
   * Starts `pulumi up` with a build whose slow step sleeps `seconds`, and resolves once that step runs: its container
   * runs (classic builder), or the log shows the step started (BuildKit runs it outside the engine's containers).
   */
  async function upUntilSlowStep(nonce: string, seconds: number, buildkit = false): Promise<RunningPulumi> {
    await stack().setConfig("nonce", nonce);
    await stack().setConfig("sleep", String(seconds));
    const up = startPulumi(stack(), ["up", "--yes", "--skip-preview", "--stack", stack().stack]);
    const slowStepRuns = () => {
      if (buildkit) return up.output().includes(`RUN echo "${nonce}" > /nonce && sleep`);
      try {
        return engine
          .docker("ps", "--no-trunc", "--filter", "status=running", "--format", "{{.Command}}")
          .includes("sleep");
      } catch {
        return false;
      }
    };
    if (!(await waitFor(slowStepRuns, 60_000))) {
      up.child.kill("SIGKILL");
      await up.result;
      assert.fail(`the slow build step never ran; pulumi printed:\n${up.output()}`);
    }
    return up;
  }

  /** The types of the state's pending operations (`creating`, `updating`, …). */
  const pendingOperationTypes = async () =>
    (await stack().pendingOperations()).map((o) => (o as { type?: string }).type);

  /** The IDs of every container on the engine, running or not. */
  const containers = () => engine.docker("ps", "-a", "-q", "--no-trunc").split("\n").filter(Boolean);

  before(async () => {
    await engine.start();
    await registry.start();
    engine.loadFromMainEngine(env.busyboxImage);
    program = await createProgram("e2e-faults", PROGRAM, { "app/Dockerfile": DOCKERFILE });
    await stack().setConfig("dockerHost", engine.host);
    await stack().setConfig("imageName", `${registry.host}/${REPOSITORY}`);
    // The classic builder's intermediate containers are what the engine-crash scenarios clean up; BuildKit's own
    // scenario comes last.
    await stack().setConfig("builder", "classic");
  });
  beforeEach(async () => {
    // A scenario that failed half-way must not take the next one down with it.
    if (!engine.answers()) await engine.start();
    if (!(await registry.answers())) await registry.start();
  });
  after(async () => {
    await program?.dispose();
    await registry.dispose();
    await engine.dispose();
  });

  it("converges on the next up after the registry is killed in the middle of a push", async () => {
    const up = startPulumi(stack(), ["up", "--yes", "--skip-preview", "--stack", stack().stack]);
    assert.ok(await waitFor(() => registry.uploadUnderWay(REPOSITORY), 90_000), `no upload started:\n${up.output()}`);
    await registry.kill();
    await registry.start();
    const interrupted = await up.result;
    console.log(`the interrupted up exited ${interrupted.code}`);
    await stack().up();
    await assertConverged(stack(), engine);
  });

  it("converges on the next up after the engine is killed in the middle of a build, and removes only the build's leftover container", async () => {
    const up = await upUntilSlowStep("engine-killed", 5);
    const userContainer = engine.docker("create", "--name", "users-own", env.busyboxImage, "true");
    await engine.kill();
    const failed = await up.result;
    assert.notEqual(failed.code, 0);
    assert.match(failed.stdout + failed.stderr, /error: The Docker engine at unix:\/\/\S+ went away during the build/);
    assert.ok((failed.stdout + failed.stderr).includes(engine.host), "the error does not name the engine");
    await engine.start();
    const leftovers = containers().filter((id) => id !== userContainer);
    assert.equal(leftovers.length, 1, "the crash left no intermediate container: the test proves nothing");
    await stack().setConfig("sleep", "0");
    await stack().up();
    assert.deepEqual(containers(), [userContainer], "a leftover container is still there, or the user's is gone");
    await assertConverged(stack(), engine);
    engine.docker("rm", userContainer);
  });

  it("converges after one SIGINT in the middle of a build: the build finishes and nothing is left pending", async () => {
    const up = await upUntilSlowStep("one-sigint", 4);
    up.child.kill("SIGINT");
    const interrupted = await up.result;
    console.log(`after one SIGINT pulumi exited ${interrupted.code}`);
    assert.deepEqual(await stack().pendingOperations(), []);
    await stack().up();
    await assertConverged(stack(), engine);
    assert.deepEqual(containers(), []);
  });

  it("converges after two SIGINTs in the middle of a build (a hard cancel)", async () => {
    const up = await upUntilSlowStep("two-sigints", 4);
    await hardCancel(up);
    const interrupted = await up.result;
    assert.notEqual(interrupted.code, 0);
    assert.deepEqual(await pendingOperationTypes(), ["updating"]);
    await stack().up();
    await assertConverged(stack(), engine);
    assert.deepEqual(containers(), [], "the cancelled build left a container");
  });

  it("converges on up and on up --refresh after the image is removed from the engine behind Pulumi's back", async () => {
    const image = `${registry.host}/${REPOSITORY}:dev`;
    try {
      engine.docker("rmi", "--force", image);
      await stack().up();
      await assertConverged(stack(), engine);
      engine.docker("rmi", "--force", image);
      await stack().up(["--refresh"]);
      await assertConverged(stack(), engine);
    } finally {
      // Whatever happened, the next scenarios start from a converged stack: a new build argument rebuilds the image.
      await stack().setConfig("nonce", "after-rmi");
      await stack().up();
    }
  });

  it("converges on up --refresh after the tag is deleted from the registry behind Pulumi's back", async () => {
    // A plain `pulumi up` asks no registry (no-op updates stay cheap); `--refresh` finds the tag gone and pushes it.
    const digestOf = async () => String((await stack().resourceOutputs("DockerPush::app")).digest);
    await registry.deleteManifest(REPOSITORY, await digestOf());
    await stack().up(["--refresh"]);
    await assertConverged(stack(), engine);
  });

  it("fails refresh with an error naming the engine while it is down, keeps the state, and refreshes once it is back", async () => {
    const before = await stack().savedState();
    await engine.kill();
    const refresh = await stack().run(["refresh", "--yes", "--skip-preview", "--stack", stack().stack]);
    assert.notEqual(refresh.code, 0);
    assert.ok((refresh.stdout + refresh.stderr).includes(`Cannot reach the Docker engine at ${engine.host}`));
    assert.deepEqual(resourcesOf(await stack().savedState()), resourcesOf(before));
    await engine.start();
    await stack().refresh();
    await stack().up();
    await assertConverged(stack(), engine);
  });

  it("fails destroy with an error naming the engine while it is down, leaves nothing pending, and destroys once it is back", async () => {
    await engine.kill();
    const destroy = await stack().run(["destroy", "--yes", "--skip-preview", "--stack", stack().stack]);
    assert.notEqual(destroy.code, 0);
    assert.ok((destroy.stdout + destroy.stderr).includes(`Cannot reach the Docker engine at ${engine.host}`));
    assert.deepEqual(await stack().pendingOperations(), []);
    await engine.start();
    await stack().destroy();
    assert.deepEqual(resourcesOf(await stack().savedState()), []);
    assert.equal(engine.docker("images", "-q", `${registry.host}/${REPOSITORY}`), "");
  });

  it("converges after two SIGINTs during the first create, once pulumi refresh --clear-pending-creates drops the interrupted create", async () => {
    const up = await upUntilSlowStep("create-cancelled", 4);
    await hardCancel(up);
    assert.notEqual((await up.result).code, 0);
    assert.deepEqual(await pendingOperationTypes(), ["creating"]);
    await stack().setConfig("sleep", "0");
    await stack().refresh(["--clear-pending-creates"]);
    assert.deepEqual(await pendingOperationTypes(), []);
    await stack().up();
    await assertConverged(stack(), engine);
    assert.deepEqual(containers(), [], "the cancelled build left a container");
  });

  it("under BuildKit, fails a build whose engine is killed with an error naming the engine, and converges once it is back", async () => {
    await stack().setConfig("builder", "buildkit");
    const up = await upUntilSlowStep("buildkit-engine-killed", 30, true);
    await engine.kill();
    const failed = await up.result;
    assert.notEqual(failed.code, 0);
    const output = failed.stdout + failed.stderr;
    assert.ok(output.includes(engine.host), `the error does not name the engine:\n${output.slice(-3000)}`);
    assert.match(output, /went away during the build|Cannot reach the Docker engine/);
    assert.deepEqual(await stack().pendingOperations(), []);
    await engine.start();
    await stack().setConfig("sleep", "0");
    await stack().up();
    assert.equal((await stack().resourceOutputs("DockerBuild::app")).resolvedBuilder, "buildkit");
    await assertConverged(stack(), engine);
    assert.deepEqual(containers(), [], "a BuildKit build left a container on the engine");
  });

  it("under BuildKit, converges after two SIGINTs in the middle of a build (a hard cancel)", async () => {
    const up = await upUntilSlowStep("buildkit-two-sigints", 30, true);
    await hardCancel(up);
    assert.notEqual((await up.result).code, 0);
    await stack().setConfig("sleep", "0");
    await stack().up();
    await assertConverged(stack(), engine);
    assert.deepEqual(containers(), []);
  });
});

/** The non-stack resources of an exported state, as URN and outputs, with secrets (re-encrypted on every write) blanked. */
function resourcesOf(exported: string): { urn: string; outputs: unknown }[] {
  const state = JSON.parse(exported, (_key, value: unknown) =>
    value && typeof value === "object" && "ciphertext" in value ? "[secret]" : value,
  ) as { deployment: { resources?: { urn: string; outputs?: unknown }[] } };
  return (state.deployment.resources ?? [])
    .filter((r) => !r.urn.includes("::pulumi:pulumi:Stack::") && !r.urn.includes("::pulumi:providers:"))
    .map((r) => ({ urn: r.urn, outputs: r.outputs }));
}
