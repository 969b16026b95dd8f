import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { dockerPushProvider } from "../../../provider/image-push/docker-push-provider";
import type { DockerPushInputs, DockerPushOutputs } from "../../../provider/image-push/inputs";
import { InputError, PushError, RegistryAuthError } from "../../../provider/core/errors";
import { docker, dockerWithInput, removeImages } from "../../support/docker-cli";
import { testEnvironment, uniqueSuffix } from "../../support/environment";
import { manifestDigest } from "../../support/registry-http";

const env = testEnvironment();
const suffix = uniqueSuffix();
const imageName = `${env.registry}/tests/push-int-${suffix}`;
after(() => removeImages(`${imageName}:one`, `${imageName}:two`, `${env.authRegistry}/tests/push-int-${suffix}:one`));

function buildLocal(reference: string, marker: string): string {
  dockerWithInput(`FROM ${env.busyboxImage}\nLABEL marker=${marker}\n`, "build", "-q", "-t", reference, "-");
  return docker("image", "inspect", "--format", "{{.Id}}", reference);
}

async function create(inputs: DockerPushInputs): Promise<DockerPushOutputs> {
  const checked = await dockerPushProvider.check!({} as DockerPushInputs, inputs);
  assert.deepEqual(checked.failures ?? [], []);
  return (await dockerPushProvider.create(checked.inputs as DockerPushInputs)).outs as DockerPushOutputs;
}

describe("DockerPush against the real engine and registries", () => {
  it("refuses a tag that does not exist locally, listing the local tags of the repository", async () => {
    docker("tag", env.busyboxImage, `${imageName}:one`);
    await assert.rejects(create({ imageName, tag: "missing" }), (error: unknown) => {
      assert.ok(error instanceof InputError);
      assert.equal(error.property, "tag");
      assert.match(error.message, new RegExp(`"${imageName}:missing" does not exist on the Docker engine`));
      assert.match(error.message, new RegExp(`local tags of ${imageName}: ${imageName}:one`));
      return true;
    });
  });

  it("names the whole repository, port included, when the engine has no tag of it", async () => {
    // The registry by its IP address and port: the repository in the message once stopped at the port's colon.
    const byAddress = `127.0.0.1:${env.registry.split(":")[1]}/tests/push-int-none-${suffix}`;
    await assert.rejects(create({ imageName: byAddress, tag: "v1" }), (error: unknown) => {
      assert.ok(error instanceof InputError);
      assert.match(error.message, new RegExp(`"${byAddress}:v1" does not exist on the Docker engine`));
      assert.ok(error.message.includes(`(no local tags of ${byAddress})`), error.message);
      return true;
    });
  });

  it("checks every tag on the engine before pushing any, so a missing additional tag leaves the registry untouched", async () => {
    docker("tag", env.busyboxImage, `${imageName}:one`);
    await assert.rejects(create({ imageName, tag: "one", additionalTags: ["not-built"] }), /not-built" does not exist/);
    assert.equal(await manifestDigest(imageName, "one"), undefined, "the first tag was pushed before the check failed");
  });

  it("refuses to push when the local tag points at another image than imageId", async () => {
    const other = docker("image", "inspect", "--format", "{{.Id}}", env.busyboxImage);
    docker("tag", env.busyboxImage, `${imageName}:one`);
    const unexpected = `sha256:${"0".repeat(64)}`;
    assert.notEqual(other, unexpected);
    await assert.rejects(create({ imageName, tag: "one", imageId: unexpected }), (error: unknown) => {
      assert.ok(error instanceof PushError);
      assert.match(error.message, /not at imageId sha256:0{64}; rebuild or fix imageId/);
      return true;
    });
    assert.equal(await manifestDigest(imageName, "one"), undefined, "nothing was pushed");
  });

  it("records the local image when imageId is not given, so check sees a moved tag", async () => {
    const first = buildLocal(`${imageName}:two`, `first-${suffix}`);
    const outs = await create({ imageName, tag: "two" });
    assert.equal(outs.pushedImageId, first);
    assert.equal(outs.localImageId, first);
    const second = buildLocal(`${imageName}:two`, `second-${suffix}`);
    const checked = await dockerPushProvider.check!(outs, { imageName, tag: "two" });
    assert.equal((checked.inputs as DockerPushInputs).localImageId, second);
    const diff = await dockerPushProvider.diff!(outs.image, outs, checked.inputs as DockerPushInputs);
    assert.equal(diff.changes, true);
  });

  it("fails with an authentication error naming the registry when no credentials are found", async () => {
    const authName = `${env.authRegistry}/tests/push-int-${suffix}`;
    docker("tag", env.busyboxImage, `${authName}:one`);
    const emptyConfig = { DOCKER_CONFIG: "/nonexistent-pdd-config" };
    const saved = process.env.DOCKER_CONFIG;
    process.env.DOCKER_CONFIG = emptyConfig.DOCKER_CONFIG;
    try {
      await assert.rejects(create({ imageName: authName, tag: "one" }), (error: unknown) => {
        assert.ok(error instanceof RegistryAuthError, String(error));
        assert.match(error.message, new RegExp(env.authRegistry));
        assert.match(error.message, /authentication/);
        return true;
      });
    } finally {
      if (saved === undefined) delete process.env.DOCKER_CONFIG;
      else process.env.DOCKER_CONFIG = saved;
    }
  });
});
