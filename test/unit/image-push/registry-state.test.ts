import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { DockerPushOutputs } from "../../../provider/image-push/inputs";
import type { PushDependencies } from "../../../provider/image-push/push-image";
import { deletePushedManifest, pushedManifests, readPushedState } from "../../../provider/image-push/registry-state";
import type { DeleteOutcome, ManifestLocation, RegistryApi } from "../../../provider/registry-api";

const DIGEST = `sha256:${"d".repeat(64)}`;
const STATE: DockerPushOutputs = {
  imageName: "localhost:5000/team/app",
  tag: "dev",
  additionalTags: ["v1", "v2"],
  credentials: { username: "u", password: "p" },
  image: "localhost:5000/team/app:dev",
  digest: DIGEST,
  repoDigest: `localhost:5000/team/app@${DIGEST}`,
  references: [],
  pushedImageId: `sha256:${"a".repeat(64)}`,
};

const AMD = `sha256:${"1".repeat(64)}`;
const ARM = `sha256:${"2".repeat(64)}`;
const MULTI: DockerPushOutputs = {
  ...STATE,
  platformDigests: [
    { platform: "linux/amd64", digest: AMD },
    { platform: "linux/arm64", digest: ARM },
  ],
};

/** A registry that serves `tags` at their digests and answers deletes with `deleteOutcome`; it records the calls. */
function fakeRegistry(tags: Record<string, string>, deleteOutcome: DeleteOutcome = "deleted") {
  const calls: string[] = [];
  const lines: string[] = [];
  const registryApi: RegistryApi = {
    async headManifest(location: ManifestLocation, auth) {
      calls.push(`HEAD ${location.registry}/${location.repository}:${location.reference} as ${auth?.username}`);
      const digest = tags[location.reference];
      return digest === undefined ? undefined : { digest, mediaType: "application/vnd.oci.image.manifest.v1+json" };
    },
    async deleteManifest(location) {
      calls.push(`DELETE ${location.registry}/${location.repository}@${location.digest}`);
      return deleteOutcome;
    },
  };
  const dependencies: PushDependencies = { registryApi, print: (line) => lines.push(line) };
  return { calls, lines, dependencies };
}

describe("readPushedState with an injected registry API", () => {
  it("asks for every tag with the state's credentials and reports the gone and moved ones", async () => {
    const fake = fakeRegistry({ dev: DIGEST, v1: `sha256:${"e".repeat(64)}` });
    assert.deepEqual(await readPushedState(STATE, [], fake.dependencies), {
      missingTags: ["v1", "v2"],
      missingManifests: undefined,
    });
    assert.deepEqual(fake.calls, [
      "HEAD localhost:5000/team/app:dev as u",
      "HEAD localhost:5000/team/app:v1 as u",
      "HEAD localhost:5000/team/app:v2 as u",
    ]);
    assert.match(fake.lines.join("\n"), /not in localhost:5000 at sha256:d+ any more: v1, v2/);
  });

  it("keeps what the state knew and warns when the registry cannot be asked", async () => {
    const fake = fakeRegistry({});
    fake.dependencies.registryApi.headManifest = async () => {
      throw new Error("boom");
    };
    const state = { ...STATE, missingTags: ["v2"], missingManifests: [ARM] };
    assert.deepEqual(await readPushedState(state, pushedManifests(MULTI), fake.dependencies), {
      missingTags: ["v2"],
      missingManifests: [ARM],
    });
    assert.match(fake.lines.join("\n"), /^warning: .*refresh could not check the registry; state kept: boom/);
  });

  it("checks the index and each platform manifest of a multi-platform push by digest, and names the gone ones", async () => {
    const fake = fakeRegistry({ dev: DIGEST, v1: DIGEST, v2: DIGEST, [DIGEST]: DIGEST, [AMD]: AMD });
    const found = await readPushedState(MULTI, pushedManifests(MULTI), fake.dependencies);
    assert.deepEqual(found, { missingTags: [], missingManifests: [ARM] });
    assert.deepEqual(fake.calls.slice(3), [
      `HEAD localhost:5000/team/app:${DIGEST} as u`,
      `HEAD localhost:5000/team/app:${AMD} as u`,
      `HEAD localhost:5000/team/app:${ARM} as u`,
    ]);
    assert.match(fake.lines.join("\n"), new RegExp(`manifests gone from localhost:5000: linux/arm64 ${ARM}`));
  });

  it("checks no manifest by digest for a single-platform push (its tags name its one manifest)", () => {
    assert.deepEqual(pushedManifests(STATE), []);
    assert.deepEqual(pushedManifests(MULTI), [
      { label: "index", digest: DIGEST },
      { label: "linux/amd64", digest: AMD },
      { label: "linux/arm64", digest: ARM },
    ]);
  });
});

describe("deletePushedManifest with an injected registry API", () => {
  it("deletes the manifest by digest and says so", async () => {
    const fake = fakeRegistry({});
    await deletePushedManifest(STATE, fake.dependencies);
    assert.deepEqual(fake.calls, [`DELETE localhost:5000/team/app@${DIGEST}`]);
    assert.deepEqual(fake.lines, [`[${STATE.repoDigest}] deleted from localhost:5000`]);
  });

  it("warns when the registry does not allow deletes", async () => {
    const fake = fakeRegistry({}, "unsupported");
    await deletePushedManifest(STATE, fake.dependencies);
    assert.match(fake.lines[0] ?? "", /^warning: .*does not allow deletes/);
  });
});
