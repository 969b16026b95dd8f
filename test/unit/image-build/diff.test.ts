import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { diffBuild, REBUILD_KEYS } from "../../../provider/image-build/diff";
import { UNKNOWN } from "../../../provider/core/unknown-values";
import type { DockerBuildOutputs } from "../../../provider/image-build/inputs";
import { builtState, inputsOf } from "../../support/build-state";

const OLD = builtState({ buildArgs: { NODE_ENV: "production" } });

const NOTHING = { rebuild: false, retag: false, replace: false, changed: [] };

describe("diffBuild", () => {
  it("reports nothing to do when the inputs are those of the state", () => {
    assert.deepEqual(diffBuild(OLD, inputsOf(OLD)), NOTHING);
  });

  it("rebuilds when the context digest changes", () => {
    const changes = diffBuild(OLD, inputsOf(OLD, { contextDigest: `sha256:${"c".repeat(64)}` }));
    assert.deepEqual(changes, { rebuild: true, retag: false, replace: false, changed: ["contextDigest"] });
  });

  it("rebuilds when a build argument changes", () => {
    const changes = diffBuild(OLD, inputsOf(OLD, { buildArgs: { NODE_ENV: "development" } }));
    assert.deepEqual(changes, { rebuild: true, retag: false, replace: false, changed: ["buildArgs"] });
  });

  for (const key of REBUILD_KEYS) {
    it(`rebuilds when ${key} changes`, () => {
      const changes = diffBuild(OLD, inputsOf(OLD, { [key]: ["a value no state has"] }));
      assert.equal(changes.rebuild, true);
      assert.deepEqual(changes.changed, [key]);
    });
  }

  it("rebuilds, never replaces, when a platform is added", () => {
    const multi = builtState({ platforms: ["linux/amd64"] });
    const changes = diffBuild(multi, inputsOf(multi, { platforms: ["linux/amd64", "linux/arm64"] }));
    assert.deepEqual(changes, { rebuild: true, retag: false, replace: false, changed: ["platforms"] });
    assert.deepEqual(diffBuild(multi, inputsOf(multi)), NOTHING);
  });

  it("builds nothing when platforms or platform are spelt otherwise but mean the same", () => {
    const multi = builtState({ platforms: ["linux/arm64", "linux/amd64"], platform: undefined });
    assert.deepEqual(diffBuild(multi, inputsOf(multi, { platforms: ["linux/aarch64", "Linux/x86_64"] })), NOTHING);
    assert.deepEqual(diffBuild(multi, inputsOf(multi, { platforms: ["linux/amd64", "linux/arm64"] })).changed, [
      "platforms",
    ]);
    assert.deepEqual(diffBuild(multi, inputsOf(multi, { platforms: ["linux/arm64/v9", "linux/amd64"] })).changed, [
      "platforms",
    ]);
    const single = builtState({ platform: "linux/arm/v7" });
    assert.deepEqual(diffBuild(single, inputsOf(single, { platform: "linux/armhf" })), NOTHING);
    assert.deepEqual(diffBuild(single, inputsOf(single, { platform: "linux/arm/v6" })).changed, ["platform"]);
    assert.deepEqual(diffBuild(single, inputsOf(single, { platform: UNKNOWN })).changed, ["platform"]);
  });

  it("rebuilds when an explicit builder differs from the one that built the image", () => {
    const buildkit = builtState({ resolvedBuilder: "buildkit" });
    assert.deepEqual(diffBuild(buildkit, inputsOf(buildkit, { builder: "classic" })).changed, ["builder"]);
    assert.deepEqual(diffBuild(buildkit, inputsOf(buildkit, { builder: "buildkit" })), NOTHING);
    assert.deepEqual(diffBuild(buildkit, inputsOf(buildkit)), NOTHING);
  });

  it("never rebuilds a state from before builders could be chosen unless a builder other than classic is asked for", () => {
    assert.equal(OLD.resolvedBuilder, undefined);
    assert.deepEqual(diffBuild(OLD, inputsOf(OLD)), NOTHING);
    assert.deepEqual(diffBuild(OLD, inputsOf(OLD, { builder: "classic" })), NOTHING);
    assert.deepEqual(diffBuild(OLD, inputsOf(OLD, { builder: "buildkit" })).changed, ["builder"]);
  });

  it("never rebuilds for new secret values or other SSH agents", () => {
    const withSecrets = builtState({ secrets: { token: "old" }, ssh: [{ id: "default" }] });
    const changes = diffBuild(withSecrets, inputsOf(withSecrets, { secrets: { token: "new" }, ssh: [{ id: "git" }] }));
    assert.deepEqual(changes, NOTHING);
  });

  it("only re-tags when just the additional tags change", () => {
    const changes = diffBuild(OLD, inputsOf(OLD, { additionalTags: ["v1", "v2"] }));
    assert.deepEqual(changes, { rebuild: false, retag: true, replace: false, changed: ["additionalTags"] });
  });

  it("only re-tags when just the tag changes", () => {
    const changes = diffBuild(OLD, inputsOf(OLD, { tag: "prod" }));
    assert.deepEqual(changes, { rebuild: false, retag: true, replace: false, changed: ["tag"] });
  });

  it("replaces the resource when imageName changes", () => {
    const changes = diffBuild(OLD, inputsOf(OLD, { imageName: "localhost:5000/other" }));
    assert.equal(changes.replace, true);
    assert.equal(changes.rebuild, false);
    assert.deepEqual(changes.changed, ["imageName"]);
  });

  it("rebuilds every time when ignoreCache is true, even with unchanged inputs", () => {
    const changes = diffBuild(OLD, inputsOf(OLD, { ignoreCache: true }));
    assert.deepEqual(changes, { rebuild: true, retag: false, replace: false, changed: ["ignoreCache"] });
  });

  it("keeps a generated tag when no tag is given", () => {
    const generated: DockerBuildOutputs = { ...OLD, tag: "2026-11-28t20-04-30-900z", tagGenerated: true };
    assert.deepEqual(diffBuild(generated, inputsOf(generated)), NOTHING);
  });

  it("re-tags when an explicit tag replaces a generated one", () => {
    const generated: DockerBuildOutputs = { ...OLD, tag: "2026-11-28t20-04-30-900z", tagGenerated: true };
    const changes = diffBuild(generated, inputsOf(generated, { tag: "v2" }));
    assert.deepEqual(changes, { rebuild: false, retag: true, replace: false, changed: ["tag"] });
  });

  it("re-tags when an explicit tag is given that equals the generated one, so the tag stops being generated", () => {
    const generated: DockerBuildOutputs = { ...OLD, tag: "2026-11-28t20-04-30-900z", tagGenerated: true };
    const changes = diffBuild(generated, inputsOf(generated, { tag: generated.tag }));
    assert.deepEqual(changes.changed, ["tag"]);
    assert.equal(changes.retag, true);
  });

  it("re-tags when an explicit tag is removed, so that a generated tag is applied", () => {
    const changes = diffBuild(OLD, inputsOf(OLD, { tag: undefined }));
    assert.deepEqual(changes, { rebuild: false, retag: true, replace: false, changed: ["tag"] });
  });

  it("neither rebuilds nor re-tags when only registries, docker or keepLocally change", () => {
    const news = inputsOf(OLD, {
      registries: [{ address: "localhost:5001", username: "u", password: "rotated" }],
      docker: { host: "tcp://builder:2376" },
      keepLocally: true,
    });
    assert.deepEqual(diffBuild(OLD, news), NOTHING);
  });

  it("rebuilds when a rebuild input holds an unknown value", () => {
    const changes = diffBuild(OLD, inputsOf(OLD, { buildArgs: { NODE_ENV: UNKNOWN } }));
    assert.equal(changes.rebuild, true);
    assert.deepEqual(changes.changed, ["buildArgs"]);
  });

  it("rebuilds when the context digest is not known yet", () => {
    assert.equal(diffBuild(OLD, inputsOf(OLD, { contextDigest: UNKNOWN })).rebuild, true);
  });

  it("treats an empty list like an absent one", () => {
    const old: DockerBuildOutputs = { ...OLD, additionalTags: [], cacheFrom: [], extraHosts: undefined };
    const news = inputsOf(old, { additionalTags: undefined, cacheFrom: undefined, extraHosts: [] });
    assert.deepEqual(diffBuild(old, news), NOTHING);
  });

  for (const [key, value] of [
    ["pull", false],
    ["noCache", false],
    ["context", "."],
    ["dockerfile", "Dockerfile"],
    ["buildArgs", {}],
    ["labels", {}],
  ] as const) {
    it(`does not rebuild when ${key}: ${JSON.stringify(value)} is dropped, since it builds the same image`, () => {
      const old: DockerBuildOutputs = { ...OLD, [key]: value };
      assert.deepEqual(diffBuild(old, inputsOf(old, { [key]: undefined })), NOTHING);
    });
  }
});
