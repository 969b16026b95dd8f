import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { dockerBuildProvider } from "../../../provider/image-build/docker-build-provider";
import { diffBuild } from "../../../provider/image-build/diff";
import {
  keptImageState,
  keptTag,
  planBuildUpdate,
  stateOnlyChanges,
  unwantedAfterUpdate,
} from "../../../provider/image-build/plan-update";
import { UNKNOWN, withoutUndefined } from "../../../provider/core/unknown-values";
import type { DockerBuildInputs, DockerBuildOutputs } from "../../../provider/image-build/inputs";
import { builtState, inputsOf } from "../../support/build-state";

const OLD = builtState({ docker: { host: "unix:///var/run/docker.sock" } });

const NO_CHANGE = diffBuild(OLD, inputsOf(OLD));

describe("planBuildUpdate", () => {
  it("builds when an input that makes the image changed, whatever the engine holds", () => {
    const changes = diffBuild(OLD, inputsOf(OLD, { buildArgs: { A: "1" } }));
    for (const drift of ["none", "tags-missing", "image-missing"] as const) {
      assert.equal(planBuildUpdate(changes, drift), "build");
    }
  });

  it("builds keeping the tag when the image is gone from the engine and nothing changed", () => {
    assert.equal(planBuildUpdate(NO_CHANGE, "image-missing"), "build-keeping-tag");
  });

  it("only tags when the tags changed or a tag was removed from the engine", () => {
    assert.equal(planBuildUpdate(diffBuild(OLD, inputsOf(OLD, { additionalTags: ["v2"] })), "none"), "tag");
    assert.equal(planBuildUpdate(NO_CHANGE, "tags-missing"), "tag");
  });

  it("keeps the image when nothing but the state changes", () => {
    assert.equal(planBuildUpdate(NO_CHANGE, "none"), "keep");
  });
});

describe("stateOnlyChanges", () => {
  it("reports nothing when docker, registries and keepLocally are as in the state", () => {
    assert.deepEqual(stateOnlyChanges(OLD, inputsOf(OLD)), []);
  });

  it("names a new docker connection, new registries and a new keepLocally", () => {
    const news = inputsOf(OLD, {
      docker: { host: "tcp://127.0.0.1:2375" },
      registries: [{ address: "localhost:5001", username: "u", password: "rotated" }],
      keepLocally: true,
    });
    assert.deepEqual(stateOnlyChanges(OLD, news), ["registries", "keepLocally", "docker"]);
  });

  it("names new secret values and new SSH agents, which an update stores without building", () => {
    const news = inputsOf(OLD, { secrets: { token: "rotated" }, ssh: [{ id: "git" }] });
    assert.deepEqual(stateOnlyChanges(OLD, news), ["secrets", "ssh"]);
  });

  it("counts a connection unknown at preview as a change", () => {
    assert.deepEqual(stateOnlyChanges(OLD, inputsOf(OLD, { docker: UNKNOWN })), ["docker"]);
  });
});

/** The inputs that produced `state` with `key` left out of the program: absent, as the engine sends them. */
function withoutInput(state: DockerBuildOutputs, key: keyof DockerBuildInputs): DockerBuildInputs {
  const { [key]: _removed, ...rest } = inputsOf(state);
  return rest as DockerBuildInputs;
}

