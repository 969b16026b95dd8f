import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import { removeImages } from "../support/docker-cli";
import { uniqueSuffix } from "../support/environment";
import { filesUnder } from "../support/fixtures";
import { createProgram, programSource, type TestProgram } from "../support/program";
import { plannedChanges } from "../support/pulumi-cli";
import { appFiles } from "../support/push-program";
import { TlsRegistry } from "../support/tls-registry";

const registry = new TlsRegistry({ auth: true });
const programs: TestProgram[] = [];

before(() => registry.start());
after(async () => {
  for (const program of programs) await program.dispose();
  await registry.dispose();
});

/** A tls-push program for a new repository of the TLS registry, with its user and password (a secret) set. */
async function program(name: string, env: NodeJS.ProcessEnv = {}): Promise<{ p: TestProgram; repository: string }> {
  const p = await createProgram(name, programSource("tls-push"), appFiles(`<p>${name}</p>\n`), { env });
  programs.push(p);
  const repository = `tests/${name}-${uniqueSuffix()}`;
  const imageName = `${registry.host}/${repository}`;
  after(() => removeImages(`${imageName}:dev`));
  await p.stack.setConfig("imageName", imageName);
  await p.stack.setConfig("registryUser", registry.credentials!.username);
  await p.stack.setConfig("registryPassword", registry.credentials!.password, true);
  return { p, repository };
}

/** The lines of the CA's base64 body, any of which in plaintext would show the caCert secret leaked. */
function caBodyLines(): string[] {
  return registry.caCert.split("\n").filter((line) => line.length > 40 && !line.startsWith("-----"));
}

describe("DockerPush to an HTTPS registry with a certificate from a company CA, through the pulumi CLI", () => {
  it("pushes with the CA in credentials.caCert; no-op second up; destroy deletes; password and CA stay secret", async () => {
    registry.untrustEngine();
    const { p, repository } = await program("tls-cacert");
    // "--" ends the flags: the PEM starts with "-----".
    await p.stack.ok(["config", "set", "--secret", "--stack", p.stack.stack, "--", "caCert", registry.caCert]);
    const up = await p.stack.up();
    const { digest } = await p.stack.outputs();
    assert.match(String(digest), /^sha256:[0-9a-f]{64}$/);
    assert.equal(registry.manifestDigest(repository, "dev"), digest);

    const plan = plannedChanges((await p.stack.preview(["--json"])).stdout);
    assert.deepEqual(plan, []);
    const second = await p.stack.up();
    assert.doesNotMatch(second.stdout, /digest: sha256|upload skipped/, "the second up pushed");

    const exported = await p.stack.exportState();
    assert.match(exported, /"credentials"/);
    const texts = [
      ["up output", up.stdout + up.stderr],
      ["second up output", second.stdout + second.stderr],
      ["stack export", exported],
      ["registry log", registry.log()],
      ...filesUnder(p.stack.stateDir).map((f) => [f, readFileSync(f, "utf8")]),
    ] as const;
    for (const [what, text] of texts) {
      assert.ok(!text.includes(registry.credentials!.password), `the password appears in ${what}`);
      for (const line of caBodyLines()) assert.ok(!text.includes(line), `the caCert appears in ${what}`);
    }

    await p.stack.destroy();
    assert.equal(registry.manifestDigest(repository, "dev"), undefined);
  });

  it("trusts the CA in /etc/docker/certs.d/<host:port>/ca.crt, the engine's folder, without caCert", async () => {
    registry.trustEngine();
    try {
      const { p, repository } = await program("tls-certsd");
      await p.stack.up();
      assert.equal(registry.manifestDigest(repository, "dev"), (await p.stack.outputs()).digest);
      await p.stack.destroy();
      assert.equal(registry.manifestDigest(repository, "dev"), undefined);
    } finally {
      registry.untrustEngine();
    }
  });

  it("trusts the CA from NODE_EXTRA_CA_CERTS in the provider process the pulumi CLI starts", async () => {
    registry.untrustEngine();
    const { p, repository } = await program("tls-extra-ca", { NODE_EXTRA_CA_CERTS: registry.caFile });
    await p.stack.up();
    assert.equal(registry.manifestDigest(repository, "dev"), (await p.stack.outputs()).digest);
  });

  it("fails `pulumi up` with an error that names the registry, the missing CA and where it goes", async () => {
    registry.untrustEngine();
    const { p, repository } = await program("tls-untrusted", { NODE_EXTRA_CA_CERTS: "" });
    const result = await p.stack.run(["up", "--yes", "--skip-preview", "--stack", p.stack.stack]);
    assert.notEqual(result.code, 0);
    const text = result.stdout + result.stderr;
    assert.ok(text.includes(`Registry "${registry.host}" at https://${registry.host}`), text);
    assert.match(text, /the CA "pdd test registry CA" that signed it is not trusted here/);
    assert.ok(text.includes(`${registry.engineCertsDir}/ca.crt`), text);
    assert.match(text, /NODE_EXTRA_CA_CERTS/);
    assert.match(text, /credentials\.caCert/);
    assert.ok(!text.includes(registry.credentials!.password), "the password appears in the failed up");
    assert.doesNotMatch(await p.stack.savedState(), /DockerPush/);
    assert.equal(registry.manifestDigest(repository, "dev"), undefined);
  });
});
