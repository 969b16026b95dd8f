import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { InputError } from "../../../provider/core/errors";
import { dockerClient } from "../../../provider/engine/connection";
import { tagSource, untagSource } from "../../../provider/image-push/push-source";
import { docker, dockerWithInput, localImageIdOf, removeImages } from "../../support/docker-cli";
import { testEnvironment, uniqueSuffix } from "../../support/environment";

const env = testEnvironment();
const suffix = uniqueSuffix();
const built = `local/push-source-int-${suffix}`;
const pushed = `${env.registry}/tests/push-source-int-${suffix}`;
after(() => removeImages(`${built}:a`, `${pushed}:x`, `${pushed}:y`, `${pushed}:other`));

function buildLocal(reference: string, marker: string): string {
  dockerWithInput(`FROM ${env.busyboxImage}\nLABEL marker=${marker}\n`, "build", "-q", "-t", reference, "-");
  return docker("image", "inspect", "--format", "{{.Id}}", reference);
}

describe("tagging a source image on the real engine", () => {
  const engine = dockerClient({ host: env.engine.host });

  it("adds the tags, owns only those it added or owned before, and refuses a source the engine lacks", async () => {
    const id = buildLocal(`${built}:a`, suffix);
    const first = await tagSource(engine, `${built}:a`, pushed, ["x", "y"]);
    assert.equal(first.imageId, id);
    assert.deepEqual(first.added, [`${pushed}:x`, `${pushed}:y`]);
    assert.equal(localImageIdOf(`${pushed}:y`), id);
    const again = await tagSource(engine, id, pushed, ["x", "y"], [`${pushed}:x`]);
    assert.deepEqual(again.added, []);
    assert.deepEqual(again.engineTags, [`${pushed}:x`], "y already pointed at the image and was not owned");
    await assert.rejects(tagSource(engine, `${built}:missing`, pushed, ["x"]), (error: unknown) => {
      assert.ok(error instanceof InputError);
      assert.match(error.message, /source ".*:missing" is not an image on the Docker engine/);
      return true;
    });
  });

  it("removes only tags still at the image, and never an image's last tag", async () => {
    const id = localImageIdOf(`${built}:a`)!;
    const other = buildLocal(`${pushed}:other`, `${suffix}-other`);
    docker("tag", other, `${pushed}:y`);
    const lines = await untagSource(engine, id, [`${pushed}:x`, `${pushed}:y`]);
    assert.equal(localImageIdOf(`${pushed}:x`), undefined);
    assert.equal(localImageIdOf(`${pushed}:y`), other, "a tag moved to another image is not this push's to remove");
    assert.deepEqual(lines, [`[${pushed}:x] removed from the engine (the tag this push added)`]);
    docker("tag", id, `${pushed}:x`);
    docker("image", "rm", `${built}:a`);
    const kept = await untagSource(engine, id, [`${pushed}:x`]);
    assert.equal(localImageIdOf(`${pushed}:x`), id);
    assert.match(kept[0] ?? "", /kept on the engine: it is the last tag of/);
  });
});
