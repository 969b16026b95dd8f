import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { EngineRequestLog } from "../support/engine-request-log";
import { testEnvironment, uniqueSuffix } from "../support/environment";
import { createProgram, programSource, type TestProgram } from "../support/program";
import { ScratchRegistry } from "../support/scratch-registry";

const env = testEnvironment();
const PAIRS = 3;

/** `PAIRS` small contexts for the DockerBuild + DockerPush pairs of the parallel-updates program. */
function files(): Record<string, string> {
  const tree: Record<string, string> = {};
  for (let i = 0; i < PAIRS; i++) {
    tree[`app${i}/Dockerfile`] = `FROM ${env.busyboxImage}\nCOPY f.txt /f.txt\n`;
    tree[`app${i}/f.txt`] = `pair ${i}\n`;
  }
  return tree;
}

describe("a pulumi up that changes nothing", () => {
  const registry = new ScratchRegistry();
  // Both ups reach the engine through the logging socket: the engine a build used is recorded (engineHost), and
  // another address would be an engine move, not a no-op.
  const engine = new EngineRequestLog();
  let program: TestProgram;
  const up = () =>
    program.stack.ok(["up", "--yes", "--skip-preview", "--stack", program.stack.stack], { DOCKER_HOST: engine.host });

  before(async () => {
    await registry.start();
    await engine.start();
    program = await createProgram("noop-calls", programSource("parallel-updates"), files());
    await program.stack.setConfig("count", String(PAIRS));
    await program.stack.setConfig("prefix", `${registry.host}/noop-${uniqueSuffix()}`);
    await up();
  });
  after(async () => {
    await program.dispose();
    await registry.dispose();
    await engine.dispose();
  });

  it("makes no registry call and one image inspect per DockerBuild, none for a DockerPush", async () => {
    const registryBefore = registry.requests().length;
    const engineBefore = engine.requests().length;
    assert.ok(registryBefore > 0, "control: the registry's access log shows the first up's pushes");
    assert.ok(engineBefore > 0, "control: the engine's request log shows the first up's builds");
    const noop = await up();
    assert.match(noop.stdout, new RegExp(`${2 * PAIRS + 1} unchanged`));
    assert.deepEqual(registry.requests().slice(registryBefore), [], "registry calls during a no-op up");
    const calls = engine.requests().slice(engineBefore);
    assert.equal(calls.length, PAIRS, `engine calls during a no-op up:\n${calls.join("\n")}`);
    for (const call of calls) assert.match(call, /^GET (\/v[\d.]+)?\/images\/sha256:[0-9a-f]{64}\/json$/);
  });
});
