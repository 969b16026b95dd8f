import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { after, describe, it } from "node:test";
import { dockerClient } from "../../../provider/engine/connection";
import { openBuildkitSession, type SessionServices } from "../../../provider/buildkit/session";
import { docker, removeImages, savedImage } from "../../support/docker-cli";
import { testEnvironment, uniqueSuffix } from "../../support/environment";
import { buildWithSession, builtImage } from "../../support/session-build";

const env = testEnvironment();
const suffix = uniqueSuffix();
const cleanups: (() => void)[] = [];
after(() => cleanups.reverse().forEach((cleanup) => cleanup()));

const anonymous: SessionServices["credentials"] = async () => undefined;

function services(secrets: Record<string, string>): SessionServices {
  return { credentials: anonymous, secrets: new Map(Object.entries(secrets)), ssh: [] };
}

function tagFor(name: string): string {
  const tag = `pdd-test/buildkit-${name}:${suffix}`;
  cleanups.push(() => removeImages(tag));
  return tag;
}

describe("a BuildKit session serving secrets", () => {
  const secret = `s3cr3t-${suffix}-${Math.random().toString(36).slice(2)}`;
  const sha = createHash("sha256").update(secret).digest("hex");

  it("gives a required secret to RUN and leaves no trace of it in the image", async () => {
    const engine = dockerClient();
    const session = await openBuildkitSession(engine, services({ token: secret }));
    try {
      const dockerfile = [
        `FROM ${env.busyboxImage}`,
        "RUN --mount=type=secret,id=token,required=true cat /run/secrets/token > /dev/null && " +
          `test "$(sha256sum < /run/secrets/token | cut -d' ' -f1)" = "${sha}" && echo checked > /checked`,
        "",
      ].join("\n");
      const tag = tagFor("secret");
      const imageId = builtImage(await buildWithSession(engine, { Dockerfile: dockerfile }, session.id, tag));
      assert.equal(docker("run", "--rm", imageId, "cat", "/checked"), "checked");
      assert.ok(!docker("history", "--no-trunc", imageId).includes(secret), "docker history holds the secret");
      assert.ok(!docker("image", "inspect", imageId).includes(secret), "docker image inspect holds the secret");
      const saved = savedImage(tag);
      assert.ok(saved.layers > 0, "docker save wrote layers");
      for (const [file, content] of saved.files) assert.ok(!content.includes(secret), `${file} holds the secret`);
    } finally {
      await session.close();
    }
  });

  it("fails the build with the secret's id when a required secret is not served", async () => {
    const engine = dockerClient();
    const session = await openBuildkitSession(engine, services({ other: "x" }));
    try {
      const id = `missing-${suffix}`;
      const dockerfile = `FROM ${env.busyboxImage}\nRUN --mount=type=secret,id=${id},required=true true\n`;
      const result = await buildWithSession(engine, { Dockerfile: dockerfile }, session.id, tagFor("no-secret"));
      assert.equal(result.imageId, undefined);
      assert.match(result.errors.join("\n"), new RegExp(`secret ${id}:? not found`));
    } finally {
      await session.close();
    }
  });

  it("leaves an optional secret that is not served out of the RUN step", async () => {
    const engine = dockerClient();
    const session = await openBuildkitSession(engine, services({}));
    try {
      const dockerfile = `FROM ${env.busyboxImage}\nRUN --mount=type=secret,id=maybe test ! -s /run/secrets/maybe\n`;
      builtImage(await buildWithSession(engine, { Dockerfile: dockerfile }, session.id, tagFor("optional")));
    } finally {
      await session.close();
    }
  });
});

describe("closing a BuildKit session", () => {
  it("closes the connection after a successful build, and again without harm", async () => {
    const engine = dockerClient();
    const session = await openBuildkitSession(engine, services({}));
    const tag = tagFor("close-ok");
    builtImage(await buildWithSession(engine, { Dockerfile: `FROM ${env.busyboxImage}\nRUN true\n` }, session.id, tag));
    assert.equal(session.closed, false);
    await session.close();
    assert.equal(session.closed, true);
    await session.close();
    await Promise.all([session.close(), session.close()]);
    assert.equal(session.closed, true);
  });

  it("closes the connection after a failed build", async () => {
    const engine = dockerClient();
    const session = await openBuildkitSession(engine, services({}));
    const result = await buildWithSession(
      engine,
      { Dockerfile: `FROM ${env.busyboxImage}\nRUN exit 3\n` },
      session.id,
      tagFor("close-failed"),
    );
    assert.notEqual(result.errors.length, 0);
    await session.close();
    assert.equal(session.closed, true);
    await session.close();
  });

  it("closes before any build ran, and a build naming the closed session then fails", async () => {
    const engine = dockerClient();
    const session = await openBuildkitSession(engine, services({ token: "x" }));
    await session.close();
    assert.equal(session.closed, true);
    const dockerfile = `FROM ${env.busyboxImage}\nRUN --mount=type=secret,id=token,required=true true\n`;
    const result = await buildWithSession(engine, { Dockerfile: dockerfile }, session.id, tagFor("closed"));
    assert.notEqual(result.errors.length, 0);
  });
});
