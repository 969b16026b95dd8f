import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import { localImageIdOf } from "../support/docker-cli";
import { removedOrPending } from "../support/engine-removal";
import { testEnvironment, uniqueSuffix } from "../support/environment";
import { filesUnder } from "../support/fixtures";
import { createProgram, type TestProgram, programSource } from "../support/program";
import { makeTlsMaterial, startTlsEngineProxy, type TlsEngineProxy } from "../support/tls-proxy";

const env = testEnvironment();
const imageName = `${env.registry}/tests/e2e-tls-${uniqueSuffix()}`;

/** The Pulumi program, test/programs/docker-tls/index.js. */
const PROGRAM = programSource("docker-tls");

describe("the docker input: an engine reached over TLS with client certificates", () => {
  let program: TestProgram;
  let proxy: TlsEngineProxy;
  const material = makeTlsMaterial();
  const keyBody = material.clientKey.split("\n")[2] ?? "";

  before(async () => {
    proxy = await startTlsEngineProxy(material);
    program = await createProgram("e2e-tls", PROGRAM, {
      "app/Dockerfile": `FROM ${env.busyboxImage}\nRUN echo tls > /t\n`,
    });
    await program.stack.setConfig("imageName", imageName);
    await program.stack.setConfig("dockerHost", proxy.host);
    await program.stack.setConfig("caCert", material.ca);
    await program.stack.setConfig("clientCert", material.clientCert);
    await program.stack.ok(["config", "set", "clientKey", "--secret", "--stack", "test", "--", material.clientKey]);
  });
  after(async () => {
    await program?.dispose();
    await proxy?.close();
  });

  it("builds and pushes through the TLS endpoint, and the client key stays out of state and logs", async () => {
    assert.ok(keyBody.length > 40);
    const up = await program.stack.up();
    const out = (await program.stack.outputs()) as { imageId: string };
    assert.equal(localImageIdOf(`${imageName}:tls`), out.imageId);
    assert.ok(proxy.connections() > 0, "nothing went through the TLS endpoint");
    const exported = await program.stack.exportState();
    for (const [what, text] of [
      ["up output", up.stdout + up.stderr],
      ["stack export", exported],
      ...filesUnder(program.stack.stateDir).map((f) => [f, readFileSync(f, "utf8")]),
    ] as const) {
      assert.equal(text.includes(keyBody), false, `the client key appears in ${what}`);
    }
    await program.stack.preview(["--expect-no-changes"]);
    const before = proxy.connections();
    await program.stack.destroy();
    assert.ok(proxy.connections() > before, "destroy did not use the TLS endpoint");
    const address = proxy.host.replace("tcp://", "https://");
    assert.ok(removedOrPending(env.engine.host, address, imageName, "tls"), "destroy did not remove the tag");
  });
});
