import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { dockerClient } from "../../../provider/engine/connection";
import { openBuildkitSession } from "../../../provider/buildkit/session";
import { docker, removeImages } from "../../support/docker-cli";
import { testEnvironment, uniqueSuffix } from "../../support/environment";
import { buildWithSession, builtImage } from "../../support/session-build";
import { makeTlsMaterial, startTlsEngineProxy, type TlsEngineProxy, type TlsMaterial } from "../../support/tls-proxy";

const env = testEnvironment();
const suffix = uniqueSuffix();

describe("a BuildKit session with an engine reached over TLS", () => {
  let material: TlsMaterial;
  let proxy: TlsEngineProxy;
  const tag = `pdd-test/buildkit-tls:${suffix}`;
  before(async () => {
    material = makeTlsMaterial();
    proxy = await startTlsEngineProxy(material);
  });
  after(async () => {
    await proxy?.close();
    removeImages(tag);
  });

  it("serves a secret through the engine's TLS connection", async () => {
    const engine = dockerClient({
      host: proxy.host,
      caCert: material.ca,
      cert: material.clientCert,
      key: material.clientKey,
    });
    const session = await openBuildkitSession(engine, {
      credentials: async () => undefined,
      secrets: new Map([["token", `tls-${suffix}`]]),
      ssh: [],
    });
    try {
      const dockerfile = `FROM ${env.busyboxImage}\nRUN --mount=type=secret,id=token,required=true test "$(cat /run/secrets/token)" = "tls-${suffix}" && echo ok > /ok\n`;
      const imageId = builtImage(await buildWithSession(engine, { Dockerfile: dockerfile }, session.id, tag));
      assert.equal(docker("run", "--rm", imageId, "cat", "/ok"), "ok");
      assert.ok(proxy.connections() >= 2, "the session and the build did not both go through the TLS endpoint");
    } finally {
      await session.close();
    }
    assert.equal(session.closed, true);
  });
});
