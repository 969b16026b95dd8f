import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import { InputError } from "../../provider/core/errors";
import { FROM_BUILD, pushInputs, type DockerPushArgs, type PushedBuild } from "../../provider/docker-push";

const output = <T>(value: T): pulumi.Output<T> => pulumi.output(value) as pulumi.Output<T>;

/** A build's outputs as a DockerPush reads them (plain Outputs stand in for a DockerBuild's). */
const build = {
  imageName: output("localhost:5000/team/app"),
  tag: output("dev"),
  additionalTags: output(["v1"]),
  imageId: output(`sha256:${"1".repeat(64)}`),
  platformImages: output(undefined),
} as unknown as PushedBuild;

describe("DockerPush's arguments: { build } or the image input by input", () => {
  it("takes imageName, tag, additionalTags, imageId and platformImages from the build, and keeps the rest", () => {
    const credentials = { username: "u", password: pulumi.secret("p") };
    const inputs = pushInputs("app", { build, credentials, keepRemotely: false });
    for (const key of FROM_BUILD) assert.equal(inputs[key], build[key], key);
    assert.equal(inputs.credentials, credentials);
    assert.equal(inputs.keepRemotely, false);
    assert.equal("build" in inputs, false, "the build itself is no input of the provider");
  });

  it("passes the inputs through unchanged without a build", () => {
    const args: DockerPushArgs = { imageName: "localhost:5000/team/app", tag: "dev", imageId: build.imageId };
    assert.deepEqual(pushInputs("app", args), args);
  });

  it("refuses each input the build decides when it is given besides, naming it and the fix", () => {
    for (const key of FROM_BUILD) {
      const args = { build, [key]: "x" } as unknown as DockerPushArgs;
      assert.throws(
        () => pushInputs("app", args),
        (error: unknown) =>
          error instanceof InputError &&
          error.property === key &&
          error.message.includes(`has both build and ${key}`) &&
          error.message.includes("source: build.image"),
        key,
      );
    }
  });

  it("is refused by the types too", () => {
    // @ts-expect-error: with build, imageName is the build's
    const both: DockerPushArgs = { build, imageName: "localhost:5000/other" };
    assert.ok(both);
  });
});