describe("an input removed from the program", () => {
  for (const [key, value] of [
    ["keepLocally", true],
    ["keepLocally", false],
    ["registries", [{ address: "localhost:5001", username: "u", password: "p" }]],
    ["docker", { host: "unix:///var/run/docker.sock" }],
    ["secrets", { token: "s" }],
    ["ssh", [{ id: "default" }]],
    ["builder", "buildkit"],
    ["ignoreCache", true],
    ["ignoreCache", false],
    ["context", "."],
    ["dockerfile", "Dockerfile"],
    ["pull", false],
    ["noCache", false],
    ["buildArgs", {}],
  ] as const) {
    it(`is a state-only update for ${key}: ${JSON.stringify(value)}, after which the state lacks it`, () => {
      const old = builtState({ resolvedBuilder: "buildkit", [key]: value });
      const news = withoutInput(old, key);
      const changes = diffBuild(old, news);
      assert.deepEqual([changes.rebuild, changes.retag, changes.replace], [false, false, false]);
      assert.deepEqual(stateOnlyChanges(old, news), [key]);
      assert.equal(planBuildUpdate(changes, "none"), "keep");
      const outs = withoutUndefined(keptImageState(old, news, keptTag(old, news) ?? "dev"));
      assert.equal(Object.hasOwn(outs, key), false, `${key} is still in the state`);
      assert.equal(outs.imageId, old.imageId);
      assert.deepEqual(stateOnlyChanges(outs, news), [], "the next preview would show a change");
      assert.equal(diffBuild(outs, news).changed.length, 0);
    });
  }

  it("is a state-only update for a builder given that is the one that built the image, which the state then holds", () => {
    const old = builtState({ resolvedBuilder: "buildkit" });
    const news = inputsOf(old, { builder: "buildkit" });
    assert.equal(diffBuild(old, news).rebuild, false);
    assert.deepEqual(stateOnlyChanges(old, news), ["builder"]);
    assert.equal(keptImageState(old, news, "dev").builder, "buildkit");
  });

  it("keeps the state of a tag removed at the same time out of the re-tagged state too", () => {
    const old = builtState({ keepLocally: true });
    const { keepLocally: _keep, ...news } = inputsOf(old, { tag: undefined });
    assert.equal(planBuildUpdate(diffBuild(old, news), "none"), "tag");
    const outs = withoutUndefined(keptImageState(old, news, "2026-01-01t00-00-00-000z"));
    assert.equal(Object.hasOwn(outs, "keepLocally"), false);
    assert.equal(outs.tagGenerated, true);
  });

  for (const [key, value] of [
    ["triggers", ["release-1"]],
    ["buildArgs", { A: "1" }],
    ["target", "app"],
  ] as const) {
    it(`rebuilds when ${key} that changed the image is removed`, () => {
      const old = builtState({ [key]: value });
      const changes = diffBuild(old, withoutInput(old, key));
      assert.deepEqual([changes.rebuild, changes.changed], [true, [key]]);
    });
  }
});

describe("keptTag and keptImageState", () => {
  it("keeps a generated tag when no tag is given, and takes a given one", () => {
    const generated = { ...OLD, tag: "2026-01-01t00-00-00-000z", tagGenerated: true };
    assert.equal(keptTag(generated, inputsOf(generated)), "2026-01-01t00-00-00-000z");
    assert.equal(keptTag(OLD, inputsOf(OLD, { tag: "prod" })), "prod");
    assert.equal(keptTag(OLD, inputsOf(OLD, { tag: undefined })), undefined);
  });

  it("stores the new docker connection and registries with the old image", () => {
    const docker = { host: "tcp://127.0.0.1:2375" };
    const outs = keptImageState(OLD, inputsOf(OLD, { docker }), "dev");
    assert.deepEqual(outs.docker, docker);
    assert.equal(outs.imageId, OLD.imageId);
    assert.equal(outs.image, "localhost:5000/app:dev");
  });
});

describe("unwantedAfterUpdate", () => {
  it("releases the old tags the new state no longer has", () => {
    const outs = keptImageState(OLD, inputsOf(OLD, { additionalTags: ["v2"] }), "dev");
    assert.deepEqual(unwantedAfterUpdate(OLD, outs, false), [
      { imageId: OLD.imageId, imageName: OLD.imageName, tags: ["v1"] },
    ]);
  });

  it("releases nothing with keepLocally", () => {
    const outs = keptImageState(OLD, inputsOf(OLD, { additionalTags: [] }), "dev");
    assert.deepEqual(unwantedAfterUpdate(OLD, outs, true), []);
  });
});

