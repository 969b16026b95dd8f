import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import { localImageIdOf, removeImages } from "../support/docker-cli";
import { testEnvironment, uniqueSuffix } from "../support/environment";
import { filesUnder } from "../support/fixtures";
import { createProgram, programSource, type TestProgram } from "../support/program";
import { manifestDigest } from "../support/registry-http";
import { startSshd, type TestSshd } from "../support/sshd";

const env = testEnvironment();
const suffix = uniqueSuffix();

/** The Pulumi program, test/programs/ssh-engine/index.js. */
const PROGRAM = programSource("ssh-engine");

/**
 * The provider runs the `ssh` it finds on PATH, as the docker CLI does; the programs get the test's wrapper first on
 * PATH (`/usr/bin/ssh -F <config>` with the test's key and known_hosts), so the user's ~/.ssh is never read or written.
 */
async function sshProgram(name: string, sshd: TestSshd, bin: string, imageName: string): Promise<TestProgram> {
  const program = await createProgram(name, PROGRAM, { "app/Dockerfile": dockerfile() }, { pathPrefix: [bin] });
  await program.stack.setConfig("imageName", imageName);
  await program.stack.setConfig("dockerHost", sshd.address);
  await program.stack.setConfig("token", `token-${suffix}`, true);
  return program;
}

function dockerfile(): string {
  return [
    `FROM ${env.busyboxImage}`,
    `RUN --mount=type=secret,id=token,required=true test "$(cat /run/secrets/token)" = "token-${suffix}"`,
    `RUN echo ssh-${suffix} > /marker`,
    "",
  ].join("\n");
}

describe("DockerBuild and DockerPush on an engine reached over ssh, through the pulumi CLI", () => {
  let sshd: TestSshd;
  const programs: TestProgram[] = [];
  const imageName = `${env.registry}/tests/e2e-ssh-${suffix}`;

  before(async () => {
    sshd = await startSshd();
  });
  after(async () => {
    for (const program of programs) await program.dispose();
    removeImages(`${imageName}:ssh`, `${env.registry}/tests/e2e-ssh-unknown-${suffix}:ssh`);
    await sshd?.close();
  });

  it("builds and pushes, changes nothing on a second up, destroys, and keeps the key out of state and logs", async () => {
    const program = await sshProgram("e2e-ssh", sshd, sshd.trustedBin, imageName);
    programs.push(program);
    const up = await program.stack.up();
    const out = (await program.stack.outputs()) as { imageId: string; digest: string };
    assert.ok(sshd.logins() > 0, "nothing logged in to the test's sshd");
    assert.equal(localImageIdOf(`${imageName}:ssh`), out.imageId);
    assert.equal(await manifestDigest(imageName, "ssh"), out.digest, "the registry does not hold the pushed tag");

    const logins = sshd.logins();
    const again = await program.stack.up(["--expect-no-changes"]);
    assert.ok(sshd.logins() > logins, "the second up did not look at the engine over ssh");

    const exported = await program.stack.exportState();
    assert.ok(sshd.clientKeyBody.length > 40);
    for (const [what, text] of [
      ["up output", up.stdout + up.stderr],
      ["second up output", again.stdout + again.stderr],
      ["stack export", exported],
      ...filesUnder(program.stack.stateDir).map((f) => [f, readFileSync(f, "utf8")]),
    ] as const) {
      assert.equal(text.includes(sshd.clientKeyBody), false, `the client key appears in ${what}`);
      assert.equal(text.includes("PRIVATE KEY"), false, `key material appears in ${what}`);
    }

    await program.stack.destroy();
    assert.equal(localImageIdOf(`${imageName}:ssh`), undefined, "destroy left the local tag");
  });

  it("fails pulumi up with the host and the ssh-keyscan command when the host key is unknown", async () => {
    const program = await sshProgram(
      "e2e-ssh-unknown",
      sshd,
      sshd.untrustedBin,
      `${env.registry}/tests/e2e-ssh-unknown-${suffix}`,
    );
    programs.push(program);
    const result = await program.stack.run(["up", "--yes", "--skip-preview", "--stack", program.stack.stack]);
    const output = result.stdout + result.stderr;
    assert.notEqual(result.code, 0, output);
    assert.match(output, new RegExp(`host key of ssh://root@127\\.0\\.0\\.1:${sshd.port} is not known`));
    assert.match(output, new RegExp(`ssh-keyscan -p ${sshd.port} 127\\.0\\.0\\.1 >> ~/\\.ssh/known_hosts`));
    assert.equal(output.includes(sshd.clientKeyBody), false);
  });
});
