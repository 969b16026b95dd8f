import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, describe, it } from "node:test";
import { PushError, RegistryUnreachableError } from "../../../provider/core/errors";
import { dockerPushProvider } from "../../../provider/image-push/docker-push-provider";
import type { DockerPushInputs } from "../../../provider/image-push/inputs";
import { docker, removeImages } from "../../support/docker-cli";
import { testEnvironment, uniqueSuffix } from "../../support/environment";
import { freeLoopbackPort } from "../../support/free-port";

const env = testEnvironment();
const suffix = uniqueSuffix();
const tagged: string[] = [];
after(() => removeImages(...tagged));

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)));
}

/** A registry that answers until the engine starts uploading, then goes down for good. */
async function registryThatDiesOnUpload(): Promise<number> {
  const server = createServer((request, response) => {
    if (request.method === "POST") {
      server.close();
      server.closeAllConnections();
      return;
    }
    response.writeHead(request.url === "/v2/" ? 200 : 404, { "content-type": "application/json" }).end("{}");
  });
  return listen(server);
}

/** Tags busybox for a registry on `port` and pushes it, printing nothing; the error and the seconds it took. */
async function pushTo(port: number): Promise<{ error: unknown; seconds: number; retries: number }> {
  const imageName = `127.0.0.1:${port}/tests/down-${suffix}`;
  docker("tag", env.busyboxImage, `${imageName}:dev`);
  tagged.push(`${imageName}:dev`);
  const log = console.log;
  let retries = 0;
  console.log = (line: unknown) => void (/Retrying in/.test(String(line)) && retries++);
  const started = Date.now();
  try {
    await dockerPushProvider.create({ imageName, tag: "dev" } as DockerPushInputs);
    return { error: undefined, seconds: (Date.now() - started) / 1000, retries };
  } catch (error) {
    return { error, seconds: (Date.now() - started) / 1000, retries };
  } finally {
    console.log = log;
  }
}

describe("DockerPush to a registry that is down", () => {
  it("fails within seconds, naming the registry and ECONNREFUSED, before the engine starts a push", async () => {
    // A port on which nothing listens: a registry that is down.
    const port = await freeLoopbackPort();
    const { error, seconds, retries } = await pushTo(port);
    assert.ok(error instanceof RegistryUnreachableError, String(error));
    assert.match(
      error.message,
      new RegExp(`Cannot reach registry "127\\.0\\.0\\.1:${port}" at http://127\\.0\\.0\\.1:${port}: ECONNREFUSED`),
    );
    assert.equal(retries, 0);
    assert.ok(seconds < 5, `took ${seconds} s`);
  });

  it("stops following the engine's retries once the registry goes down during the push", async () => {
    const port = await registryThatDiesOnUpload();
    const { error, seconds } = await pushTo(port);
    assert.ok(error instanceof PushError, String(error));
    assert.match(error.message, new RegExp(`Cannot reach registry "127\\.0\\.0\\.1:${port}".*ECONNREFUSED`));
    // Engine 20.10 retries the upload, and the probe during its retries stops it; the containerd image store (engine
    // 28) does not retry, and the probe after its failure names the registry.
    assert.match(error.message, /The engine was retrying; the push was stopped\.|The engine reported: /);
    assert.ok(seconds < 15, `took ${seconds} s`);
  });
});
