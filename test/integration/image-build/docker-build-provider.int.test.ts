import assert from "node:assert/strict";
import { readdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { after, describe, it } from "node:test";
import { dockerBuildProvider } from "../../../provider/image-build/docker-build-provider";
import type { DockerBuildInputs, DockerBuildOutputs } from "../../../provider/image-build/inputs";
import { dockerClient } from "../../../provider/engine/connection";
import { BuildError, DockerUnavailableError } from "../../../provider/core/errors";
import { pushTag } from "../../../provider/image-push/run-push";
import { explicitAuth } from "../../../provider/registry-credentials";
import { docker, localImageIdOf, removeImages } from "../../support/docker-cli";
import { testEnvironment, uniqueSuffix } from "../../support/environment";
import { makeTree, removeTree } from "../../support/fixtures";

const env = testEnvironment();
const suffix = uniqueSuffix();
const cleanups: (() => void)[] = [];
after(() => cleanups.forEach((c) => c()));

async function create(inputs: DockerBuildInputs): Promise<DockerBuildOutputs> {
  const checked = await dockerBuildProvider.check!({} as DockerBuildInputs, inputs);
  assert.deepEqual(checked.failures ?? [], []);
  const result = await dockerBuildProvider.create(checked.inputs as DockerBuildInputs);
  const outs = result.outs as DockerBuildOutputs;
  cleanups.push(() => removeImages(...[outs.tag, ...outs.additionalTags].map((t) => `${outs.imageName}:${t}`)));
  return outs;
}

function runImage(image: string, ...command: string[]): string {
  return docker("run", "--rm", image, ...command);
}

describe("DockerBuild against the real Docker engine", () => {
  for (const builder of ["buildkit", "classic"] as const) {
    describe(`with the ${builder} builder`, () => {
      it("passes every docker build option through to the engine", async () => {
        const context = makeTree({
          Dockerfile: [
            `FROM ${env.busyboxImage} AS base`,
            "ARG GREETING",
            'RUN echo "$GREETING" > /greeting',
            "RUN grep -q 'pdd-extra-host' /etc/hosts",
            "RUN df -k /dev/shm | tail -1 > /shm",
            "FROM base AS final",
            "RUN echo final > /stage",
            "FROM base AS other",
            "RUN echo other > /stage",
            "",
          ].join("\n"),
        });
        cleanups.push(() => removeTree(context));
        const outs = await create({
          builder,
          imageName: `${env.registry}/tests/build-options-${builder}-${suffix}`,
          tag: "v1",
          additionalTags: ["extra-a", "extra-b"],
          context,
          buildArgs: { GREETING: "hello from a build arg" },
          target: "Final", // a stage's name in another case: both builders compare names without case
          platform: "linux/amd64",
          labels: { "org.example.team": "platform" },
          cacheFrom: [env.busyboxImage],
          pull: false,
          noCache: true,
          network: "host",
          extraHosts: ["pdd-extra-host:127.0.0.1"],
          shmSize: builder === "classic" ? 128 * 1024 * 1024 : undefined,
          buildOptions: { cpushares: 512 },
        });
        assert.equal(outs.resolvedBuilder, builder);
        assert.match(outs.imageId, /^sha256:[a-f0-9]{64}$/);
        assert.equal(outs.image, `${outs.imageName}:v1`);
        for (const tag of ["v1", "extra-a", "extra-b"])
          assert.equal(localImageIdOf(`${outs.imageName}:${tag}`), outs.imageId);
        assert.equal(runImage(outs.image, "cat", "/greeting"), "hello from a build arg");
        assert.equal(runImage(outs.image, "cat", "/stage"), "final");
        assert.match(runImage(outs.image, "cat", "/shm"), builder === "classic" ? /\s131072\s/ : /\s65536\s/);
        const history = docker("history", "--no-trunc", "--format", "{{.Comment}}", outs.image);
        assert.equal(history.includes("buildkit.dockerfile.v0"), builder === "buildkit");
        const inspect = JSON.parse(docker("image", "inspect", outs.imageId))[0];
        assert.equal(inspect.Config.Labels["org.example.team"], "platform");
        assert.equal(inspect.Config.Labels["dev.pulumi-docker-dynamic.version"], "0.1.0");
        assert.equal(inspect.Architecture, "amd64");
        assert.match(outs.contextDigest, /^sha256:[a-f0-9]{64}$/);
      });

      it("fails a RUN step with an error naming the image, the step and the daemon's message", async () => {
        const context = makeTree({ Dockerfile: `FROM ${env.busyboxImage}\nRUN echo about to fail\nRUN exit 3\n` });
        cleanups.push(() => removeTree(context));
        const imageName = `${env.registry}/tests/failing-${builder}-${suffix}`;
        await assert.rejects(create({ builder, imageName, tag: "broken", context }), (error: unknown) => {
          assert.ok(error instanceof BuildError, String(error));
          const step = builder === "classic" ? "step 3/4 \\(RUN exit 3\\)" : "step \\[3/3\\] RUN exit 3";
          assert.match(error.message, new RegExp(`Build of "${imageName}:broken" failed at ${step}`));
          assert.match(error.message, builder === "classic" ? /returned a non-zero code: 3/ : /exit code: 3/);
          assert.match(error.message, /about to fail/);
          return true;
        });
        assert.equal(localImageIdOf(`${imageName}:broken`), undefined);
      });

      it("fails with the daemon's message when the Dockerfile names an image that does not exist", async () => {
        const context = makeTree({ Dockerfile: "FROM localhost:5000/tests/does-not-exist:nope\n" });
        cleanups.push(() => removeTree(context));
        await assert.rejects(
          create({ builder, imageName: `${env.registry}/tests/missing-base-${builder}-${suffix}`, context }),
          /manifest unknown|not found/,
        );
      });

      it("pulls a base image from the auth registry with the registries credentials", async () => {
        const client = dockerClient();
        const base = `${env.authRegistry}/tests/base-${builder}-${suffix}`;
        docker("tag", env.busyboxImage, `${base}:1`);
        await pushTag(client, {
          imageName: base,
          tag: "1",
          registry: env.authRegistry,
          auth: explicitAuth(env.authCredentials, env.authRegistry),
          print: () => undefined,
        });
        removeImages(`${base}:1`);
        const context = makeTree({ Dockerfile: `FROM ${base}:1\nRUN echo pulled > /pulled\n` });
        cleanups.push(() => removeTree(context));
        const imageName = `${env.registry}/tests/private-base-${builder}-${suffix}`;
        await assert.rejects(
          create({ builder, imageName, tag: "no-creds", context, pull: true }),
          /no basic auth|unauthorized|authentication/i,
        );
        const outs = await create({
          builder,
          imageName,
          tag: "with-creds",
          context,
          pull: true,
          registries: [{ address: env.authRegistry, ...env.authCredentials }],
        });
        assert.equal(runImage(outs.image, "cat", "/pulled"), "pulled");
        cleanups.push(() => removeImages(`${base}:1`));
      });
    });
  }

  it("builds with the classic builder when network is one only it takes, and no builder is given", async () => {
    // The engine's BuildKit refuses any network but default, host and none ("network mode "bridge" not supported by
    // buildkit"); without a builder, such a network picks the classic builder, as shmSize does.
    const context = makeTree({ Dockerfile: `FROM ${env.busyboxImage}\nRUN echo ${suffix} > /id\n` });
    cleanups.push(() => removeTree(context));
    const outs = await create({
      imageName: `${env.registry}/tests/bridge-${suffix}`,
      tag: "v1",
      context,
      network: "bridge",
    });
    assert.equal(outs.resolvedBuilder, "classic");
    assert.equal(runImage(outs.image, "cat", "/id"), suffix);
    const checked = await dockerBuildProvider.check!({} as DockerBuildInputs, {
      imageName: `${env.registry}/tests/bridge-${suffix}`,
      context,
      network: "bridge",
      builder: "buildkit",
    });
    assert.deepEqual(
      (checked.failures ?? []).map((f) => f.property),
      ["network"],
    );
  });

  it("removes its tags on delete, and keeps them with keepLocally", async () => {
    const context = makeTree({ Dockerfile: `FROM ${env.busyboxImage}\nRUN echo ${suffix} > /id\n` });
    cleanups.push(() => removeTree(context));
    const imageName = `${env.registry}/tests/delete-${suffix}`;
    const kept = await create({ imageName, tag: "kept", context, keepLocally: true });
    await dockerBuildProvider.delete!(kept.image, kept);
    assert.equal(localImageIdOf(kept.image), kept.imageId);
    const removed = await create({ imageName, tag: "removed", additionalTags: ["removed-too"], context });
    await dockerBuildProvider.delete!(removed.image, removed);
    assert.equal(localImageIdOf(removed.image), undefined);
    assert.equal(localImageIdOf(`${imageName}:removed-too`), undefined);
    assert.equal(localImageIdOf(kept.image), kept.imageId, "a tag of the same image stays");
  });

  it("removes the previous image of a rebuilt fixed tag, even when a push left a digest reference on it", async () => {
    const context = makeTree({ Dockerfile: `FROM ${env.busyboxImage}\nCOPY v /v\n`, v: `1 ${suffix}\n` });
    cleanups.push(() => removeTree(context));
    const imageName = `${env.registry}/tests/rebuild-${suffix}`;
    const first = await create({ imageName, tag: "dev", context });
    await pushTag(dockerClient(), { imageName, tag: "dev", registry: env.registry, auth: undefined, print: () => {} });
    writeFileSync(path.join(context, "v"), `2 ${suffix}\n`);
    const news = (await dockerBuildProvider.check!(first, { imageName, tag: "dev", context }))
      .inputs as DockerBuildInputs;
    const second = (await dockerBuildProvider.update!(first.image, first, news)).outs as DockerBuildOutputs;
    assert.notEqual(second.imageId, first.imageId);
    assert.equal(localImageIdOf(`${imageName}:dev`), second.imageId);
    assert.equal(localImageIdOf(first.imageId), undefined, "the old image was left behind");
  });

  it("never force-removes an image a container uses: the tag stays and a warning is logged", async () => {
    const context = makeTree({ Dockerfile: `FROM ${env.busyboxImage}\nRUN echo used-${suffix} > /u\n` });
    cleanups.push(() => removeTree(context));
    const outs = await create({ imageName: `${env.registry}/tests/in-use-${suffix}`, tag: "used", context });
    const container = docker("create", outs.image, "true");
    cleanups.push(() => docker("rm", "--force", container));
    const logged: string[] = [];
    const log = console.log;
    console.log = (line: string) => logged.push(line);
    try {
      await dockerBuildProvider.delete!(outs.image, outs);
    } finally {
      console.log = log;
    }
    assert.equal(localImageIdOf(outs.image), outs.imageId);
    assert.ok(
      logged.some((l) => /kept .*in use by a container/.test(l)),
      logged.join("\n"),
    );
  });

  it("reaches the engine through an explicit docker.host, and says how to fix an unreachable one", async () => {
    const context = makeTree({ Dockerfile: `FROM ${env.busyboxImage}\nRUN echo host-${suffix} > /h\n` });
    cleanups.push(() => removeTree(context));
    const imageName = `${env.registry}/tests/explicit-host-${suffix}`;
    const outs = await create({ imageName, tag: "t", context, docker: { host: env.engine.host } });
    assert.equal(localImageIdOf(outs.image), outs.imageId);
    await assert.rejects(
      create({ imageName, tag: "unreachable", context, docker: { host: "unix:///nonexistent/docker.sock" } }),
      (error: unknown) => {
        assert.ok(error instanceof DockerUnavailableError, String(error));
        assert.match(
          error.message,
          /Cannot reach the Docker engine at unix:\/\/\/nonexistent\/docker\.sock \(ENOENT\)/,
        );
        assert.match(error.message, /start Docker or set DOCKER_HOST/);
        return true;
      },
    );
  });

  it("builds with a Dockerfile that lies outside the context, without writing into the context", async () => {
    const root = makeTree({
      "docker/Dockerfile.app": `FROM ${env.busyboxImage}\nCOPY hello.txt /hello.txt\n`,
      "src/hello.txt": "from outside\n",
    });
    cleanups.push(() => removeTree(root));
    const context = path.join(root, "src");
    const outs = await create({
      imageName: `${env.registry}/tests/outside-${suffix}`,
      tag: "t",
      context,
      dockerfile: "../docker/Dockerfile.app",
    });
    assert.equal(runImage(outs.image, "cat", "/hello.txt"), "from outside");
    assert.equal(outs.resolvedDockerfile, path.join(root, "docker", "Dockerfile.app"));
    assert.deepEqual(readdirSync(context), ["hello.txt"]);
  });

  it("generates a timestamp tag when none is given and keeps it across a re-tag", async () => {
    const context = makeTree({ Dockerfile: `FROM ${env.busyboxImage}\n` });
    cleanups.push(() => removeTree(context));
    const outs = await create({ imageName: `${env.registry}/tests/timestamp-${suffix}`, context });
    assert.match(outs.tag, /^\d{4}-\d{2}-\d{2}t\d{2}-\d{2}-\d{2}-\d{3}z$/);
    assert.equal(outs.tagGenerated, true);
    const news = { imageName: outs.imageName, context, contextDigest: outs.contextDigest, additionalTags: ["more"] };
    const updated = (await dockerBuildProvider.update!(outs.image, outs, news)).outs as DockerBuildOutputs;
    cleanups.push(() => removeImages(`${outs.imageName}:more`));
    assert.equal(updated.tag, outs.tag);
    assert.equal(updated.imageId, outs.imageId);
    assert.equal(localImageIdOf(`${outs.imageName}:more`), outs.imageId);
  });
});
