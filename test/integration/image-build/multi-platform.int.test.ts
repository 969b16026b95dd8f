import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, symlinkSync } from "node:fs";
import * as path from "node:path";
import { after, describe, it } from "node:test";
import { dockerBuildProvider } from "../../../provider/image-build/docker-build-provider";
import type { DockerBuildInputs, DockerBuildOutputs } from "../../../provider/image-build/inputs";
import { docker, localImageIdOf, removeImages } from "../../support/docker-cli";
import { testEnvironment, uniqueSuffix } from "../../support/environment";
import { makeTree, removeTree } from "../../support/fixtures";

const env = testEnvironment();
const suffix = uniqueSuffix();
const cleanups: (() => void)[] = [];
after(() => cleanups.forEach((c) => c()));

/** Every reference a state tagged. */
const referencesOf = (outs: DockerBuildOutputs) =>
  [outs.tag, ...outs.additionalTags, ...(outs.platformImages ?? []).map((p) => p.tag)].map(
    (t) => `${outs.imageName}:${t}`,
  );

async function create(inputs: DockerBuildInputs): Promise<DockerBuildOutputs> {
  const checked = await dockerBuildProvider.check!({} as DockerBuildInputs, inputs);
  assert.deepEqual(checked.failures ?? [], []);
  const outs = (await dockerBuildProvider.create(checked.inputs as DockerBuildInputs)).outs as DockerBuildOutputs;
  cleanups.push(() => removeImages(...referencesOf(outs)));
  return outs;
}

/**
 * A context with static busybox binaries of both architectures (from setup) as `busybox-amd64`/`busybox-arm64`, the
 * applets `sh`, `cat` and `uname` as links under `links/`, and this Dockerfile.
 */
function busyboxContext(dockerfile: string[]): string {
  const context = makeTree({ Dockerfile: [...dockerfile, ""].join("\n") });
  for (const arch of ["amd64", "arm64"]) {
    copyFileSync(path.join(env.busyboxBinaries, arch, "busybox"), path.join(context, `busybox-${arch}`));
  }
  mkdirSync(path.join(context, "links"));
  for (const applet of ["sh", "cat", "uname"]) symlinkSync("busybox", path.join(context, "links", applet));
  cleanups.push(() => removeTree(context));
  return context;
}

// The label makes this run's images its own: an image of the same content tagged by another test would outlive a delete.
const FROM_SCRATCH = [
  "FROM scratch AS base",
  `LABEL pdd.test.run=${suffix}`,
  "ARG TARGETARCH",
  "COPY busybox-${TARGETARCH} /bin/busybox",
];
const inspect = (reference: string, format: string) => docker("image", "inspect", "--format", format, reference);

