import assert from "node:assert/strict";
import { status } from "@grpc/grpc-js";
import { after, afterEach, describe, it } from "node:test";
import { dockerClient } from "../../../provider/engine/connection";
import { healthCheckObserver } from "../../../provider/buildkit/health-service";
import { openBuildkitSession, type BuildkitSession } from "../../../provider/buildkit/session";
import { docker, removeImages } from "../../support/docker-cli";
import { testEnvironment, uniqueSuffix } from "../../support/environment";
import { buildWithSession, builtImage } from "../../support/session-build";
import { waitFor } from "../../support/wait";

// The engine's session manager calls grpc.health.v1.Health/Check on a session every interval and drops the session at
// the first check that fails: an error answer at once, no answer after its timeout (measured: every 1 s with a 10 s
// timeout on engine 20.10, every 5 s with a 30 s timeout on engine 28). So a session that answers every check lives
// through a build of any length; these tests show both halves within a few intervals, where a build longer than the
// timeouts took 95 s.

const env = testEnvironment();
const suffix = uniqueSuffix();
const tags: string[] = [];
after(() => removeImages(...tags));
afterEach(() => {
  healthCheckObserver.current = undefined;
});

/** The times (ms since the epoch) of the health checks the sessions of this process receive from now on. */
function recordChecks(answer: () => status | undefined = () => undefined): number[] {
  const times: number[] = [];
  healthCheckObserver.current = () => {
    times.push(Date.now());
    return answer();
  };
  return times;
}

function openSession(secret: string): Promise<BuildkitSession> {
  return openBuildkitSession(dockerClient(), {
    credentials: async () => undefined,
    secrets: new Map([["late", secret]]),
    ssh: [],
  });
}

/** Builds a RUN of `seconds`, then a RUN that copies the secret `late` into the image; the build's result. */
function buildWithLateSecret(session: BuildkitSession, seconds: number, name: string) {
  const tag = `pdd-test/buildkit-health-${name}:${suffix}`;
  tags.push(tag);
  const dockerfile = [
    `FROM ${env.busyboxImage}`,
    `RUN echo ${suffix} && sleep ${seconds}`,
    "RUN --mount=type=secret,id=late,required=true cp /run/secrets/late /late",
    "",
  ].join("\n");
  return buildWithSession(dockerClient(), { Dockerfile: dockerfile }, session.id, tag);
}

/** The engine's check interval, from the first two checks of an open session (in ms). */
async function checkInterval(checks: readonly number[]): Promise<number> {
  assert.ok(await waitFor(() => checks.length >= 2, 30_000), `the engine asked ${checks.length} health checks in 30 s`);
  return checks[1]! - checks[0]!;
}

describe("the health of a BuildKit session", () => {
  it("answers every check the engine asks during a build of three intervals with SERVING, stays open and serves a secret after it", async (t) => {
    const checks = recordChecks();
    const session = await openSession(`late-${suffix}`);
    try {
      const interval = await checkInterval(checks);
      const seconds = Math.ceil((3 * interval) / 1000);
      const started = Date.now();
      const imageId = builtImage(await buildWithLateSecret(session, seconds, "served"));
      const during = checks.filter((time) => time >= started);
      assert.ok(
        during.length >= 2,
        `the engine asked ${during.length} health checks during a build of ${seconds} s (interval ${interval} ms)`,
      );
      t.diagnostic(`interval ${interval} ms; ${during.length} checks answered during a build of ${seconds} s`);
      assert.equal(session.closed, false, "the engine dropped a session that answered every health check");
      assert.equal(docker("run", "--rm", imageId, "cat", "/late"), `late-${suffix}`);
    } finally {
      await session.close();
    }
  });

  it("is dropped by the engine once its health checks fail, and a build naming it then fails", async (t) => {
    let failing = false;
    const checks = recordChecks(() => (failing ? status.UNAVAILABLE : undefined));
    const session = await openSession(`dropped-${suffix}`);
    try {
      const interval = await checkInterval(checks);
      failing = true;
      const failedFrom = Date.now();
      const dropped = await waitFor(() => session.closed, 4 * interval + 10_000);
      const failed = checks.filter((time) => time >= failedFrom).length;
      assert.ok(dropped, `the engine kept a session that failed ${failed} health checks (interval ${interval} ms)`);
      t.diagnostic(
        `interval ${interval} ms; dropped ${Date.now() - failedFrom} ms after failing, ${failed} checks failed`,
      );
      const result = await buildWithLateSecret(session, 0, "dropped");
      assert.equal(result.imageId, undefined, "a build got the secret of a dropped session");
      assert.notEqual(result.errors.length, 0);
    } finally {
      await session.close();
    }
  });
});
