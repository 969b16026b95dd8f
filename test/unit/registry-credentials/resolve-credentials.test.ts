import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { inspect } from "node:util";
import { RegistryAuthError } from "../../../provider/core/errors";
import {
  explicitAuth,
  resolveRegistryAuth,
  withTrust,
} from "../../../provider/registry-credentials/resolve-credentials";
import { registryAuthHeader } from "../../../provider/registry-credentials/registry-auth";
import {
  basicAuthField,
  helperCalls,
  makeScratch,
  writeConfig,
  writeHelper,
  type Scratch,
} from "../../support/temp-docker-config";

async function resolveIn(scratch: Scratch, registry: string, extraEnv: NodeJS.ProcessEnv = {}) {
  return resolveRegistryAuth(registry, { env: { ...scratch.env, ...extraEnv }, homeDir: scratch.homeDir });
}

describe("resolveRegistryAuth", () => {
  it("reads a base64 auth pair from auths", async () => {
    const scratch = await makeScratch();
    await writeConfig(scratch.configDir, { auths: { "localhost:5000": { auth: basicAuthField("alice", "pw1") } } });
    assert.deepEqual(await resolveIn(scratch, "localhost:5000"), {
      username: "alice",
      password: "pw1",
      serverAddress: "localhost:5000",
    });
  });

  it("reads an identity token from auths", async () => {
    const scratch = await makeScratch();
    await writeConfig(scratch.configDir, { auths: { "r.example": { identitytoken: "idt" } } });
    assert.deepEqual(await resolveIn(scratch, "r.example"), { identityToken: "idt", serverAddress: "r.example" });
  });

  it("finds Docker Hub credentials stored under https://index.docker.io/v1/", async () => {
    const scratch = await makeScratch();
    await writeConfig(scratch.configDir, {
      auths: { "https://index.docker.io/v1/": { auth: basicAuthField("u", "p") } },
    });
    const expected = { username: "u", password: "p", serverAddress: "https://index.docker.io/v1/" };
    assert.deepEqual(await resolveIn(scratch, "docker.io"), expected);
    assert.deepEqual(await resolveIn(scratch, "https://index.docker.io/v1/"), expected);
  });

  it("prefers DOCKER_AUTH_CONFIG over the config file", async () => {
    const scratch = await makeScratch();
    await writeConfig(scratch.configDir, { auths: { "localhost:5000": { auth: basicAuthField("file", "f") } } });
    const inline = JSON.stringify({ auths: { "localhost:5000": { auth: basicAuthField("env", "e") } } });
    const auth = await resolveIn(scratch, "localhost:5000", { DOCKER_AUTH_CONFIG: inline });
    assert.equal(auth?.username, "env");
  });

  it("is anonymous when there is no config or no entry for the registry", async () => {
    const scratch = await makeScratch();
    assert.equal(await resolveIn(scratch, "localhost:5000"), undefined);
    await writeConfig(scratch.configDir, { auths: { "other:1": { auth: basicAuthField("a", "b") } } });
    assert.equal(await resolveIn(scratch, "localhost:5000"), undefined);
  });

  it("lets credHelpers for the registry win over credsStore and auths", async () => {
    const scratch = await makeScratch();
    await writeHelper(scratch, "per-host", { "localhost:5000": { Username: "helper", Secret: "h" } });
    await writeHelper(scratch, "store", { "localhost:5000": { Username: "store", Secret: "s" } });
    await writeConfig(scratch.configDir, {
      credHelpers: { "localhost:5000": "per-host" },
      credsStore: "store",
      auths: { "localhost:5000": { auth: basicAuthField("auths", "a") } },
    });
    assert.equal((await resolveIn(scratch, "localhost:5000"))?.username, "helper");
    assert.deepEqual(await helperCalls(scratch), ["localhost:5000"]);
  });

  it("uses credsStore for registries without a credHelpers entry", async () => {
    const scratch = await makeScratch();
    await writeHelper(scratch, "store", { "r.example": { Username: "store", Secret: "s" } });
    await writeConfig(scratch.configDir, {
      credHelpers: { "other.example": "per-host" },
      credsStore: "store",
      auths: { "r.example": { auth: basicAuthField("auths", "a") } },
    });
    assert.deepEqual(await resolveIn(scratch, "r.example"), {
      username: "store",
      password: "s",
      serverAddress: "r.example",
    });
  });

  it("asks helpers about Docker Hub under its legacy URL and reads <token> answers as identity tokens", async () => {
    const scratch = await makeScratch();
    await writeHelper(scratch, "store", { "https://index.docker.io/v1/": { Username: "<token>", Secret: "refresh" } });
    await writeConfig(scratch.configDir, { credsStore: "store" });
    const auth = await resolveIn(scratch, "docker.io");
    assert.deepEqual(auth, { identityToken: "refresh", serverAddress: "https://index.docker.io/v1/" });
  });

  it("falls through to auths when the helper has no credentials for the registry", async () => {
    const scratch = await makeScratch();
    await writeHelper(scratch, "store", {});
    await writeConfig(scratch.configDir, {
      credsStore: "store",
      auths: { "localhost:5000": { auth: basicAuthField("auths", "a") } },
    });
    assert.equal((await resolveIn(scratch, "localhost:5000"))?.username, "auths");
    assert.deepEqual(await helperCalls(scratch), ["localhost:5000"]);
  });

  it("runs a helper only once per registry and config within a process", async () => {
    const scratch = await makeScratch();
    await writeHelper(scratch, "store", { "cache.example": { Username: "u", Secret: "s" } });
    await writeConfig(scratch.configDir, { credsStore: "store" });
    await resolveIn(scratch, "cache.example");
    await resolveIn(scratch, "cache.example");
    assert.deepEqual(await helperCalls(scratch), ["cache.example"]);
  });

  it("fails naming the configured helper when its binary is not on PATH", async () => {
    const scratch = await makeScratch();
    await writeConfig(scratch.configDir, { credHelpers: { "localhost:5000": "missing" } });
    await assert.rejects(
      resolveIn(scratch, "localhost:5000"),
      (error: unknown) =>
        error instanceof RegistryAuthError &&
        error.message.includes("docker-credential-missing") &&
        error.message.includes('credHelpers["localhost:5000"]') &&
        error.message.includes("PATH"),
    );
  });

  it("reports a failing helper without revealing secrets it printed", async () => {
    const scratch = await makeScratch();
    await writeHelper(scratch, "broken", {}, { code: 0, stdout: '{"Secret": oops-secret', stderr: "" });
    await writeConfig(scratch.configDir, { credsStore: "broken" });
    await assert.rejects(
      resolveIn(scratch, "broken.example"),
      (error: unknown) =>
        error instanceof RegistryAuthError &&
        error.message.includes('"broken.example"') &&
        !inspect(error, { depth: 5 }).includes("oops-secret"),
    );
  });
});

