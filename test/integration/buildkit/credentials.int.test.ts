import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { after, before, describe, it } from "node:test";
import { dockerClient } from "../../../provider/engine/connection";
import { openBuildkitSession, type SessionServices } from "../../../provider/buildkit/session";
import { sessionCredentials } from "../../../provider/buildkit/session-credentials";
import { clearRegistryAuthCache } from "../../../provider/registry-credentials";
import { docker, removeImages } from "../../support/docker-cli";
import { testEnvironment, uniqueSuffix } from "../../support/environment";
import { makeTree, removeTree } from "../../support/fixtures";
import { startTokenRegistry, type TokenRegistry } from "../../support/token-registry/token-registry";
import { writeConfig } from "../../support/temp-docker-config";
import { buildWithSession, builtImage } from "../../support/session-build";

const env = testEnvironment();
const suffix = uniqueSuffix();
const registry = `127.0.0.1:${env.authRegistry.split(":")[1] ?? "5001"}`;
const pushed = `${registry}/pdd-test/buildkit-base-${suffix}:v1`;
const cleanups: (() => void)[] = [];
after(() => cleanups.reverse().forEach((cleanup) => cleanup()));

/**
 * Runs the docker CLI with its config in `configDir` without blocking this process (the token service runs in it);
 * throws with stderr when it fails.
 */
async function dockerWithConfig(configDir: string, input: string, ...args: string[]): Promise<void> {
  const child = spawn("docker", ["--config", configDir, ...args], { stdio: ["pipe", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin.end(input);
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  if (code !== 0) throw new Error(`docker ${args.join(" ")} failed: ${stderr.trim()}`);
}

function tempConfig(): string {
  const dir = makeTree({}, "pdd-docker-config-");
  cleanups.push(() => removeTree(dir));
  return dir;
}

/** Wraps `credentials` to record the hosts BuildKit asked about. */
function recording(credentials: SessionServices["credentials"], hosts: string[]): SessionServices["credentials"] {
  return (host) => {
    hosts.push(host);
    return credentials(host);
  };
}

async function buildFromPushed(credentials: SessionServices["credentials"], name: string) {
  const engine = dockerClient();
  const session = await openBuildkitSession(engine, { credentials, secrets: new Map(), ssh: [] });
  try {
    const tag = `pdd-test/buildkit-${name}:${suffix}`;
    cleanups.push(() => removeImages(tag));
    const dockerfile = `FROM ${pushed}\nRUN echo ${name} > /name\n`;
    return await buildWithSession(engine, { Dockerfile: dockerfile }, session.id, tag, { pull: "1" });
  } finally {
    await session.close();
  }
}

describe("a BuildKit session answering registry credentials", () => {
  let loggedIn: string;
  before(async () => {
    loggedIn = tempConfig();
    const { username, password } = env.authCredentials;
    await dockerWithConfig(loggedIn, password, "login", "--username", username, "--password-stdin", registry);
    docker("tag", env.busyboxImage, pushed);
    await dockerWithConfig(loggedIn, "", "push", pushed);
    // The engine must fetch the base image from the registry, not find it by name.
    removeImages(pushed);
    clearRegistryAuthCache();
  });

  it("pulls a private base image with the credentials of the docker config", async () => {
    const hosts: string[] = [];
    const credentials = sessionCredentials(undefined, { env: { ...process.env, DOCKER_CONFIG: loggedIn } });
    const imageId = builtImage(await buildFromPushed(recording(credentials, hosts), "from-config"));
    assert.equal(docker("run", "--rm", imageId, "cat", "/name"), "from-config");
    assert.ok(hosts.includes(registry), `asked about ${hosts.join(", ")}`);
  });

  it("pulls a private base image with credentials from the registries input", async () => {
    const empty = tempConfig();
    await writeConfig(empty, {});
    const credentials = sessionCredentials([{ address: `http://${registry}/`, ...env.authCredentials }], {
      env: { ...process.env, DOCKER_CONFIG: empty },
    });
    const imageId = builtImage(await buildFromPushed(credentials, "from-input"));
    assert.equal(docker("run", "--rm", imageId, "cat", "/name"), "from-input");
  });

  it("prefers the registries input over the docker config", async () => {
    const credentials = sessionCredentials(
      [{ address: registry, username: env.authCredentials.username, password: "wrong" }],
      {
        env: { ...process.env, DOCKER_CONFIG: loggedIn },
      },
    );
    const result = await buildFromPushed(credentials, "input-first");
    assert.equal(result.imageId, undefined);
    assert.notEqual(result.errors.length, 0);
  });

  it("fails the build when the password is wrong", async () => {
    const wrong = tempConfig();
    const auth = Buffer.from(`${env.authCredentials.username}:not-the-password`).toString("base64");
    await writeConfig(wrong, { auths: { [registry]: { auth } } });
    const credentials = sessionCredentials(undefined, { env: { ...process.env, DOCKER_CONFIG: wrong } });
    const result = await buildFromPushed(credentials, "wrong-password");
    assert.equal(result.imageId, undefined);
    // Engine 20.10.24: "failed to solve with frontend dockerfile.v0: failed to create LLB definition: pulling from
    // host 127.0.0.1:5001 failed with status code [manifests v1]: 401 Unauthorized"
    assert.match(result.errors.join("\n"), /401 Unauthorized/);
  });

  it("fails the build without credentials", async () => {
    const result = await buildFromPushed(async () => undefined, "anonymous");
    assert.equal(result.imageId, undefined);
    assert.match(result.errors.join("\n"), /401 Unauthorized/);
  });
});

describe("a BuildKit session with a registry that uses token authentication", () => {
  let target: TokenRegistry;
  let image: string;
  before(async () => {
    target = await startTokenRegistry();
    image = `${target.registry}/tests/buildkit-base-${suffix}:v1`;
    const config = tempConfig();
    const { username, password } = target.credentials;
    await dockerWithConfig(config, password, "login", "--username", username, "--password-stdin", target.registry);
    docker("tag", env.busyboxImage, image);
    await dockerWithConfig(config, "", "push", image);
    removeImages(image);
  });
  after(() => target?.stop());

  it("pulls with the user's credentials, BuildKit fetching the token itself as the token methods are unimplemented", async () => {
    const engine = dockerClient();
    const hosts: string[] = [];
    const credentials = sessionCredentials([{ address: target.registry, ...target.credentials }]);
    const session = await openBuildkitSession(engine, {
      credentials: recording(credentials, hosts),
      secrets: new Map(),
      ssh: [],
    });
    const tag = `pdd-test/buildkit-token:${suffix}`;
    cleanups.push(() => removeImages(tag));
    try {
      const dockerfile = `FROM ${image}\nRUN echo token > /name\n`;
      const result = await buildWithSession(engine, { Dockerfile: dockerfile }, session.id, tag, { pull: "1" });
      assert.equal(docker("run", "--rm", builtImage(result), "cat", "/name"), "token");
    } finally {
      await session.close();
    }
    assert.ok(hosts.includes(target.registry), `asked about ${hosts.join(", ")}`);
    const users = target.tokens.requests.filter((request) => request.status === 200).map((request) => request.user);
    assert.ok(users.includes(target.credentials.username), `token requests by ${users.join(", ")}`);
  });
});
