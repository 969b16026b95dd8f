import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { dockerClient } from "../../../provider/engine/connection";
import { openBuildkitSession } from "../../../provider/buildkit/session";
import { docker, removeImages } from "../../support/docker-cli";
import { testEnvironment, uniqueSuffix } from "../../support/environment";
import { buildWithSession, builtImage } from "../../support/session-build";

const env = testEnvironment();
const suffix = uniqueSuffix();
const tag = `pdd-test/buildkit-long:${suffix}`;
after(() => removeImages(tag));

describe("a BuildKit session during a long build", () => {
  it("stays healthy through a RUN of 95 seconds and still serves a secret after it", { timeout: 240_000 }, async () => {
    const engine = dockerClient();
    const session = await openBuildkitSession(engine, {
      credentials: async () => undefined,
      secrets: new Map([["late", `late-${suffix}`]]),
      ssh: [],
    });
    try {
      const dockerfile = [
        `FROM ${env.busyboxImage}`,
        "RUN sleep 95",
        "RUN --mount=type=secret,id=late,required=true cp /run/secrets/late /late",
        "",
      ].join("\n");
      const imageId = builtImage(await buildWithSession(engine, { Dockerfile: dockerfile }, session.id, tag));
      assert.equal(session.closed, false);
      assert.equal(docker("run", "--rm", imageId, "cat", "/late"), `late-${suffix}`);
    } finally {
      await session.close();
    }
  });
});
