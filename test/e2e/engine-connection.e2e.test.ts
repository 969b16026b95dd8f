import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { docker } from "../support/docker-cli";
import { imageIdOn, removedOrPending } from "../support/engine-removal";
import { testEnvironment, uniqueSuffix } from "../support/environment";
import { filesUnder, removeTree } from "../support/fixtures";
import { createProgram, programSource, type TestProgram } from "../support/program";
import { appFiles } from "../support/push-program";
import { makeTlsMaterial, startTlsEngineProxy, type TlsEngineProxy } from "../support/tls-proxy";

const env = testEnvironment();
/** The Pulumi program, test/programs/engine-connection/index.js. */
const PROGRAM = programSource("engine-connection");

/** The engines setup provided other than the tested one (`main` and `current` see each other as the other). */
function otherEngineHost(): string | undefined {
  const setup = JSON.parse(readFileSync(path.join(env.home, "setup.json"), "utf8")) as {
    engines?: Record<string, string>;
  };
  return Object.entries(setup.engines ?? {}).find(([name]) => name !== env.engine.name)?.[1];
}

describe("the engine is resolved like the docker CLI, recorded in the outputs, and found again by destroy", () => {
  const material = makeTlsMaterial();
  const stranger = makeTlsMaterial();
  const keyBody = material.clientKey.split("\n")[2] ?? "";
  const root = mkdtempSync(path.join(os.tmpdir(), "pdd-e2e-conn-"));
  const certDir = path.join(root, "certs");
  const wrongCertDir = path.join(root, "wrong-certs");
  const configDir = path.join(root, "config");
  const programs: TestProgram[] = [];
  let proxy: TlsEngineProxy;

  /** A fresh program for an image of its own, with `variables` in the environment of every pulumi command. */
  async function program(name: string, variables: NodeJS.ProcessEnv): Promise<{ p: TestProgram; imageName: string }> {
    const imageName = `${env.registry}/tests/e2e-${name}-${uniqueSuffix()}`;
    const p = await createProgram(`e2e-${name}`, PROGRAM, appFiles(`${name}\n`), { env: variables });
    await p.stack.setConfig("imageName", imageName);
    programs.push(p);
    return { p, imageName };
  }

  /** Asserts the client key appears nowhere in `output`, the stack export or the state files. */
  async function assertKeyAbsent(p: TestProgram, output: string): Promise<void> {
    const exported = await p.stack.exportState();
    for (const [what, text] of [
      ["pulumi output", output],
      ["stack export", exported],
      ...filesUnder(p.stack.stateDir).map((f) => [f, readFileSync(f, "utf8")]),
    ] as const) {
      assert.equal(text.includes(keyBody), false, `the client key appears in ${what}`);
    }
  }

  before(async () => {
    assert.ok(keyBody.length > 40);
    proxy = await startTlsEngineProxy(material);
    for (const [dir, pair] of [
      [certDir, material],
      [wrongCertDir, stranger],
    ] as const) {
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, "ca.pem"), material.ca);
      writeFileSync(path.join(dir, "cert.pem"), pair.clientCert);
      writeFileSync(path.join(dir, "key.pem"), pair.clientKey);
    }
    const tlsFiles = `ca=${certDir}/ca.pem,cert=${certDir}/cert.pem,key=${certDir}/key.pem`;
    docker("--config", configDir, "context", "create", "pdd-tls", "--docker", `host=${proxy.host},${tlsFiles}`);
    docker("--config", configDir, "context", "create", "pdd-socket", "--docker", `host=${env.engine.host}`);
  });
  after(async () => {
    for (const p of programs) await p.dispose();
    await proxy?.close();
    removeTree(root);
  });

  it("builds and pushes through DOCKER_HOST + DOCKER_TLS_VERIFY + DOCKER_CERT_PATH, records the host, never the key", async () => {
    const variables = { DOCKER_HOST: proxy.host, DOCKER_TLS_VERIFY: "1", DOCKER_CERT_PATH: certDir };
    const { p, imageName } = await program("conn-env", variables);
    const sent = proxy.received();
    const up = await p.stack.up();
    assert.ok(proxy.received() > sent, "nothing went through the TLS endpoint");
    const out = (await p.stack.outputs()) as Record<string, string>;
    assert.deepEqual([out.engineHost, out.pushEngineHost], [proxy.host, proxy.host]);
    assert.equal(imageIdOn(env.engine.host, `${imageName}:conn`), out.imageId);
    await assertKeyAbsent(p, up.stdout + up.stderr);
    await p.stack.preview(["--expect-no-changes"]);
    const destroyed = await p.stack.destroy();
    await assertKeyAbsent(p, destroyed.stdout + destroyed.stderr);
    const address = proxy.host.replace("tcp://", "https://");
    assert.ok(removedOrPending(env.engine.host, address, imageName, "conn"), "destroy left the tag");
  });

  it("builds and pushes through a docker context the CLI made, chosen by DOCKER_CONTEXT", async () => {
    const variables = { DOCKER_HOST: "", DOCKER_CONFIG: configDir, DOCKER_CONTEXT: "pdd-tls" };
    const { p, imageName } = await program("conn-context", variables);
    const sent = proxy.received();
    const up = await p.stack.up();
    assert.ok(proxy.received() > sent, "nothing went through the TLS endpoint of the context");
    const out = (await p.stack.outputs()) as Record<string, string>;
    assert.deepEqual([out.engineHost, out.pushEngineHost], [proxy.host, proxy.host]);
    assert.equal(imageIdOn(env.engine.host, `${imageName}:conn`), out.imageId);
    await assertKeyAbsent(p, up.stdout + up.stderr);
    await p.stack.destroy();
    const address = proxy.host.replace("tcp://", "https://");
    assert.ok(removedOrPending(env.engine.host, address, imageName, "conn"), "destroy left the tag");
  });

  it("builds with docker: { context }, and destroy reaches the recorded engine after the environment changed", async () => {
    const { p, imageName } = await program("conn-input", { DOCKER_CONFIG: configDir, DOCKER_HOST: proxy.host });
    await p.stack.setConfig("dockerContext", "pdd-socket");
    await p.stack.up();
    const out = (await p.stack.outputs()) as Record<string, string>;
    assert.equal(out.engineHost, env.engine.host);
    assert.equal(imageIdOn(env.engine.host, `${imageName}:conn`), out.imageId);
    // Now neither the context nor the engine the environment names exist.
    const changed = { DOCKER_CONFIG: path.join(root, "empty"), DOCKER_HOST: `unix://${root}/no-engine.sock` };
    const destroyed = await p.stack.ok(["destroy", "--yes", "--skip-preview", "--stack", p.stack.stack], changed);
    assert.match(destroyed.stdout, /using the engine this resource was made on/);
    assert.ok(
      removedOrPending(env.engine.host, env.engine.host, imageName, "conn"),
      "destroy did not reach the recorded engine",
    );
  });

  it("rejects a docker.context that does not exist in check, naming it and listing the contexts found", async () => {
    const { p } = await program("conn-missing", { DOCKER_CONFIG: configDir });
    await p.stack.setConfig("dockerContext", "pdd-nope");
    const preview = await p.stack.run(["preview", "--stack", p.stack.stack]);
    assert.notEqual(preview.code, 0);
    const text = preview.stdout + preview.stderr;
    assert.match(text, /docker\.context/);
    assert.match(text, /docker context "pdd-nope", which does not exist/);
    assert.match(text, /contexts found: "default", "pdd-socket", "pdd-tls"/);
  });

  it("fails with the TLS material to fix when the engine refuses the client certificate, without the key", async () => {
    const variables = { DOCKER_HOST: proxy.host, DOCKER_TLS_VERIFY: "1", DOCKER_CERT_PATH: wrongCertDir };
    const { p } = await program("conn-wrong-cert", variables);
    const up = await p.stack.run(["up", "--yes", "--skip-preview", "--stack", p.stack.stack]);
    assert.notEqual(up.code, 0);
    const text = up.stdout + up.stderr;
    assert.match(
      text,
      new RegExp(`check ca\\.pem, cert\\.pem and key\\.pem in ${wrongCertDir} \\(DOCKER_CERT_PATH\\)`),
    );
    assert.equal(text.includes(stranger.clientKey.split("\n")[2] ?? "-"), false, "the client key is in the output");
  });

  it("brings the image to a new engine when the environment moves, and destroys it there", async (t) => {
    const other = otherEngineHost();
    if (other === undefined) return t.skip("setup provided a single engine");
    const { p, imageName } = await program("conn-move", { DOCKER_HOST: env.engine.host });
    const reference = `${imageName}:conn`;
    try {
      await p.stack.up();
      const moved = await p.stack.ok(["up", "--yes", "--skip-preview", "--stack", p.stack.stack], {
        DOCKER_HOST: other,
      });
      assert.match(moved.stdout, /the Docker engine is now/);
      const out = (await p.stack.outputs()) as Record<string, string>;
      assert.equal(out.engineHost, other);
      assert.notEqual(imageIdOn(other, reference), undefined, "the image is not on the new engine");
      assert.notEqual(imageIdOn(env.engine.host, reference), undefined, "the old engine's tag is left alone");
      await p.stack.ok(["destroy", "--yes", "--skip-preview", "--stack", p.stack.stack], {
        DOCKER_HOST: `unix://${root}/no-engine.sock`,
      });
      assert.ok(removedOrPending(other, other, imageName, "conn"), "destroy did not reach the recorded (new) engine");
    } finally {
      for (const host of [env.engine.host, other]) spawnSync("docker", ["-H", host, "image", "rm", reference]);
    }
  });
});
