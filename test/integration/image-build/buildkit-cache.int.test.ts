import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { dockerBuildProvider } from "../../../provider/image-build/docker-build-provider";
import type { DockerBuildInputs, DockerBuildOutputs } from "../../../provider/image-build/inputs";
import { dockerClient } from "../../../provider/engine/connection";
import { pushTag } from "../../../provider/image-push/run-push";
import { removeImages } from "../../support/docker-cli";
import { testEnvironment, uniqueSuffix } from "../../support/environment";
import { makeTree, removeTree } from "../../support/fixtures";
import { imageConfig } from "../../support/registry-http";
import { SecondEngine } from "../../support/second-engine";

const env = testEnvironment();
const suffix = uniqueSuffix();
const cleanups: (() => void | Promise<void>)[] = [];
after(async () => {
  for (const cleanup of cleanups) await cleanup();
});

/** Creates a DockerBuild through the provider (check, then create) and returns its state and its printed log. */
async function createLogged(inputs: DockerBuildInputs): Promise<{ outs: DockerBuildOutputs; log: string[] }> {
  const checked = await dockerBuildProvider.check!({} as DockerBuildInputs, inputs);
  assert.deepEqual(checked.failures ?? [], []);
  const log: string[] = [];
  const print = console.log;
  console.log = (...args: unknown[]) => log.push(args.join(" "));
  try {
    const outs = (await dockerBuildProvider.create(checked.inputs as DockerBuildInputs)).outs as DockerBuildOutputs;
    cleanups.push(() => removeImages(`${outs.imageName}:${outs.tag}`));
    return { outs, log };
  } finally {
    console.log = print;
  }
}

describe("BuildKit inline cache", () => {
  it("writes cache metadata into the image with cacheTo inline, and a build elsewhere reuses its steps through cacheFrom", async () => {
    const context = makeTree({
      Dockerfile: `FROM ${env.busyboxImage}\nRUN echo ${suffix} > /id && sleep 1\nRUN echo second > /second\n`,
    });
    cleanups.push(() => removeTree(context));
    const source = `${env.registry}/tests/inline-cache-${suffix}`;
    const { outs } = await createLogged({ imageName: source, tag: "v1", context, cacheTo: "inline" });
    assert.equal(outs.resolvedBuilder, "buildkit");
    await pushTag(dockerClient(), {
      imageName: source,
      tag: "v1",
      registry: env.registry,
      auth: undefined,
      print: () => undefined,
    });
    const config = await imageConfig(source, "v1");
    assert.ok("moby.buildkit.cache.v0" in config, `no inline cache in the config: ${Object.keys(config).join(", ")}`);

    // Another machine: an engine of the tests' own, which has neither the image nor BuildKit's cache of those steps
    // (pruning the tested engine's build cache instead would take every other test's cache with it).
    removeImages(`${source}:v1`);
    const elsewhere = new SecondEngine();
    cleanups.push(() => elsewhere.dispose());
    await elsewhere.start();
    elsewhere.loadFromMainEngine(env.busyboxImage);
    const { log } = await createLogged({
      imageName: `${env.registry}/tests/inline-cache-user-${suffix}`,
      tag: "v1",
      context,
      cacheFrom: [`${source}:v1`],
      docker: { host: elsewhere.host },
    });
    const runSteps = log.flatMap((line) => /#(\d+) \[\d\/3\] RUN /.exec(line)?.[1] ?? []);
    assert.equal(runSteps.length, 2, log.join("\n"));
    for (const step of runSteps) {
      assert.ok(
        log.some((line) => line.endsWith(`#${step} CACHED`)),
        `RUN step #${step} was not taken from the inline cache:\n${log.join("\n")}`,
      );
    }
  });
});
