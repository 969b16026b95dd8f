import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { DockerPushOutputs } from "../../../provider/image-push/inputs";
import type { PushDependencies } from "../../../provider/image-push/push-image";
import { deletePushedManifest, readPushedTags } from "../../../provider/image-push/registry-state";
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

describe("readPushedTags with an injected registry API", () => {
  it("asks for every tag with the state's credentials and reports the gone and moved ones", async () => {
    const fake = fakeRegistry({ dev: DIGEST, v1: `sha256:${"e".repeat(64)}` });
    assert.deepEqual(await readPushedTags(STATE, fake.dependencies), ["v1", "v2"]);
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
    assert.deepEqual(await readPushedTags({ ...STATE, missingTags: ["v2"] }, fake.dependencies), ["v2"]);
    assert.match(fake.lines.join("\n"), /^warning: .*refresh could not check the registry; state kept: boom/);
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
