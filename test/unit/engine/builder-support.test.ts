import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { BuildError } from "../../../provider/core/errors";
import { buildkitUnsupported, chooseBuilder } from "../../../provider/engine/builder-support";

const LINUX_20_10 = { apiVersion: "1.41", os: "linux", arch: "amd64" };
const OLD_ENGINE = { apiVersion: "1.38", os: "linux", arch: "amd64" };
const WINDOWS = { apiVersion: "1.44", os: "windows", arch: "amd64" };

describe("buildkitUnsupported", () => {
  it("finds BuildKit on Linux engines of API 1.39 and newer, whatever their own default builder", () => {
    for (const apiVersion of ["1.39", "1.41", "1.45", "1.51", "2.0"]) {
      assert.equal(buildkitUnsupported({ apiVersion, os: "linux", arch: "amd64" }), undefined, apiVersion);
    }
  });

  it("says why an older or a Windows engine has none", () => {
    assert.match(buildkitUnsupported(OLD_ENGINE) ?? "", /API 1\.38.*1\.39 or newer/);
    assert.match(buildkitUnsupported(WINDOWS) ?? "", /windows.*only on Linux/);
  });
});

describe("chooseBuilder", () => {
  it("defaults to BuildKit when the engine has it", () => {
    assert.deepEqual(chooseBuilder(undefined, LINUX_20_10, "app:1"), { builder: "buildkit" });
  });

  it("falls back to the classic builder with one line saying why", () => {
    const choice = chooseBuilder(undefined, OLD_ENGINE, "app:1");
    assert.equal(choice.builder, "classic");
    assert.match(choice.fallback ?? "", /^building with the classic builder: the engine speaks API 1\.38/);
  });

  it("picks the classic builder for an input only it honours, unless BuildKit is asked for", () => {
    const choice = chooseBuilder(undefined, LINUX_20_10, "app:1", "shmSize is honoured only by the classic builder");
    assert.deepEqual(choice, {
      builder: "classic",
      fallback: "building with the classic builder: shmSize is honoured only by the classic builder",
    });
    assert.deepEqual(chooseBuilder("buildkit", LINUX_20_10, "app:1", "shmSize …"), { builder: "buildkit" });
  });

  it("keeps the classic builder when asked for, on any engine", () => {
    assert.deepEqual(chooseBuilder("classic", LINUX_20_10, "app:1"), { builder: "classic" });
  });

  it("fails an explicit BuildKit request the engine cannot serve, naming the image and the fix", () => {
    assert.throws(
      () => chooseBuilder("buildkit", WINDOWS, "app:1"),
      (error: unknown) =>
        error instanceof BuildError && /"app:1" with builder "buildkit".*set builder: "classic"/.test(error.message),
    );
  });
});
