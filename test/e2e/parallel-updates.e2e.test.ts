import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { manifestDigest } from "../support/registry-http";
import { docker, localImageIdsOf } from "../support/docker-cli";
import { testEnvironment, uniqueSuffix } from "../support/environment";
import { writeTree } from "../support/fixtures";
import { createProgram, type TestProgram, programSource } from "../support/program";

const env = testEnvironment();
const STACKS = 3;
const RESOURCES = 20;
const ROUNDS = Number(process.env.PDD_STRESS_ROUNDS ?? 5);
const suffix = uniqueSuffix();

/** `count` DockerBuild + DockerPush pairs, `app<i>/` each, under `<prefix>/img<i>:x`. */
const PROGRAM = programSource("parallel-updates");

/**
 * What resource `i` of stack `s` holds in round `r`: every stack holds the same two contents (this run's own), and
 * every round each resource takes the other one. So each update's old image is the cache hit of half the builds
 * running at the same time in every stack: the collision that failed parallel updates when old images were removed
 * during those builds.
 */
function content(_stack: number, round: number, i: number): string {
  return `content ${(round + i) % 2} ${suffix}\n`;
}

function files(stack: number, round: number): Record<string, string> {
  const tree: Record<string, string> = {};
  for (let i = 0; i < RESOURCES; i++) {
    tree[`app${i}/Dockerfile`] = `FROM ${env.busyboxImage}\nCOPY f.txt /f.txt\nCMD ["cat", "/f.txt"]\n`;
    tree[`app${i}/f.txt`] = content(stack, round, i);
  }
  return tree;
}

describe("parallel updates on one engine", () => {
  const programs: TestProgram[] = [];
  const prefix = (s: number) => `${env.registry}/tests/stress-${suffix}/s${s}`;

  before(async () => {
    for (let s = 0; s < STACKS; s++) {
      const program = await createProgram(`stress-${s}`, PROGRAM, files(s, 0));
      await program.stack.setConfig("count", String(RESOURCES));
      await program.stack.setConfig("prefix", prefix(s));
      programs.push(program);
    }
  });
  after(async () => {
    await Promise.all(programs.map((p) => p.dispose()));
  });

  it(`${STACKS} stacks of ${RESOURCES} builds and pushes update at once for ${ROUNDS} rounds without a failure`, async () => {
    for (let round = 0; round <= ROUNDS; round++) {
      if (round > 0) programs.forEach((p, s) => writeTree(p.dir, files(s, round)));
      const results = await Promise.all(programs.map((p) => p.stack.run(["up", "--yes", "--skip-preview"])));
      results.forEach((result, s) => {
        assert.equal(result.code, 0, `round ${round}, stack ${s} failed:\n${result.stdout}\n${result.stderr}`);
      });
      for (const [s, program] of programs.entries()) {
        const { images } = (await program.stack.outputs()) as {
          images: Record<string, { imageId: string; digest: string }>;
        };
        const localIds = localImageIdsOf(Array.from({ length: RESOURCES }, (_, i) => `${prefix(s)}/img${i}:x`));
        for (let i = 0; i < RESOURCES; i++) {
          const image = `${prefix(s)}/img${i}`;
          const out = images[`img${i}`];
          assert.ok(out, `round ${round}: stack ${s} has no output for img${i}`);
          assert.equal(localIds[i], out.imageId, `round ${round}: local ${image}:x`);
          assert.equal(await manifestDigest(image, "x"), out.digest, `round ${round}: registry ${image}:x`);
          if (round === ROUNDS) {
            const shown = docker("run", "--rm", out.imageId);
            assert.equal(`${shown}\n`, content(s, round, i), `round ${round}: content of ${image}:x`);
          }
        }
      }
    }
  });
});
