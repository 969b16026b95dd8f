import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { docker, localImageIdOf, removeImages } from "../support/docker-cli";
import { testEnvironment, uniqueSuffix } from "../support/environment";
import { createProgram, programSource, type TestProgram } from "../support/program";
import { plannedChanges, keysInState } from "../support/pulumi-cli";
import { blobUploads, deleteManifestOrFail, manifestAt, manifestDigest, manifestPuts } from "../support/registry-http";

const env = testEnvironment();
const OCI_INDEX = "application/vnd.oci.image.index.v1+json";

/** The Dockerfile: a busybox per platform, and (with emulation) a RUN of that platform's `uname -m`. */
function dockerfile(marker: string): string {
  const run = env.emulation
    ? 'RUN ["/bin/busybox", "sh", "-c", "/bin/busybox uname -m > /arch"]'
    : 'RUN ["/bin/busybox", "true"]';
  return [
    "FROM scratch",
    "ARG TARGETARCH",
    "COPY busybox-${TARGETARCH} /bin/busybox",
    `COPY marker.txt /marker-${marker}`,
    ...(env.emulation ? [run] : []),
    "",
  ].join("\n");
}

/** A file of an image read without running it (an arm64 image needs no emulation for that). */
function fileOf(reference: string, file: string): string {
  const container = docker("create", "--platform", "linux/arm64", reference, "/bin/busybox");
  const dir = mkdtempSync(path.join(tmpdir(), "pdd-mp-"));
  try {
    docker("cp", `${container}:${file}`, path.join(dir, "out"));
    return readFileSync(path.join(dir, "out"), "utf8").trim();
  } finally {
    docker("rm", container);
    rmSync(dir, { recursive: true, force: true });
  }
}

interface IndexBody {
  readonly manifests: { digest: string; platform: { os: string; architecture: string } }[];
}

