import assert from "node:assert/strict";
import type Docker from "dockerode";
import { after, describe, it } from "node:test";
import { pack } from "tar-stream";
import { dockerClient } from "../../../provider/engine/connection";
import { readProgress, type ProgressEvent } from "../../../provider/engine/progress";
import { registryAuthHeader } from "../../../provider/registry-credentials";
import { removeImages } from "../../support/docker-cli";
import { testEnvironment, uniqueSuffix } from "../../support/environment";
import { manifestDigest } from "../../support/registry-http";

const env = testEnvironment();
const suffix = uniqueSuffix();
const created: string[] = [];
after(() => removeImages(...created));

async function collect(stream: NodeJS.ReadableStream): Promise<ProgressEvent[]> {
  const events: ProgressEvent[] = [];
  await readProgress(stream, (e) => events.push(e));
  return events;
}

function pushStream(docker: Docker, name: string, authconfig: object): Promise<NodeJS.ReadableStream> {
  return docker
    .getImage(name)
    .push({ tag: "1", authconfig } as Docker.ImagePushOptions) as Promise<NodeJS.ReadableStream>;
}

describe("the Docker engine and both registries", () => {
  it("builds an image with dockerode and pushes it to the open and the htpasswd registry", async () => {
    const docker = dockerClient();
    const context = pack();
    context.entry({ name: "Dockerfile" }, `FROM ${env.busyboxImage}\nRUN echo ${suffix} > /id\n`);
    context.finalize();
    const built = await collect(
      await docker.buildImage(context as unknown as NodeJS.ReadableStream, { t: `harness-${suffix}:1` }),
    );
    const imageId = built.map((e) => (typeof e.aux === "object" ? e.aux.ID : undefined)).find(Boolean);
    assert.match(imageId ?? "", /^sha256:/);
    created.push(`harness-${suffix}:1`);

    const targets = [
      { registry: env.registry, auth: {} },
      {
        registry: env.authRegistry,
        auth: {
          username: env.authCredentials.username,
          password: env.authCredentials.password,
          serveraddress: env.authRegistry,
        },
      },
    ];
    for (const { registry, auth } of targets) {
      const name = `${registry}/tests/harness-${suffix}`;
      await docker.getImage(imageId!).tag({ repo: name, tag: "1" });
      created.push(`${name}:1`);
      const events = await collect(await pushStream(docker, name, { base64: registryAuthHeader(undefined) }));
      const refused = events.find((e) => e.error);
      if (registry === env.authRegistry) assert.match(refused?.error ?? "", /no basic auth credentials|unauthorized/);
      else assert.equal(refused, undefined);
      const pushed = await collect(await pushStream(docker, name, auth));
      assert.equal(
        pushed.find((e) => e.error),
        undefined,
        JSON.stringify(pushed.slice(-3)),
      );
      // The aux event carries it on the classic image store; the containerd image store (engine 28) prints only the
      // status line `1: digest: sha256:… size: N`.
      const digest =
        pushed.map((e) => (typeof e.aux === "object" ? e.aux.Digest : undefined)).find(Boolean) ??
        pushed.map((e) => /^1: digest: (sha256:[0-9a-f]{64}) /.exec(e.status ?? "")?.[1]).find(Boolean);
      assert.match(digest ?? "", /^sha256:/, JSON.stringify(pushed.slice(-3)));
      const registryAuth = registry === env.authRegistry ? env.authCredentials : undefined;
      assert.equal(await manifestDigest(name, "1", registryAuth), digest);
    }
  });
});