describe("a state with platform images", () => {
  const images = [
    { platform: "linux/amd64", imageId: `sha256:${"a".repeat(64)}`, tag: "dev-linux-amd64" },
    { platform: "linux/arm64", imageId: `sha256:${"c".repeat(64)}`, tag: "dev-linux-arm64" },
  ];
  const MULTI = builtState({ platforms: ["linux/amd64", "linux/arm64"], platformImages: images });

  it("moves the platform tags with a new tag when an update only re-tags", () => {
    const outs = keptImageState(MULTI, inputsOf(MULTI, { tag: "prod" }), "prod");
    assert.deepEqual(
      outs.platformImages?.map((p) => [p.imageId, p.tag]),
      images.map((p) => [p.imageId, p.tag.replace("dev", "prod")]),
    );
    assert.deepEqual(unwantedAfterUpdate(MULTI, outs, false), [
      { imageId: MULTI.imageId, imageName: MULTI.imageName, tags: ["dev"] },
      { imageId: images[0]!.imageId, imageName: MULTI.imageName, tags: ["dev-linux-amd64"] },
      { imageId: images[1]!.imageId, imageName: MULTI.imageName, tags: ["dev-linux-arm64"] },
    ]);
  });

  it("only rewrites the state when platforms are spelt otherwise, keeping every image and tag", () => {
    const news = inputsOf(MULTI, { platforms: ["Linux/x86_64", "linux/aarch64"] });
    assert.deepEqual(stateOnlyChanges(MULTI, news), ["platforms"]);
    const outs = keptImageState(MULTI, news, "dev");
    assert.deepEqual(outs.platformImages, images);
    assert.deepEqual(outs.platforms, news.platforms);
    assert.deepEqual(
      unwantedAfterUpdate(MULTI, outs, false).map((r) => r.tags),
      [[], [], []],
    );
  });

  it("keeps the platform tags of a state from an older version (linux/arm tagged dev-linux-arm)", () => {
    const arm = { platform: "linux/arm", imageId: `sha256:${"e".repeat(64)}`, tag: "dev-linux-arm" };
    const old = builtState({ platforms: ["linux/arm"], platformImages: [arm] });
    const outs = keptImageState(old, inputsOf(old, { keepLocally: true }), "dev");
    assert.deepEqual(outs.platformImages, [arm]);
    assert.deepEqual(diffBuild(old, inputsOf(old)), NO_CHANGE);
  });

  it("releases the image of a platform the new state no longer has", () => {
    const outs = { ...MULTI, platforms: ["linux/amd64"], platformImages: [images[0]!] };
    assert.deepEqual(unwantedAfterUpdate(MULTI, outs, false), [
      { imageId: MULTI.imageId, imageName: MULTI.imageName, tags: [] },
      { imageId: images[0]!.imageId, imageName: MULTI.imageName, tags: [] },
      { imageId: images[1]!.imageId, imageName: MULTI.imageName, tags: ["dev-linux-arm64"] },
    ]);
  });

  it("releases every old platform image when the new state has no platforms", () => {
    const outs = { ...MULTI, platforms: undefined, platformImages: undefined };
    assert.deepEqual(
      unwantedAfterUpdate(MULTI, outs, false).map((r) => r.tags),
      [[], ["dev-linux-amd64"], ["dev-linux-arm64"]],
    );
    assert.deepEqual(unwantedAfterUpdate(MULTI, outs, true), []);
  });
});

describe("DockerBuild diff", () => {
  it("shows an update, not a replacement, when only the docker connection changes", async () => {
    // An engine address nothing listens on: the drift check cannot ask it, so nothing is assumed missing.
    const news = inputsOf(OLD, { docker: { host: "tcp://127.0.0.1:1" } });
    const diff = await dockerBuildProvider.diff!("id", OLD, news);
    assert.deepEqual(diff, { changes: true, replaces: [], deleteBeforeReplace: false });
  });

  it("shows an update when only the build credentials change", async () => {
    const news = inputsOf(OLD, {
      docker: { host: "tcp://127.0.0.1:1" },
      registries: [{ address: "localhost:5001", username: "u", password: "rotated" }],
    });
    const old = { ...OLD, docker: { host: "tcp://127.0.0.1:1" } };
    const diff = await dockerBuildProvider.diff!("id", old, news);
    assert.deepEqual(diff, { changes: true, replaces: [], deleteBeforeReplace: false });
  });
});
