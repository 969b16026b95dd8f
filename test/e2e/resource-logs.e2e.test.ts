import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { removeImages } from "../support/docker-cli";
import { testEnvironment, uniqueSuffix } from "../support/environment";
import { createProgram, programSource, type TestProgram } from "../support/program";

const env = testEnvironment();

/** The diagnostic events (debug left out) of `pulumi up --json`, which prints one engine event per line. */
function diagnostics(stdout: string): { urn?: string; message: string; severity: string }[] {
  return stdout
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as { diagnosticEvent?: { urn?: string; message: string; severity: string } })
    .flatMap((event) => (event.diagnosticEvent ? [event.diagnosticEvent] : []))
    .filter((event) => event.severity !== "debug");
}

describe("logs on the resource's own row", () => {
  const prefix = `${env.registry}/tests/logs-${uniqueSuffix()}`;
  let program: TestProgram;
  before(async () => {
    const files: Record<string, string> = {};
    for (const i of [0, 1]) {
      files[`app${i}/Dockerfile`] = `FROM ${env.busyboxImage}\nRUN echo building-img${i}-${uniqueSuffix()}\n`;
    }
    program = await createProgram("resource-logs", programSource("parallel-updates"), files);
    await program.stack.setConfig("count", "2");
    await program.stack.setConfig("prefix", prefix);
  });
  after(async () => {
    await program?.dispose();
    removeImages(`${prefix}/img0:x`, `${prefix}/img1:x`);
  });

  it("gives each build's and push's log lines the URN of its own resource when two build at once", async () => {
    const up = await program.stack.up(["--json", "--parallel", "4"]);
    const state = JSON.parse(await program.stack.savedState()) as {
      deployment: { resources: { urn: string; type: string }[] };
    };
    const urns = state.deployment.resources.map((r) => r.urn);
    const events = diagnostics(up.stdout);
    for (const i of [0, 1]) {
      for (const type of ["DockerBuild", "DockerPush"]) {
        const urn = urns.find((u) => u.endsWith(`::pulumi-nodejs:dynamic/docker:${type}::img${i}`));
        assert.ok(urn, `no ${type} img${i} in the state`);
        const own = events.filter((e) => e.urn === urn);
        assert.ok(own.length > 0, `no diagnostic event carries the URN of ${type} img${i}`);
        for (const event of own) {
          assert.ok(
            event.message.includes(`${prefix}/img${i}:x`),
            `${type} img${i} got a line of another: ${event.message}`,
          );
        }
      }
      const build = events.find((e) => e.message.includes(`building-img${i}`));
      assert.ok(build, `the build log of img${i} is missing`);
      assert.match(build.urn ?? "", new RegExp(`DockerBuild::img${i}$`), "a build line without its resource's URN");
    }
    const unowned = events.filter((e) => !e.urn && e.message.includes(prefix));
    assert.deepEqual(unowned, [], "log lines of the images appeared under the stack");
    await program.stack.preview(["--expect-no-changes"]);
  });
});