describe("DockerBuild with platforms against the real Docker engine", () => {
  const engineArch = docker("version", "--format", "{{.Server.Arch}}");

  it("builds one image per platform without emulation, tags each, and puts its own tags on the engine's platform", async () => {
    const context = busyboxContext(FROM_SCRATCH);
    const imageName = `${env.registry}/tests/multi-platform-${suffix}`;
    const outs = await create({
      imageName,
      tag: "dev",
      additionalTags: ["latest"],
      context,
      platforms: ["linux/amd64", "linux/arm64"],
    });
    assert.equal(outs.resolvedBuilder, "buildkit");
    assert.deepEqual(
      outs.platformImages,
      ["amd64", "arm64"].map((arch) => ({
        platform: `linux/${arch}`,
        imageId: localImageIdOf(`${imageName}:dev-linux-${arch}`),
        tag: `dev-linux-${arch}`,
      })),
    );
    for (const arch of ["amd64", "arm64"]) {
      assert.equal(inspect(`${imageName}:dev-linux-${arch}`, "{{.Os}}/{{.Architecture}}"), `linux/${arch}`);
    }
    const own = outs.platformImages!.find((p) => p.platform === `linux/${engineArch}`) ?? outs.platformImages![0]!;
    assert.equal(outs.imageId, own.imageId);
    assert.equal(localImageIdOf(`${imageName}:dev`), own.imageId);
    assert.equal(localImageIdOf(`${imageName}:latest`), own.imageId);
    assert.notEqual(outs.platformImages![0]!.imageId, outs.platformImages![1]!.imageId);
    assert.equal(outs.image, `${imageName}:dev`);

    await dockerBuildProvider.delete!(outs.image, outs);
    for (const reference of referencesOf(outs)) assert.equal(localImageIdOf(reference), undefined, reference);
    for (const image of outs.platformImages!) assert.equal(localImageIdOf(image.imageId), undefined, image.platform);
  });

  it("drops the image of a platform an update no longer wants, and rebuilds a platform image removed from the engine", async () => {
    const context = busyboxContext(FROM_SCRATCH);
    const imageName = `${env.registry}/tests/multi-platform-update-${suffix}`;
    const inputs: DockerBuildInputs = { imageName, tag: "dev", context, platforms: ["linux/amd64", "linux/arm64"] };
    const first = await create(inputs);
    const arm64 = first.platformImages![1]!;

    docker("image", "rm", `${imageName}:dev-linux-arm64`);
    assert.equal(localImageIdOf(arm64.imageId), undefined);
    const checked = (await dockerBuildProvider.check!(first, inputs)).inputs as DockerBuildInputs;
    const diff = await dockerBuildProvider.diff!(first.image, first, checked);
    assert.equal(diff.changes, true);
    assert.deepEqual(diff.replaces, []);
    const rebuilt = (await dockerBuildProvider.update!(first.image, first, checked)).outs as DockerBuildOutputs;
    cleanups.push(() => removeImages(...referencesOf(rebuilt)));
    assert.equal(inspect(`${imageName}:dev-linux-arm64`, "{{.Architecture}}"), "arm64");
    assert.equal(rebuilt.platformImages![1]!.imageId, localImageIdOf(`${imageName}:dev-linux-arm64`));

    // Another spelling of the same platforms (Docker's aliases) only rewrites the state: no build, every tag kept.
    const respelt = { ...checked, platforms: ["Linux/x86_64", "linux/aarch64"] };
    const kept = (await dockerBuildProvider.update!(rebuilt.image, rebuilt, respelt)).outs as DockerBuildOutputs;
    assert.deepEqual(kept.platformImages, rebuilt.platformImages);
    assert.deepEqual(kept.platforms, respelt.platforms);
    for (const image of kept.platformImages!) {
      assert.equal(localImageIdOf(`${imageName}:${image.tag}`), image.imageId, image.platform);
    }

    const amd64Only = { ...checked, platforms: ["linux/amd64"] };
    const updated = (await dockerBuildProvider.update!(rebuilt.image, rebuilt, amd64Only)).outs as DockerBuildOutputs;
    cleanups.push(() => removeImages(...referencesOf(updated)));
    assert.deepEqual(
      updated.platformImages?.map((p) => p.tag),
      ["dev-linux-amd64"],
    );
    assert.equal(localImageIdOf(`${imageName}:dev-linux-arm64`), undefined);
    assert.equal(localImageIdOf(rebuilt.platformImages![1]!.imageId), undefined);
    assert.equal(localImageIdOf(`${imageName}:dev`), updated.platformImages![0]!.imageId);

    await dockerBuildProvider.delete!(updated.image, updated);
    for (const reference of referencesOf(updated)) assert.equal(localImageIdOf(reference), undefined, reference);
  });

  it("runs another platform's RUN steps under emulation", async (t) => {
    if (!env.emulation) {
      t.skip(`no emulation on this host: ${env.emulationProblem}`);
      return;
    }
    const context = busyboxContext([...FROM_SCRATCH, "COPY links/ /bin/", "FROM base", "RUN uname -m > /arch"]);
    const imageName = `${env.registry}/tests/multi-platform-run-${suffix}`;
    const outs = await create({ imageName, tag: "dev", context, platforms: ["linux/amd64", "linux/arm64"] });
    const run = (arch: string) =>
      docker("run", "--rm", "--platform", `linux/${arch}`, `${imageName}:dev-linux-${arch}`, "cat", "/arch");
    assert.equal(run("arm64"), "aarch64");
    assert.equal(run("amd64"), "x86_64");

    await dockerBuildProvider.delete!(outs.image, outs);
    for (const reference of referencesOf(outs)) assert.equal(localImageIdOf(reference), undefined, reference);
  });
});
