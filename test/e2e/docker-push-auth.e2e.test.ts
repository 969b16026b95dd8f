import assert from "node:assert/strict";
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { after, describe, it } from "node:test";
import { removeImages } from "../support/docker-cli";
import { testEnvironment, uniqueSuffix } from "../support/environment";
import { filesUnder } from "../support/fixtures";
import { createProgram, type TestProgram } from "../support/program";
import { appFiles, PUSH_PROGRAM } from "../support/push-program";
import { blobUploads, manifestDigest } from "../support/registry-http";
import { plannedChanges } from "../support/pulumi-cli";

const env = testEnvironment();
const { username, password } = env.authCredentials;
const auth = env.authCredentials;
const programs: TestProgram[] = [];
after(async () => {
  for (const program of programs) await program.dispose();
});

async function program(
  name: string,
  options: Parameters<typeof createProgram>[3] = {},
): Promise<{ p: TestProgram; imageName: string }> {
  const p = await createProgram(name, PUSH_PROGRAM, appFiles(`<p>${name}</p>\n`), options);
  programs.push(p);
  const imageName = `${env.authRegistry}/tests/${name}-${uniqueSuffix()}`;
  await p.stack.setConfig("imageName", imageName);
  after(() => removeImages(`${imageName}:dev`));
  return { p, imageName };
}

describe("DockerPush to the htpasswd registry through the pulumi CLI", () => {
  it("pushes with credentials from a Pulumi secret that never reaches state or logs; a new password only updates the state", async () => {
    const { p, imageName } = await program("auth-secret");
    await p.stack.setConfig("registryUser", username);
    await p.stack.setConfig("registryPassword", password, true);
    const preview = await p.stack.preview();
    const up = await p.stack.up();
    const out = await p.stack.outputs();
    assert.equal(await manifestDigest(imageName, "dev", auth), out.digest);
    const exported = await p.stack.exportState();
    assert.match(exported, /"credentials"/);
    for (const [what, text] of [
      ["preview output", preview.stdout + preview.stderr],
      ["up output", up.stdout + up.stderr],
      ["stack export", exported],
      ...filesUnder(p.stack.stateDir).map((f) => [f, readFileSync(f, "utf8")]),
    ] as const) {
      assert.equal(text.split(password).length - 1, 0, `the password appears in ${what}`);
    }
    await p.stack.setConfig("registryPassword", `${password}-rotated`, true);
    const plan = plannedChanges((await p.stack.preview(["--json"])).stdout);
    assert.deepEqual(plan, ["update pulumi-nodejs:dynamic/docker:DockerPush app"]);
    const uploads = blobUploads(imageName, "auth");
    const rotated = await p.stack.up();
    assert.doesNotMatch(rotated.stdout, /digest: sha256|upload skipped/, "a new password alone pushed again");
    assert.equal(blobUploads(imageName, "auth"), uploads);
    assert.equal((await p.stack.outputs()).digest, out.digest);
    const afterRotation = [
      await p.stack.exportState(),
      ...filesUnder(p.stack.stateDir).map((f) => readFileSync(f, "utf8")),
    ];
    assert.ok(
      afterRotation.every((text) => !text.includes(password)),
      "a password (the rotated one contains the first) is in the state",
    );
  });

  it("pushes with credentials only in DOCKER_CONFIG's auths", async () => {
    const configDir = path.join(testEnvironment().home, `docker-config-${uniqueSuffix()}`);
    mkdirSync(configDir, { recursive: true });
    const encoded = Buffer.from(`${username}:${password}`).toString("base64");
    writeFileSync(
      path.join(configDir, "config.json"),
      JSON.stringify({ auths: { [env.authRegistry]: { auth: encoded } } }),
    );
    const { p, imageName } = await program("auth-config", { env: { DOCKER_CONFIG: configDir } });
    await p.stack.up();
    assert.equal(await manifestDigest(imageName, "dev", auth), (await p.stack.outputs()).digest);
  });

  it("pushes with credentials from a docker-credential helper on PATH", async () => {
    const root = path.join(testEnvironment().home, `cred-helper-${uniqueSuffix()}`);
    mkdirSync(path.join(root, "bin"), { recursive: true });
    const helper = path.join(root, "bin", "docker-credential-pddtest");
    const answer = JSON.stringify({ ServerURL: env.authRegistry, Username: username, Secret: password });
    writeFileSync(helper, `#!/bin/sh\nread server\necho '${answer}'\n`);
    chmodSync(helper, 0o755);
    writeFileSync(path.join(root, "config.json"), JSON.stringify({ credsStore: "pddtest" }));
    const { p, imageName } = await program("auth-helper", {
      env: { DOCKER_CONFIG: root },
      pathPrefix: [path.join(root, "bin")],
    });
    await p.stack.up();
    assert.equal(await manifestDigest(imageName, "dev", auth), (await p.stack.outputs()).digest);
  });

  it("fails a wrong password with an authentication error naming the registry, leaving no push in state", async () => {
    const { p, imageName } = await program("auth-wrong");
    await p.stack.setConfig("registryUser", username);
    await p.stack.setConfig("registryPassword", "not-the-password", true);
    const result = await p.stack.run(["up", "--yes", "--skip-preview"]);
    assert.notEqual(result.code, 0);
    const text = result.stdout + result.stderr;
    assert.match(
      text,
      new RegExp(
        `${env.authRegistry.replace(".", "\\.")}[^\\n]*authentication|authentication[^\\n]*${env.authRegistry}`,
      ),
    );
    assert.doesNotMatch(text, /not-the-password/);
    assert.doesNotMatch(await p.stack.savedState(), /DockerPush/);
    assert.equal(await manifestDigest(imageName, "dev", auth), undefined);
  });
});
