import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { DockerStepError } from "../../../provider/core/errors";
import {
  dockerConfigPath,
  parseDockerConfig,
  readDockerConfig,
} from "../../../provider/registry-credentials/docker-config-file";
import { makeScratch, writeConfig } from "../../support/temp-docker-config";

describe("dockerConfigPath", () => {
  it("uses DOCKER_CONFIG when set and ~/.docker otherwise", () => {
    assert.equal(dockerConfigPath({ DOCKER_CONFIG: "/cfg" }, "/home/me"), "/cfg/config.json");
    assert.equal(dockerConfigPath({}, "/home/me"), "/home/me/.docker/config.json");
    assert.equal(dockerConfigPath({ DOCKER_CONFIG: "" }, "/home/me"), "/home/me/.docker/config.json");
  });
});

describe("parseDockerConfig", () => {
  it("reads auths, credHelpers and credsStore", () => {
    const text = '{"auths":{"h":{"auth":"eDp5"}},"credHelpers":{"h2":"pass"},"credsStore":"desktop","other":1}';
    const config = parseDockerConfig(text, "cfg");
    assert.deepEqual(config.auths, { h: { auth: "eDp5" } });
    assert.deepEqual(config.credHelpers, { h2: "pass" });
    assert.equal(config.credsStore, "desktop");
  });

  it("treats empty text as an empty config", () => {
    assert.deepEqual(parseDockerConfig("  \n", "cfg"), {});
  });

  it("names the source but never echoes the content of invalid JSON", () => {
    assert.throws(
      () => parseDockerConfig('{"auths": {"h": {"password": "hunter2-secret"}', "/x/config.json"),
      (error: unknown) =>
        error instanceof DockerStepError &&
        error.message.includes("/x/config.json") &&
        error.message.includes("not valid JSON") &&
        !error.message.includes("hunter2") &&
        !String(error.stack).includes("hunter2"),
    );
  });

  it("rejects fields of the wrong shape", () => {
    assert.throws(() => parseDockerConfig("[]", "cfg"), /cfg is not a JSON object/);
    assert.throws(() => parseDockerConfig('{"auths":{"h":"x"}}', "cfg"), /"auths"/);
    assert.throws(() => parseDockerConfig('{"credHelpers":{"h":1}}', "cfg"), /"credHelpers"/);
    assert.throws(() => parseDockerConfig('{"credsStore":true}', "cfg"), /"credsStore"/);
  });
});

describe("readDockerConfig", () => {
  it("reads $DOCKER_CONFIG/config.json and reports the file as the source", async () => {
    const scratch = await makeScratch();
    await writeConfig(scratch.configDir, { credsStore: "x" });
    const loaded = await readDockerConfig({ env: scratch.env, homeDir: scratch.homeDir });
    assert.equal(loaded?.source, join(scratch.configDir, "config.json"));
    assert.deepEqual(loaded?.config, { credsStore: "x" });
  });

  it("falls back to ~/.docker/config.json when DOCKER_CONFIG is unset", async () => {
    const scratch = await makeScratch();
    await writeConfig(join(scratch.homeDir, ".docker"), { credsStore: "home" });
    const loaded = await readDockerConfig({ env: {}, homeDir: scratch.homeDir });
    assert.equal(loaded?.config.credsStore, "home");
  });

  it("prefers DOCKER_AUTH_CONFIG over the config file", async () => {
    const scratch = await makeScratch();
    await writeConfig(scratch.configDir, { credsStore: "file" });
    const env = { ...scratch.env, DOCKER_AUTH_CONFIG: '{"credsStore":"env"}' };
    const loaded = await readDockerConfig({ env, homeDir: scratch.homeDir });
    assert.equal(loaded?.config.credsStore, "env");
    assert.match(loaded?.source ?? "", /DOCKER_AUTH_CONFIG/);
  });

  it("returns undefined when there is no config file", async () => {
    const scratch = await makeScratch();
    assert.equal(await readDockerConfig({ env: scratch.env, homeDir: scratch.homeDir }), undefined);
  });

  it("fails with a DockerStepError naming a malformed config file", async () => {
    const scratch = await makeScratch();
    await writeFile(join(scratch.configDir, "config.json"), "{not json");
    await assert.rejects(
      readDockerConfig({ env: scratch.env, homeDir: scratch.homeDir }),
      (error: unknown) => error instanceof DockerStepError && error.message.includes(scratch.configDir),
    );
  });

  it("gives a changed config a different fingerprint", async () => {
    const scratch = await makeScratch();
    await writeConfig(scratch.configDir, { credsStore: "a" });
    const before = await readDockerConfig({ env: scratch.env });
    await writeConfig(scratch.configDir, { credsStore: "b" });
    const after = await readDockerConfig({ env: scratch.env });
    assert.notEqual(before?.fingerprint, after?.fingerprint);
  });
});
