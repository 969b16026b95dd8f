import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { DockerUnavailableError } from "../../../provider/core/errors";
import { dockerClient } from "../../../provider/engine/connection";
import { dockerBuildProvider } from "../../../provider/image-build/docker-build-provider";
import type { DockerBuildInputs, DockerBuildOutputs } from "../../../provider/image-build/inputs";
import { dockerPushProvider } from "../../../provider/image-push/docker-push-provider";
import type { DockerPushInputs, DockerPushOutputs } from "../../../provider/image-push/inputs";
import { docker, localImageIdOf, removeImages } from "../../support/docker-cli";
import { testEnvironment, uniqueSuffix } from "../../support/environment";
import { makeTree, removeTree } from "../../support/fixtures";
import { manifestDigest } from "../../support/registry-http";
import { startSshd, type TestSshd } from "../../support/sshd";

const env = testEnvironment();
const suffix = uniqueSuffix();
const cleanups: (() => void)[] = [];
const originalPath = process.env.PATH;

/** Runs `body` with `bin` first on PATH, so the provider's `ssh` is the test's client for the test's sshd. */
async function withSsh<T>(bin: string, body: () => Promise<T>): Promise<T> {
  process.env.PATH = [bin, originalPath].join(path.delimiter);
  try {
    return await body();
  } finally {
    process.env.PATH = originalPath;
  }
}

describe("an engine reached over ssh (ssh://root@127.0.0.1:<port>, docker system dial-stdio on the far side)", () => {
  let sshd: TestSshd;
  before(async () => {
    sshd = await startSshd();
  });
  after(async () => {
    cleanups.reverse().forEach((cleanup) => cleanup());
    await sshd?.close();
  });

  it("reaches the engine the tests run against, and reuses the ssh connection between requests", async () => {
    await withSsh(sshd.trustedBin, async () => {
      const engine = dockerClient({ host: sshd.address });
      const before = sshd.logins();
      assert.equal(String(await engine.ping()), "OK");
      const version = await engine.version();
      const info = await engine.info();
      assert.equal(version.Version, docker("version", "--format", "{{.Server.Version}}"));
      assert.equal(info.ID, docker("info", "--format", "{{.ID}}"));
      assert.equal(sshd.logins() - before, 1, "three requests in a row logged in more than once");
    });
  });

  for (const builder of ["classic", "buildkit"] as const) {
    it(`builds with the ${builder} builder from a streamed context${builder === "buildkit" ? " and a BuildKit session serving a secret" : ""}`, async () => {
      const secret = `ssh-secret-${suffix}`;
      const context = makeTree({
        Dockerfile:
          builder === "buildkit"
            ? `FROM ${env.busyboxImage}\nCOPY data.bin /data.bin\nRUN --mount=type=secret,id=token,required=true test "$(cat /run/secrets/token)" = "${secret}" && echo ok > /secret-checked\n`
            : `FROM ${env.busyboxImage}\nCOPY data.bin /data.bin\nRUN echo ${builder} > /builder\n`,
        // Several MB that do not compress: the request body really streams through ssh's stdin.
        "data.bin": Buffer.from(Array.from({ length: 3 * 1024 * 1024 }, (_, i) => (i * 7919) % 251)).toString("latin1"),
      });
      cleanups.push(() => removeTree(context));
      const imageName = `${env.registry}/tests/ssh-${builder}-${suffix}`;
      cleanups.push(() => removeImages(`${imageName}:v1`));
      const inputs: DockerBuildInputs = {
        builder,
        imageName,
        tag: "v1",
        context,
        docker: { host: sshd.address },
        ...(builder === "buildkit" ? { secrets: { token: secret } } : {}),
      };
      const outs = await withSsh(sshd.trustedBin, async () => {
        const checked = await dockerBuildProvider.check!({} as DockerBuildInputs, inputs);
        assert.deepEqual(checked.failures ?? [], []);
        return (await dockerBuildProvider.create(checked.inputs as DockerBuildInputs)).outs as DockerBuildOutputs;
      });
      assert.equal(outs.resolvedBuilder, builder);
      assert.equal(localImageIdOf(`${imageName}:v1`), outs.imageId, "the local engine does not hold the image");
      const sha = createHash("sha256")
        .update(readFileSync(path.join(context, "data.bin")))
        .digest("hex");
      assert.equal(docker("run", "--rm", outs.imageId, "sha256sum", "/data.bin").split(" ")[0], sha);
      const marker = builder === "buildkit" ? "/secret-checked" : "/builder";
      assert.equal(docker("run", "--rm", outs.imageId, "cat", marker), builder === "buildkit" ? "ok" : builder);
    });
  }

  it("pushes to the registry through the ssh engine", async () => {
    const imageName = `${env.registry}/tests/ssh-push-${suffix}`;
    docker("tag", env.busyboxImage, `${imageName}:v1`);
    cleanups.push(() => removeImages(`${imageName}:v1`));
    const inputs: DockerPushInputs = { imageName, tag: "v1", docker: { host: sshd.address } };
    const outs = await withSsh(sshd.trustedBin, async () => {
      const checked = await dockerPushProvider.check!({} as DockerPushInputs, inputs);
      assert.deepEqual(checked.failures ?? [], []);
      return (await dockerPushProvider.create(checked.inputs as DockerPushInputs)).outs as DockerPushOutputs;
    });
    assert.match(outs.digest, /^sha256:[a-f0-9]{64}$/);
    assert.equal(await manifestDigest(imageName, "v1"), outs.digest);
  });

  it("fails with the host and the ssh-keyscan command when the host key is not in known_hosts", async () => {
    await withSsh(sshd.untrustedBin, async () => {
      await assert.rejects(dockerClient({ host: sshd.address }).ping(), (error: unknown) => {
        assert.ok(error instanceof DockerUnavailableError, String(error));
        assert.match(error.message, new RegExp(`host key of ssh://root@127\\.0\\.0\\.1:${sshd.port} is not known`));
        assert.match(error.message, new RegExp(`ssh-keyscan -p ${sshd.port} 127\\.0\\.0\\.1 >> ~/\\.ssh/known_hosts`));
        return true;
      });
    });
  });

  it("fails with advice about keys when sshd refuses the key, without showing any key", async () => {
    await withSsh(sshd.wrongKeyBin, async () => {
      await assert.rejects(dockerClient({ host: sshd.address }).ping(), (error: unknown) => {
        assert.ok(error instanceof DockerUnavailableError, String(error));
        assert.match(error.message, /could not log in to ssh:\/\/root@127\.0\.0\.1:\d+: no key was accepted/);
        assert.match(error.message, /Permission denied \(publickey\)/);
        assert.equal(error.message.includes(sshd.clientKeyBody), false);
        assert.equal(error.message.includes("PRIVATE KEY"), false);
        return true;
      });
    });
  });
});
