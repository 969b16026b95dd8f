import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import type Docker from "dockerode";
import { BuildkitLog, type BuildkitStep } from "../../../provider/buildkit/buildkit-log";
import { packEntries } from "../../../provider/build-context";
import { BuildError } from "../../../provider/core/errors";
import { dockerClient } from "../../../provider/engine/connection";
import { followOperation } from "../../../provider/engine/progress";
import { removeImages } from "../../support/docker-cli";
import { testEnvironment, uniqueSuffix } from "../../support/environment";

const env = testEnvironment();
const suffix = uniqueSuffix();
const docker = dockerClient();
const tagged: string[] = [];
after(() => removeImages(...tagged));

/** What one BuildKit build through the engine left behind: its log, every printed line, and the image ID. */
interface BuildkitRun {
  readonly log: BuildkitLog;
  readonly printed: readonly string[];
}

/** Builds `dockerfile` (the whole context) with the engine's BuildKit, reading the stream through a BuildkitLog. */
async function buildkitBuild(
  name: string,
  dockerfile: string,
  options: Docker.ImageBuildOptions = {},
  printed: string[] = [],
): Promise<BuildkitRun> {
  const image = `pdd-test/buildkit-${name}:${suffix}`;
  tagged.push(image);
  const log = new BuildkitLog(image, (line) => printed.push(line));
  const start = () =>
    docker.buildImage(packEntries([], [{ name: "Dockerfile", content: dockerfile }]), {
      version: "2",
      t: image,
      ...options,
    });
  await followOperation(docker, start, log, "build");
  if (log.imageId === undefined) throw log.noImageId();
  return { log, printed };
}

/** The one step whose name matches `pattern`. */
function stepNamed(steps: ReadonlyMap<string, BuildkitStep>, pattern: RegExp): BuildkitStep {
  const matching = [...steps.values()].filter((s) => pattern.test(s.name));
  assert.equal(matching.length, 1, `one step matching ${pattern} in ${[...steps.keys()].join(", ")}`);
  return matching[0]!;
}

describe("BuildkitLog against the engine's BuildKit", () => {
  it("runs independent stages in parallel: their RUN steps overlap in time", async () => {
    const { log } = await buildkitBuild(
      "parallel",
      [
        `FROM ${env.busyboxImage} AS left`,
        "RUN sleep 2 && echo left > /left",
        `FROM ${env.busyboxImage} AS right`,
        "RUN sleep 2 && echo right > /right",
        `FROM ${env.busyboxImage}`,
        "COPY --from=left /left /left",
        "COPY --from=right /right /right",
        "",
      ].join("\n"),
      { nocache: true },
    );
    const left = stepNamed(log.steps, /^\[left 2\/2\] RUN sleep 2/);
    const right = stepNamed(log.steps, /^\[right 2\/2\] RUN sleep 2/);
    for (const step of [left, right]) {
      assert.equal(step.cached, false, `${step.name} ran`);
      assert.ok(step.started && step.completed, `${step.name} has start and end times`);
      assert.ok(step.completed.getTime() - step.started.getTime() >= 1900, `${step.name} took its 2 s`);
    }
    assert.ok(
      left.started! < right.completed! && right.started! < left.completed!,
      `the two RUN steps overlap: left ${left.started!.toISOString()}–${left.completed!.toISOString()}, ` +
        `right ${right.started!.toISOString()}–${right.completed!.toISOString()}`,
    );
  });

  it("keeps a RUN cache mount between builds", async () => {
    const dockerfile = [
      `FROM ${env.busyboxImage}`,
      // Engine 28's BuildKit (v0.25.2, unlike 20.10's) leaves an explicit cache mount id out of the RUN step's
      // cache key: an earlier run's "ran first" step would come from the build cache and print nothing. An ARG is
      // in the key of every later RUN, so this run's suffix makes the step run. (With nocache instead, the second
      // build on engine 20.10 did not see "ran first".)
      "ARG TEST_RUN",
      "ARG RUN_NAME",
      `RUN --mount=type=cache,id=pdd-test-${suffix},target=/cache echo "ran $RUN_NAME" >> /cache/runs && cat /cache/runs`,
      "",
    ].join("\n");
    const first = await buildkitBuild("cache-mount", dockerfile, {
      buildargs: { TEST_RUN: suffix, RUN_NAME: "first" },
    });
    const second = await buildkitBuild("cache-mount", dockerfile, {
      buildargs: { TEST_RUN: suffix, RUN_NAME: "second" },
    });
    for (const run of [first, second])
      assert.equal(stepNamed(run.log.steps, /RUN --mount=type=cache/).cached, false, "the RUN step ran");
    const output = (run: BuildkitRun) => run.printed.filter((l) => /#\d+ ran (first|second)$/.test(l));
    assert.deepEqual(
      output(first).map((l) => l.replace(/.*#\d+ /, "")),
      ["ran first"],
    );
    assert.deepEqual(
      output(second).map((l) => l.replace(/.*#\d+ /, "")),
      ["ran first", "ran second"],
    );
  });

  it("fails with a BuildError naming the failing RUN step and carrying its output", async () => {
    const printed: string[] = [];
    await assert.rejects(
      buildkitBuild(
        "failing",
        [`FROM ${env.busyboxImage}`, "RUN echo line-one; echo line-two; exit 3", ""].join("\n"),
        { nocache: true },
        printed,
      ),
      (error: unknown) => {
        assert.ok(error instanceof BuildError, `a BuildError, got ${String(error)}`);
        assert.match(
          error.message,
          /^Build of "pdd-test\/buildkit-failing:\S+" failed at step \[2\/2\] RUN echo line-one;/,
        );
        assert.match(error.message, /exit code: 3/);
        assert.match(error.message, /Last lines of the build log:\n {2}line-one\n {2}line-two$/);
        return true;
      },
    );
    assert.ok(
      printed.some((l) => /#\d+ ERROR: .*exit code: 3/.test(l)),
      printed.join("\n"),
    );
  });

  it("prints RUN output decoded, not as base64", async () => {
    const marker = `decoded-output-${suffix}`;
    const { printed } = await buildkitBuild(
      "output",
      [`FROM ${env.busyboxImage}`, `RUN echo ${marker} && echo héllo wörld`, ""].join("\n"),
      { nocache: true },
    );
    const image = `pdd-test/buildkit-output:${suffix}`;
    const run = printed.find((l) => l.startsWith(`[${image}] #`) && l.includes(`RUN echo ${marker}`));
    assert.ok(run, printed.join("\n"));
    const number = /#(\d+) /.exec(run)![1];
    assert.ok(printed.includes(`[${image}] #${number} ${marker}`), printed.join("\n"));
    assert.ok(printed.includes(`[${image}] #${number} héllo wörld`), printed.join("\n"));
    const base64 = Buffer.from(marker).toString("base64").slice(0, 16);
    assert.ok(!printed.some((l) => l.includes(base64)), "no line holds the output as base64");
  });
});
