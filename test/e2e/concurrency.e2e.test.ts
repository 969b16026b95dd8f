import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { Barrier, BarrierServer, holdFirstUploads } from "../support/barrier";
import { removeImages } from "../support/docker-cli";
import { testEnvironment, uniqueSuffix } from "../support/environment";
import { createProgram, programSource, type TestProgram } from "../support/program";
import { manifestDigest } from "../support/registry-http";
import { RegistryProxy, registryTarget } from "../support/registry-proxy";

const env = testEnvironment();
const PAIRS = 4;

/** What one `pulumi up` of the pairs saw at the two meeting points. */
interface Meeting {
  /** Most builds waiting in their RUN step at once. */
  readonly builds: number;
  /** Most pushes waiting at their first blob upload at once. */
  readonly pushes: number;
  /** The images pushed, for the clean-up. */
  readonly images: string[];
}

/**
 * Runs `pulumi up <flags>` of `PAIRS` DockerBuild + DockerPush pairs: every build's RUN step calls a barrier server on
 * the loopback, every push goes through a registry proxy that holds its first upload at a second barrier. A barrier
 * lets its arrivals go on when all `PAIRS` met or after `timeoutMs` alone, so a serialised run still succeeds, only
 * slower, and the peaks tell how many operations were in flight together.
 */
async function upAndMeet(builder: string, flags: string[], timeoutMs: number): Promise<Meeting> {
  const buildBarrier = new Barrier(PAIRS, timeoutMs);
  const pushBarrier = new Barrier(PAIRS, timeoutMs);
  const server = await BarrierServer.start(buildBarrier);
  const proxy = await RegistryProxy.start(registryTarget(env.registry), holdFirstUploads(pushBarrier));
  const suffix = uniqueSuffix();
  const files: Record<string, string> = {};
  for (let i = 0; i < PAIRS; i++) {
    files[`app${i}/Dockerfile`] =
      `FROM ${env.busyboxImage}\nRUN wget -q -O /met ${server.url}/${suffix}/${i}\nCMD ["cat", "/met"]\n`;
  }
  const prefix = `${proxy.host}/tests/concurrency-${suffix}`;
  let program: TestProgram | undefined;
  try {
    program = await createProgram("concurrency", programSource("concurrency"), files);
    await program.stack.setConfig("count", String(PAIRS));
    await program.stack.setConfig("prefix", prefix);
    await program.stack.setConfig("builder", builder);
    await program.stack.up(flags);
    const { digests } = (await program.stack.outputs()) as { digests: Record<string, string> };
    for (let i = 0; i < PAIRS; i++) {
      const repository = `tests/concurrency-${suffix}/img${i}`;
      assert.equal(
        digests[`img${i}`],
        await manifestDigest(`${env.registry}/${repository}`, "x"),
        `img${i} was not pushed`,
      );
    }
    assert.equal(buildBarrier.arrived, PAIRS, "not every build ran its RUN step");
    assert.equal(pushBarrier.arrived, PAIRS, "not every push uploaded a blob");
    return {
      builds: buildBarrier.peak,
      pushes: pushBarrier.peak,
      images: Array.from({ length: PAIRS }, (_, i) => `${prefix}/img${i}:x`),
    };
  } finally {
    await program?.dispose();
    await server.close();
    await proxy.close();
  }
}

describe("builds and pushes of one update run at the same time", { concurrency: false }, () => {
  const images: string[] = [];
  after(() => removeImages(...images));

  for (const builder of ["buildkit", "classic"]) {
    it(`${builder}: ${PAIRS} builds are in their RUN step together, then ${PAIRS} pushes upload together`, async () => {
      const met = await upAndMeet(builder, ["--parallel", "8"], 60_000);
      images.push(...met.images);
      assert.deepEqual({ builds: met.builds, pushes: met.pushes }, { builds: PAIRS, pushes: PAIRS });
    });
  }

  it("the meeting points tell serialised operations: with --parallel 1 no two builds or pushes meet", async () => {
    const met = await upAndMeet("buildkit", ["--parallel", "1"], 1_500);
    images.push(...met.images);
    assert.deepEqual({ builds: met.builds, pushes: met.pushes }, { builds: 1, pushes: 1 });
  });
});
