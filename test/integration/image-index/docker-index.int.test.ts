import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ImageIndexError } from "../../../provider/core/errors";
import { dockerIndexProvider } from "../../../provider/image-index/docker-index-provider";
import type { DockerIndexInputs, DockerIndexOutputs } from "../../../provider/image-index/inputs";
import { dockerPushProvider } from "../../../provider/image-push/docker-push-provider";
import type { DockerPushInputs, DockerPushOutputs } from "../../../provider/image-push/inputs";
import { removeImages } from "../../support/docker-cli";
import { testEnvironment, uniqueSuffix } from "../../support/environment";
import { buildPlatformImage } from "../../support/platform-images";
import {
  blobMounts,
  completedBlobUploads,
  deleteManifest,
  imageConfig,
  manifestAt,
  manifestDigest,
} from "../../support/registry-http";

const env = testEnvironment();
const suffix = uniqueSuffix();
const imageName = `${env.registry}/tests/index-${suffix}`;
const otherName = `${env.registry}/tests/index-other-${suffix}`;
const localTags: string[] = [];
const written: { name: string; digest: string }[] = [];

/** Builds a single-platform image and pushes it with DockerPush (a stand-in for one build host); its repo digest. */
async function pushedImage(name: string, tag: string, platform: string): Promise<string> {
  const image = await buildPlatformImage(name, tag, platform, `index-${suffix}-${tag}`);
  localTags.push(`${name}:${tag}`);
  const inputs: DockerPushInputs = { imageName: name, tag, imageId: image.imageId };
  const outs = (await dockerPushProvider.create(inputs)).outs as DockerPushOutputs;
  written.push({ name, digest: outs.digest });
  return outs.repoDigest;
}

async function create(inputs: DockerIndexInputs): Promise<DockerIndexOutputs> {
  const checked = await dockerIndexProvider.check!({} as DockerIndexInputs, inputs);
  assert.deepEqual(checked.failures ?? [], []);
  const outs = (await dockerIndexProvider.create(checked.inputs as DockerIndexInputs)).outs as DockerIndexOutputs;
  written.push({ name: inputs.imageName, digest: outs.digest });
  return outs;
}

let hostA = "";
let hostB = "";
let other = "";
before(async () => {
  hostA = await pushedImage(imageName, "host-a", "linux/arm64");
  hostB = await pushedImage(imageName, "host-b", "linux/amd64");
  other = await pushedImage(otherName, "host-c", "linux/arm/v7");
});
after(async () => {
  for (const { name, digest } of written.reverse()) await deleteManifest(name, digest);
  removeImages(...localTags);
});

describe("DockerIndex against the real registry", () => {
  it("combines images pushed under two tags and one from another repository into one OCI index", async () => {
    const uploads = completedBlobUploads(imageName);
    const mounts = blobMounts(imageName);
    const outs = await create({
      imageName,
      tag: "multi",
      additionalTags: ["multi-v1"],
      sources: [hostA, hostB, other],
    });
    assert.deepEqual(outs.platforms, ["linux/arm64", "linux/amd64", "linux/arm/v7"]);
    for (const tag of ["multi", "multi-v1"]) assert.equal(await manifestDigest(imageName, tag), outs.digest, tag);
    const served = await manifestAt(imageName, "multi");
    assert.equal(served?.mediaType, "application/vnd.oci.image.index.v1+json");
    const manifests = served!.body.manifests as { digest: string; platform: Record<string, string> }[];
    assert.deepEqual(
      manifests.map((m) => m.digest),
      [hostA, hostB, other].map((source) => source.slice(source.indexOf("@") + 1)),
    );
    assert.deepEqual(manifests[2]!.platform, { architecture: "arm", os: "linux", variant: "v7" });
    for (const entry of manifests) {
      assert.equal((await imageConfig(imageName, entry.digest)).architecture, entry.platform.architecture);
    }
    assert.equal(completedBlobUploads(imageName), uploads, "a blob was uploaded instead of mounted");
    assert.ok(blobMounts(imageName) > mounts, "the other repository's blobs were not mounted");
  });

  it("fails naming both sources when two are of the same platform", async () => {
    const twin = await pushedImage(imageName, "host-d", "linux/arm64");
    await assert.rejects(create({ imageName, tag: "twins", sources: [hostA, hostB, twin] }), (error: unknown) => {
      assert.ok(error instanceof ImageIndexError, String(error));
      assert.match(error.message, /sources\[0\].*and sources\[2\].*are both linux\/arm64 images/);
      return true;
    });
    assert.equal(await manifestDigest(imageName, "twins"), undefined);
  });

  it("reports check failures naming the property: another registry, a malformed digest, no sources", async () => {
    const elsewhere = `${env.authRegistry}/tests/x@sha256:${"a".repeat(64)}`;
    const checked = await dockerIndexProvider.check!({} as DockerIndexInputs, {
      imageName,
      sources: [hostA, elsewhere, `${imageName}:host-a`],
    });
    assert.deepEqual(
      (checked.failures ?? []).map((f) => f.property),
      ["sources[1]", "sources[2]"],
    );
    assert.match(
      checked.failures![0]!.reason,
      new RegExp(`in registry "${env.authRegistry}", not in "${env.registry}"`),
    );
    const empty = await dockerIndexProvider.check!({} as DockerIndexInputs, { imageName, sources: [] });
    assert.deepEqual(
      (empty.failures ?? []).map((f) => f.property),
      ["sources"],
    );
  });

  it("reports missing tags on refresh and deletes the index on destroy with keepRemotely false", async () => {
    const outs = await create({ imageName, tag: "temp", sources: [hostA, hostB], keepRemotely: false });
    const read = await dockerIndexProvider.read!(outs.image, { ...outs, additionalTags: ["never-written"] });
    assert.deepEqual((read.props as DockerIndexOutputs).missingTags, ["never-written"]);
    await dockerIndexProvider.delete!(outs.image, outs);
    assert.equal(await manifestDigest(imageName, "temp"), undefined);
    assert.equal(
      await manifestDigest(imageName, "host-a"),
      hostA.slice(hostA.indexOf("@") + 1),
      "a source was deleted",
    );
  });
});