describe("explicitAuth", () => {
  it("builds basic credentials for the image's registry", () => {
    const auth = explicitAuth({ username: "u", password: "p" }, "localhost:5001");
    assert.deepEqual(auth, { username: "u", password: "p", serverAddress: "localhost:5001" });
  });

  it("uses Docker Hub's legacy server address", () => {
    const auth = explicitAuth({ username: "u", password: "p" }, "docker.io");
    assert.equal(auth.serverAddress, "https://index.docker.io/v1/");
  });
});

describe("withTrust", () => {
  const found = { username: "u", password: "p", serverAddress: "registry.example:5443" };

  it("leaves the credentials as they are when the input gives no trust", () => {
    assert.equal(withTrust(found, "registry.example:5443", {}), found);
    assert.equal(withTrust(undefined, "registry.example:5443", { caCert: "", insecure: false }), undefined);
  });

  it("adds caCert and insecure to found credentials", () => {
    assert.deepEqual(withTrust(found, "registry.example:5443", { caCert: "PEM", insecure: true }), {
      ...found,
      trust: { caCert: "PEM", insecure: true },
    });
  });

  it("carries the trust for anonymous access too, without credentials the engine would send", () => {
    const auth = withTrust(undefined, "registry.example:5443", { caCert: "PEM" });
    assert.deepEqual(auth, { serverAddress: "registry.example:5443", trust: { caCert: "PEM" } });
    assert.equal(
      Buffer.from(registryAuthHeader(auth), "base64").toString(),
      '{"serveraddress":"registry.example:5443"}',
    );
  });
});
