import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import { dockerClient } from "../../../provider/engine/connection";
import { openBuildkitSession, type SessionServices } from "../../../provider/buildkit/session";
import { docker, removeImages } from "../../support/docker-cli";
import { testEnvironment, uniqueSuffix } from "../../support/environment";
import { makeTree, removeTree } from "../../support/fixtures";
import { buildWithSession, builtImage, type ContextFiles } from "./session-build";

const env = testEnvironment();
const suffix = uniqueSuffix();
const cleanups: (() => void)[] = [];
after(() => cleanups.reverse().forEach((cleanup) => cleanup()));

/** An ssh-agent of this test on a socket in a temp folder, holding one fresh ed25519 key. */
interface Agent {
  readonly socket: string;
  readonly fingerprint: string;
}

function startAgent(): Agent {
  const dir = makeTree({}, "pdd-ssh-");
  cleanups.push(() => removeTree(dir));
  const socket = `${dir}/agent.sock`;
  const output = execFileSync("ssh-agent", ["-s", "-a", socket], { encoding: "utf8" });
  const pid = Number(/SSH_AGENT_PID=(\d+)/.exec(output)?.[1]);
  assert.ok(pid > 0, `ssh-agent printed no pid: ${output}`);
  cleanups.push(() => {
    try {
      process.kill(pid);
    } catch {
      // already gone
    }
  });
  execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", `pdd-${suffix}`, "-f", `${dir}/key`]);
  execFileSync("ssh-add", [`${dir}/key`], { env: { ...process.env, SSH_AUTH_SOCK: socket }, stdio: "ignore" });
  const fingerprint = execFileSync("ssh-keygen", ["-lf", `${dir}/key.pub`], { encoding: "utf8" }).split(" ")[1];
  assert.match(fingerprint ?? "", /^SHA256:/);
  return { socket, fingerprint: fingerprint ?? "" };
}

/** `/usr/bin/ssh-add` and the shared libraries `ldd` lists for it, as context files under `rootfs/` (same paths). */
function sshAddFiles(): ContextFiles {
  const paths = ["/usr/bin/ssh-add"];
  for (const line of execFileSync("ldd", ["/usr/bin/ssh-add"], { encoding: "utf8" }).split("\n")) {
    const path = /(\/\S+) \(0x/.exec(line)?.[1];
    if (path !== undefined) paths.push(path);
  }
  return Object.fromEntries(
    paths.map((path) => [`rootfs${path}`, { content: readFileSync(path), mode: statSync(path).mode & 0o777 }]),
  );
}

function services(agents: SessionServices["ssh"]): SessionServices {
  return { credentials: async () => undefined, secrets: new Map(), ssh: agents };
}

describe("a BuildKit session forwarding an ssh agent", () => {
  let agent: Agent;
  const base = `pdd-test/buildkit-ssh-base:${suffix}`;
  before(async () => {
    agent = startAgent();
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
