import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { dockerClient } from "../../../provider/engine/connection";
import { openBuildkitSession, type SessionServices } from "../../../provider/buildkit/session";
import { docker, removeImages } from "../../support/docker-cli";
import { testEnvironment, uniqueSuffix } from "../../support/environment";
import { buildWithSession, builtImage } from "../../support/session-build";
import { startAgent, sshAddFiles, type TestAgent } from "../../support/ssh-agent";

const env = testEnvironment();
const suffix = uniqueSuffix();
const cleanups: (() => void)[] = [];
after(() => cleanups.reverse().forEach((cleanup) => cleanup()));

function services(agents: SessionServices["ssh"]): SessionServices {
  return { credentials: async () => undefined, secrets: new Map(), ssh: agents };
}

describe("a BuildKit session forwarding an ssh agent", () => {
  let agent: TestAgent;
  const base = `pdd-test/buildkit-ssh-base:${suffix}`;
  before(async () => {
    agent = startAgent(`pdd-${suffix}`, cleanups);
    cleanups.push(() => removeImages(base));
    const engine = dockerClient();
    const session = await openBuildkitSession(engine, services([]));
    try {
      const dockerfile = `FROM ${env.busyboxImage}\nCOPY rootfs/ /\n`;
      builtImage(await buildWithSession(engine, { Dockerfile: dockerfile, ...sshAddFiles() }, session.id, base));
    } finally {
      await session.close();
    }
  });

  it("lets RUN --mount=type=ssh list the agent's key", async () => {
    const engine = dockerClient();
    const session = await openBuildkitSession(engine, services([{ id: "default", socket: agent.socket }]));
    try {
      const tag = `pdd-test/buildkit-ssh:${suffix}`;
      cleanups.push(() => removeImages(tag));
      const dockerfile = `FROM ${base}\nRUN --mount=type=ssh ssh-add -l > /keys\n`;
      const imageId = builtImage(await buildWithSession(engine, { Dockerfile: dockerfile }, session.id, tag));
      assert.match(docker("run", "--rm", imageId, "cat", "/keys"), new RegExp(agent.fingerprint.replace(/\+/g, "\\+")));
    } finally {
      await session.close();
    }
  });

  it("forwards the agent for a named id; an id it does not serve is left out, or fails the build when required", async () => {
    const engine = dockerClient();
    const session = await openBuildkitSession(engine, services([{ id: "deploy", socket: agent.socket }]));
    try {
      const tag = `pdd-test/buildkit-ssh-named:${suffix}`;
      cleanups.push(() => removeImages(tag, `${tag}-optional`));
      const named = `FROM ${base}\nRUN --mount=type=ssh,id=deploy ssh-add -l > /keys\n`;
      const imageId = builtImage(await buildWithSession(engine, { Dockerfile: named }, session.id, tag));
      assert.match(docker("run", "--rm", imageId, "cat", "/keys"), /ED25519/);
      const optional = `FROM ${base}\nRUN --mount=type=ssh,id=nope-${suffix} ssh-add -l; test $? = 2\n`;
      builtImage(await buildWithSession(engine, { Dockerfile: optional }, session.id, `${tag}-optional`));
      const required = `FROM ${base}\nRUN --mount=type=ssh,id=nope-${suffix},required=true ssh-add -l\n`;
      const result = await buildWithSession(engine, { Dockerfile: required }, session.id, `${tag}-unknown`);
      assert.equal(result.imageId, undefined);
      assert.match(result.errors.join("\n"), new RegExp(`nope-${suffix}`));
    } finally {
      await session.close();
    }
  });
});
