import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import type { DockerBuildArgs, DockerPushArgs, DockerPushImageArgs } from "../../../provider";
import type { DockerBuildUserInputs } from "../../../provider/image-build/inputs";
import type { DockerPushUserInputs } from "../../../provider/image-push/inputs";

type SameKeys<A, B> = [keyof A] extends [keyof B] ? ([keyof B] extends [keyof A] ? true : false) : false;

describe("ResourceArgs, the user-facing arguments derived from the plain inputs", () => {
  it("has exactly the user inputs as arguments, for both resources (DockerPush's besides its build form)", () => {
    const build: SameKeys<DockerBuildArgs, DockerBuildUserInputs> = true;
    const push: SameKeys<Omit<DockerPushImageArgs, "build">, DockerPushUserInputs> = true;
    assert.deepEqual([build, push], [true, true]);
  });

  it("accepts Outputs and secrets at every level, as the resources' users write them", () => {
    const output = <T>(value: T): pulumi.Output<T> => pulumi.output(value) as pulumi.Output<T>;
    const build: DockerBuildArgs = {
      imageName: output("localhost:5000/team/app"),
      tag: "dev",
      additionalTags: [output("v1"), "v2"],
      buildArgs: { A: output("1") },
      registries: [{ address: "localhost:5001", username: "u", password: pulumi.secret("p") }],
      docker: output({ host: "unix:///var/run/docker.sock" }),
      triggers: [1, "x", output(true)],
      buildOptions: { memory: output(1024) },
    };
    const push: DockerPushArgs = {
      imageName: output("localhost:5000/team/app"),
      tag: output("dev"),
      credentials: pulumi.secret({ username: "u", password: "p" }),
      imageId: output("sha256:" + "0".repeat(64)),
      keepRemotely: false,
    };
    assert.ok(build && push);
  });
});