describe("multi-platform images through the CLI: one tag serving every platform", () => {
  const imageName = `${env.registry}/tests/e2e-multi-${uniqueSuffix()}`;
  let program: TestProgram;
  const planned = async () => plannedChanges((await program.stack.preview(["--json"])).stdout).sort();
  const indexAt = async (tag: string) => {
    const found = await manifestAt(imageName, tag);
    assert.ok(found, `no manifest under ${tag}`);
    assert.equal(found.mediaType, OCI_INDEX);
    return found.body as unknown as IndexBody;
  };

  before(async () => {
    program = await createProgram("e2e-multi-platform", programSource("multi-platform"), {
      "app/Dockerfile": dockerfile("1"),
      "app/marker.txt": "one\n",
    });
    for (const arch of ["amd64", "arm64"]) {
      copyFileSync(path.join(env.busyboxBinaries, arch, "busybox"), path.join(program.dir, "app", `busybox-${arch}`));
    }
    await program.stack.setConfig("imageName", imageName);
    await program.stack.setConfig("platforms", JSON.stringify(["linux/amd64", "linux/arm64"]));
  });
  after(async () => {
    await program?.dispose();
    removeImages(
      ...["multi", "multi-linux-amd64", "multi-linux-arm64", "host-amd64", "host-arm64"].map(
        (t) => `${imageName}:${t}`,
      ),
    );
  });

  it("pushes an OCI index with exactly the two platforms, each config saying its architecture", async (t) => {
    await program.stack.up();
    const outputs = await program.stack.outputs();
    const index = await indexAt("multi");
    const platforms = index.manifests.map((m) => `${m.platform.os}/${m.platform.architecture}`).sort();
    assert.deepEqual(platforms, ["linux/amd64", "linux/arm64"]);
    for (const entry of index.manifests) {
      const manifest = await manifestAt(imageName, entry.digest);
      const configDigest = (manifest?.body.config as { digest: string }).digest;
      const response = await fetch(
        `http://127.0.0.1:${imageName.split(":")[1]!.split("/")[0]}/v2/${imageName.split("/").slice(1).join("/")}/blobs/${configDigest}`,
      );
      const config = (await response.json()) as { architecture: string; os: string };
      assert.equal(config.architecture, entry.platform.architecture);
    }
    assert.equal(String(outputs.repoDigest), `${imageName}@${String(outputs.digest)}`);
    docker("pull", "--platform", "linux/arm64", String(outputs.repoDigest));
    // By the arm64 manifest's own digest: the containerd image store (engine 28) keeps the pulled index as one image,
    // and inspecting the index describes the engine's own platform.
    const armManifest = index.manifests.find((m) => m.platform.architecture === "arm64")!.digest;
    docker("pull", `${imageName}@${armManifest}`);
    const arm = JSON.parse(docker("image", "inspect", `${imageName}@${armManifest}`))[0] as { Architecture: string };
    assert.equal(arm.Architecture, "arm64");
    if (!env.emulation) {
      t.skip(`no emulation on this host (${env.emulationProblem}): the arm64 RUN step was not built`);
      return;
    }
    assert.equal(fileOf(String(outputs.repoDigest), "/arch"), "aarch64");
  });

  it("changes and pushes nothing on a no-op up", async () => {
    const before = await program.stack.outputs();
    const uploads = blobUploads(imageName);
    const puts = manifestPuts(imageName);
    await program.stack.preview(["--expect-no-changes"]);
    await program.stack.up();
    assert.equal(blobUploads(imageName), uploads, "a no-op up uploaded blobs");
    assert.equal(manifestPuts(imageName), puts, "a no-op up wrote manifests");
    assert.deepEqual(await program.stack.outputs(), before);
  });

  it("rebuilds both platforms after an edit and moves the index", async () => {
    const before = await program.stack.outputs();
    writeFileSync(path.join(program.dir, "app", "marker.txt"), "two\n");
    assert.ok((await planned()).includes("update pulumi-nodejs:dynamic/docker:DockerBuild app"));
    await program.stack.up();
    const after = await program.stack.outputs();
    assert.notEqual(after.digest, before.digest, "the index did not move");
    const beforeImages = before.platformImages as { imageId: string }[];
    const afterImages = after.platformImages as { imageId: string }[];
    assert.equal(afterImages.length, 2);
    afterImages.forEach((image, i) =>
      assert.notEqual(image.imageId, beforeImages[i]?.imageId, `platform ${i} kept its image`),
    );
    const index = await indexAt("multi");
    assert.deepEqual(
      index.manifests.map((m) => m.digest).sort(),
      (after.platformDigests as { digest: string }[]).map((d) => d.digest).sort(),
    );
  });

  it("treats a removed and an added platform as updates, never a replace", async () => {
    await program.stack.setConfig("platforms", JSON.stringify(["linux/amd64"]));
    const removed = await program.stack.preview(["--json"]);
    assert.doesNotMatch(removed.stdout, /"op":\s*"replace"/);
    assert.ok((await planned()).includes("update pulumi-nodejs:dynamic/docker:DockerBuild app"));
    await program.stack.up();
    assert.deepEqual(
      (await indexAt("multi")).manifests.map((m) => m.platform.architecture),
      ["amd64"],
    );
    await program.stack.setConfig("platforms", JSON.stringify(["linux/amd64", "linux/arm64"]));
    const added = await program.stack.preview(["--json"]);
    assert.doesNotMatch(added.stdout, /"op":\s*"replace"/);
    await program.stack.up();
    assert.equal((await indexAt("multi")).manifests.length, 2);
  });

  it("combines two single-platform pushes (two build hosts) into one DockerIndex", async () => {
    const outputs = await program.stack.outputs();
    const index = await indexAt("combined");
    assert.deepEqual(index.manifests.map((m) => m.digest).sort(), (outputs.hostDigests as string[]).slice().sort());
    assert.deepEqual(index.manifests.map((m) => m.platform.architecture).sort(), ["amd64", "arm64"]);
    assert.equal((await manifestAt(imageName, "combined")) !== undefined, true);
    assert.ok(String(outputs.combinedDigest).startsWith("sha256:"));
  });

  it("finds a platform manifest deleted from the registry on refresh, and up --refresh pushes it again", async () => {
    const outputs = await program.stack.outputs();
    const platformDigests = outputs.platformDigests as { platform: string; digest: string }[];
    const arm = platformDigests.find((p) => p.platform === "linux/arm64")!.digest;
    await deleteManifestOrFail(imageName, arm);
    assert.equal(await manifestAt(imageName, arm), undefined, "the registry still serves the deleted manifest");
    await program.stack.up(["--refresh"]);
    assert.ok(await manifestAt(imageName, arm), `up --refresh did not push ${imageName}@${arm} again`);
    const index = await indexAt("multi");
    assert.ok(
      index.manifests.some((m) => m.digest === arm),
      "the index under multi does not name the arm64 manifest",
    );
    assert.deepEqual(await program.stack.outputs(), outputs);
    await program.stack.up(["--refresh", "--expect-no-changes"]);
  });

  it("stores a DockerIndex's state-only inputs; removed, none stays in the state and destroy keeps the index", async () => {
    const { combinedDigest } = await program.stack.outputs();
    const stateOnly = { keepRemotely: false, credentials: { insecure: true } };
    await program.stack.setConfig("combinedStateOnly", JSON.stringify(stateOnly));
    await program.stack.up();
    const set = await program.stack.resourceState("DockerIndex::combined");
    for (const key of Object.keys(stateOnly)) assert.ok(key in set.inputs && key in set.outputs, `${key} not stored`);
    await program.stack.setConfig("combinedStateOnly", "{}");
    await program.stack.up();
    const removed = await program.stack.resourceState("DockerIndex::combined");
    assert.deepEqual(
      keysInState(removed, Object.keys(stateOnly)),
      [],
      "inputs removed from the program are still in the state",
    );
    assert.equal(removed.outputs.digest, combinedDigest, "a state-only update wrote the index");
    await program.stack.preview(["--expect-no-changes"]);
    // keepRemotely is back at its default (true): destroying the index leaves it in the registry.
    await program.stack.destroyTarget(removed.urn);
    assert.equal(await manifestDigest(imageName, "combined"), combinedDigest);
    await deleteManifestOrFail(imageName, String(combinedDigest));
  });

  it("fails a build whose one platform fails, leaving no tag and no image of that build on the engine", async () => {
    const marker = `failed-build-${uniqueSuffix()}`;
    const broken = path.join(program.dir, "broken");
    mkdirSync(broken);
    // arm64 has no file to copy: its build fails, and the amd64 build (which tags its image) ends well.
    writeFileSync(
      path.join(broken, "Dockerfile"),
      `FROM scratch\nARG TARGETARCH\nLABEL pdd.test.marker=${marker}\nCOPY only-\${TARGETARCH}.txt /only\n`,
    );
    writeFileSync(path.join(broken, "only-amd64.txt"), "amd64 only\n");
    const tags = ["multi", "multi-linux-amd64", "multi-linux-arm64"];
    const tagged = () => tags.map((tag) => [tag, localImageIdOf(`${imageName}:${tag}`)]);
    const before = tagged();
    await program.stack.setConfig("appContext", "broken");
    const failed = await program.stack.run(["up", "--yes", "--skip-preview", "--stack", program.stack.stack]);
    assert.notEqual(failed.code, 0, "the up with a failing platform succeeded");
    assert.match(failed.stdout + failed.stderr, /only-arm64\.txt/);
    assert.deepEqual(tagged(), before, "the failed build moved or removed a platform tag");
    const made = docker("images", "--all", "--quiet", "--filter", `label=pdd.test.marker=${marker}`);
    assert.equal(made, "", "the image the failed build made is still on the engine");
  });
});
