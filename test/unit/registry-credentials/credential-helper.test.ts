import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { chmod, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { inspect } from "node:util";
import { RegistryAuthError } from "../../../provider/core/errors";
import {
  parseHelperRun,
  runCredentialHelper,
  type CredentialHelperRequest,
} from "../../../provider/registry-credentials/credential-helper";
import { helperCalls, makeScratch, writeHelper } from "../../support/temp-docker-config";

const base: Omit<CredentialHelperRequest, "env"> = {
  helper: "fake",
  registry: "localhost:5000",
  serverAddress: "localhost:5000",
  configuredBy: "credsStore in cfg",
};

describe("parseHelperRun", () => {
  const request = { ...base, env: {} };

  it("reads Username and Secret as basic credentials", () => {
    const run = { code: 0, stdout: '{"ServerURL":"x","Username":"bob","Secret":"pw"}', stderr: "" };
    assert.deepEqual(parseHelperRun(run, request), {
      username: "bob",
      password: "pw",
      serverAddress: "localhost:5000",
    });
  });

  it("reads a <token> user name as an identity token", () => {
    const run = { code: 0, stdout: '{"Username":"<token>","Secret":"refresh"}', stderr: "" };
    assert.deepEqual(parseHelperRun(run, request), { identityToken: "refresh", serverAddress: "localhost:5000" });
  });

  it("treats a 'credentials not found' failure as no credentials", () => {
    const run = { code: 1, stdout: "credentials not found in native keychain\n", stderr: "" };
    assert.equal(parseHelperRun(run, request), undefined);
  });

  it("rejects output that is not JSON without quoting it", () => {
    const run = { code: 0, stdout: "Secret=leaky-secret", stderr: "" };
    assert.throws(
      () => parseHelperRun(run, request),
      (error: unknown) =>
        error instanceof RegistryAuthError &&
        error.message.includes("docker-credential-fake") &&
        !inspect(error).includes("leaky-secret"),
    );
  });
});

describe("runCredentialHelper", () => {
  it("writes the server address on stdin and finds the helper on the PATH of the given environment", async () => {
    const scratch = await makeScratch();
    await writeHelper(scratch, "fake", { "localhost:5000": { Username: "bob", Secret: "pw" } });
    const auth = await runCredentialHelper({ ...base, env: scratch.env });
    assert.deepEqual(auth, { username: "bob", password: "pw", serverAddress: "localhost:5000" });
    assert.deepEqual(await helperCalls(scratch), ["localhost:5000"]);
  });

  it("returns undefined when the helper has no credentials for the server", async () => {
    const scratch = await makeScratch();
    await writeHelper(scratch, "fake", {});
    assert.equal(await runCredentialHelper({ ...base, env: scratch.env }), undefined);
  });

  it("fails with a RegistryAuthError naming helper and registry when the helper fails", async () => {
    const scratch = await makeScratch();
    await writeHelper(scratch, "fake", {}, { code: 3, stdout: "", stderr: "keychain is locked" });
    await assert.rejects(
      runCredentialHelper({ ...base, env: scratch.env }),
      (error: unknown) =>
        error instanceof RegistryAuthError &&
        /docker-credential-fake .*exited with code 3.*"localhost:5000": keychain is locked/.test(error.message),
    );
  });

  it("explains how to fix PATH when the helper binary is missing", async () => {
    const scratch = await makeScratch();
    await assert.rejects(
      runCredentialHelper({ ...base, helper: "absent", env: scratch.env }),
      (error: unknown) =>
        error instanceof RegistryAuthError &&
        error.message.includes("docker-credential-absent") &&
        error.message.includes("credsStore in cfg") &&
        error.message.includes("PATH"),
    );
  });

  it("kills a helper that does not answer in time", async () => {
    const scratch = await makeScratch();
    const path = join(scratch.binDir, "docker-credential-slow");
    await writeFile(path, "#!/bin/sh\nsleep 3\necho never\n");
    await chmod(path, 0o755);
    await assert.rejects(
      runCredentialHelper({ ...base, helper: "slow", env: scratch.env, timeoutMs: 200 }),
      (error: unknown) => error instanceof RegistryAuthError && /did not answer within 0.2 s/.test(error.message),
    );
  });
});
