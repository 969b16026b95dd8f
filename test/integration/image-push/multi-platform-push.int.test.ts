import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ImageIndexError, PushError } from "../../../provider/core/errors";
import { dockerPushProvider } from "../../../provider/image-push/docker-push-provider";
import type { DockerPushInputs, DockerPushOutputs, PlatformImage } from "../../../provider/image-push/inputs";
import { removeImages } from "../../support/docker-cli";
import { testEnvironment, uniqueSuffix } from "../../support/environment";
import { buildPlatformImage } from "../../support/platform-images";
import {
  blobUploads,
  deleteManifest,
  imageConfig,
  manifestAt,
  manifestDigest,
  manifestPuts,
  type BasicAuth,
} from "../../support/registry-http";

const env = testEnvironment();
const suffix = uniqueSuffix();
const imageName = `${env.registry}/tests/multi-platform-${suffix}`;
const authName = `${env.authRegistry}/tests/multi-platform-${suffix}`;
const localTags: string[] = [];
const pushed: { name: string; digest: string; auth?: BasicAuth }[] = [];

async function platformImages(name: string, tag: string, marker: string): Promise<PlatformImage[]> {
  const images = [];
  for (const [platform, platformTag] of [
    ["linux/arm64", `${tag}-linux-arm64`],
    ["linux/amd64", `${tag}-linux-amd64`],
  ] as const) {
    images.push(await buildPlatformImage(name, platformTag, platform, marker));
    localTags.push(`${name}:${platformTag}`);
  }
  return images;
}

async function create(inputs: DockerPushInputs): Promise<DockerPushOutputs> {
  const checked = await dockerPushProvider.check!({} as DockerPushInputs, inputs);
  assert.deepEqual(checked.failures ?? [], []);
  const outs = (await dockerPushProvider.create(checked.inputs as DockerPushInputs)).outs as DockerPushOutputs;
  const auth = inputs.credentials as BasicAuth | undefined;
  pushed.push({ name: inputs.imageName, digest: outs.digest, auth });
  for (const { digest } of outs.platformDigests ?? []) pushed.push({ name: inputs.imageName, digest, auth });
  return outs;
}

interface IndexBody {
  readonly manifests: { digest: string; mediaType: string; platform: { os: string; architecture: string } }[];
}

let images: PlatformImage[] = [];
before(async () => {
  images = await platformImages(imageName, "dev", `mp-${suffix}`);
});
after(async () => {
  for (const { name, digest, auth } of pushed) await deleteManifest(name, digest, auth);
  removeImages(...localTags);
});

describe("DockerPush of a multi-platform build against the real registries", () => {
  it("serves an OCI index under the tag and every additional tag, with exactly the two platforms", async () => {
    const outs = await create({ imageName, tag: "dev", additionalTags: ["v1"], platformImages: images });
    for (const tag of ["dev", "v1"]) assert.equal(await manifestDigest(imageName, tag), outs.digest, tag);
    const served = await manifestAt(imageName, "dev");
    assert.equal(served?.mediaType, "application/vnd.oci.image.index.v1+json");
    const { manifests } = served!.body as unknown as IndexBody;
    assert.deepEqual(
      manifests.map((m) => `${m.platform.os}/${m.platform.architecture}`),
      ["linux/arm64", "linux/amd64"],
    );
    assert.deepEqual(
      outs.platformDigests,
      manifests.map((m, i) => ({ platform: images[i]!.platform, digest: m.digest })),
    );
    for (const entry of manifests) {
      const config = await imageConfig(imageName, entry.digest);
      assert.equal(config.architecture, entry.platform.architecture, entry.digest);
    }
    assert.equal(outs.repoDigest, `${imageName}@${outs.digest}`);
  });

  it("pushes nothing and keeps the digest when pushed again with nothing changed", async () => {
    const first = await create({ imageName, tag: "dev", platformImages: images });
    const uploads = blobUploads(imageName);
    const puts = manifestPuts(imageName);
    const second = await create({ imageName, tag: "dev", platformImages: images });
    assert.equal(second.digest, first.digest);
    assert.equal(blobUploads(imageName), uploads, "a blob was uploaded again");
    assert.equal(manifestPuts(imageName), puts, "a manifest was written again");
  });

  it("shows other platform images as a push in diff", async () => {
    const outs = await create({ imageName, tag: "dev", platformImages: images });
    const moved = images.map((image, i) => (i === 0 ? { ...image, imageId: images[1]!.imageId } : image));
    const diff = await dockerPushProvider.diff!(outs.image, outs, { imageName, tag: "dev", platformImages: moved });
    assert.equal(diff.changes, true);
    const same = await dockerPushProvider.diff!(outs.image, outs, { imageName, tag: "dev", platformImages: images });
    assert.equal(same.changes, false);
  });

  it("refuses a platform image that is not its declared platform before anything is pushed", async () => {
    const swapped = images.map((image, i) => ({ ...image, platform: images[1 - i]!.platform }));
    await assert.rejects(create({ imageName, tag: "swapped", platformImages: swapped }), (error: unknown) => {
      assert.ok(error instanceof PushError || error instanceof ImageIndexError, String(error));
      assert.match((error as Error).message, /is a linux\/arm64 image .*not linux\/amd64/);
      return true;
    });
    assert.equal(await manifestDigest(imageName, "swapped"), undefined);
  });

  it("reports a tag that no longer serves the index as missing on refresh", async () => {
    const outs = await create({ imageName, tag: "dev", platformImages: images });
    const state = { ...outs, additionalTags: ["never-written"] };
    const read = await dockerPushProvider.read!(outs.image, state);
    assert.deepEqual((read.props as DockerPushOutputs).missingTags, ["never-written"]);
  });

  it("deletes the index and the platform manifests it owns on destroy with keepRemotely false", async () => {
    const outs = await create({ imageName, tag: "gone", platformImages: images, keepRemotely: false });
    assert.equal(await manifestDigest(imageName, "gone"), outs.digest);
    await dockerPushProvider.delete!(outs.image, outs);
    assert.equal(await manifestDigest(imageName, "gone"), undefined);
    for (const { digest } of outs.platformDigests ?? []) {
      assert.equal(await manifestDigest(imageName, digest), undefined, digest);
    }
    for (const image of images) assert.equal(await manifestDigest(imageName, image.tag), undefined, image.tag);
  });

  it("pushes to the htpasswd registry with the credentials input", async () => {
    const authImages = await platformImages(authName, "dev", `mp-auth-${suffix}`);
    const credentials = env.authCredentials;
    const outs = await create({ imageName: authName, tag: "dev", platformImages: authImages, credentials });
    assert.equal(await manifestDigest(authName, "dev", credentials), outs.digest);
    const served = await manifestAt(authName, "dev", credentials);
    const { manifests } = served!.body as unknown as IndexBody;
    assert.deepEqual(
      manifests.map((m) => m.platform.architecture),
      ["arm64", "amd64"],
    );
  });
});
