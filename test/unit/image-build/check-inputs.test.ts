import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { validateBuildInputs } from "../../../provider/image-build/check-inputs";
import type { DockerBuildInputs } from "../../../provider/image-build/inputs";
import { UNKNOWN } from "../../../provider/core/unknown-values";

const VALID: DockerBuildInputs = {
  imageName: "localhost:5000/team/app",
  tag: "dev",
  additionalTags: ["v1", "latest"],
  context: "app",
  dockerfile: "auto",
  baseImage: "node:22-slim",
  buildArgs: { NODE_ENV: "production" },
  target: "runtime",
  platform: "linux/arm64/v8",
  labels: { team: "web" },
  cacheFrom: ["localhost:5000/team/app:cache"],
  pull: true,
  noCache: false,
  network: "host",
  extraHosts: ["db:10.0.0.2"],
  shmSize: 67108864,
  buildOptions: { memory: 1073741824, squash: false, isolation: "default" },
  registries: [{ address: "localhost:5001", username: "u", password: "p" }],
  ignoreCache: false,
  keepLocally: true,
};

/** The valid inputs with some properties replaced, typed loosely so that wrong types can be given. */
function withInputs(changes: Record<string, unknown>): DockerBuildInputs {
  return { ...VALID, ...changes } as DockerBuildInputs;
}

function failedProperties(changes: Record<string, unknown>): string[] {
  return validateBuildInputs(withInputs(changes)).map((f) => f.property);
}

describe("validateBuildInputs", () => {
  it("accepts valid inputs that use every property", () => {
    assert.deepEqual(validateBuildInputs(VALID), []);
  });

  it("accepts the smallest input, an image name", () => {
    assert.deepEqual(validateBuildInputs({ imageName: "app" }), []);
  });

  it("requires imageName", () => {
    assert.deepEqual(failedProperties({ imageName: undefined }), ["imageName"]);
  });

  it("rejects an invalid imageName and quotes it with the reason", () => {
    const failures = validateBuildInputs(withInputs({ imageName: "localhost:5000/App" }));
    assert.equal(failures.length, 1);
    assert.equal(failures[0]?.property, "imageName");
    assert.match(failures[0]?.reason ?? "", /imageName "localhost:5000\/App" has an invalid path component "App"/);
  });

  it("rejects an imageName that carries a tag", () => {
    assert.deepEqual(failedProperties({ imageName: "app:1" }), ["imageName"]);
  });

  it("rejects an invalid tag", () => {
    const failures = validateBuildInputs(withInputs({ tag: "-dev" }));
    assert.deepEqual(
      failures.map((f) => f.property),
      ["tag"],
    );
    assert.match(failures[0]?.reason ?? "", /tag "-dev"/);
  });

  it("names the index of an invalid additional tag", () => {
    assert.deepEqual(failedProperties({ additionalTags: ["ok", "not ok", "fine"] }), ["additionalTags[1]"]);
  });

  it("rejects additionalTags that is not a list", () => {
    assert.deepEqual(failedProperties({ additionalTags: "v1" }), ["additionalTags"]);
  });

  it("rejects a malformed platform and shows the expected form", () => {
    const failures = validateBuildInputs(withInputs({ platform: "linux-amd64" }));
    assert.deepEqual(
      failures.map((f) => f.property),
      ["platform"],
    );
    assert.match(failures[0]?.reason ?? "", /os\/arch\[\/variant\]/);
  });

  it("rejects baseImage with a Dockerfile of the user's", () => {
    const failures = validateBuildInputs(withInputs({ dockerfile: "Dockerfile.prod" }));
    assert.deepEqual(
      failures.map((f) => f.property),
      ["baseImage"],
    );
    assert.match(failures[0]?.reason ?? "", /dockerfile: "auto"/);
  });

  it("rejects baseImage when dockerfile is left at its default", () => {
    const failures = validateBuildInputs({ imageName: "app", baseImage: "node:22" });
    assert.deepEqual(
      failures.map((f) => f.property),
      ["baseImage"],
    );
  });

  it("accepts baseImage while dockerfile is not known yet", () => {
    assert.deepEqual(validateBuildInputs(withInputs({ dockerfile: UNKNOWN })), []);
  });

  it("names the build argument whose value is not a string", () => {
    assert.deepEqual(failedProperties({ buildArgs: { A: "1", X: 2 } }), ["buildArgs.X"]);
  });

  it("rejects buildArgs and labels that are not objects", () => {
    assert.deepEqual(failedProperties({ buildArgs: ["A=1"], labels: "team=web" }), ["buildArgs", "labels"]);
  });

  it("names the label whose value is not a string", () => {
    assert.deepEqual(failedProperties({ labels: { team: true } }), ["labels.team"]);
  });

  for (const shmSize of [0, -1, "64m"]) {
    it(`rejects shmSize ${JSON.stringify(shmSize)}`, () => {
      assert.deepEqual(failedProperties({ shmSize }), ["shmSize"]);
    });
  }

  it("sends a build option that has a typed input to that input", () => {
    const failures = validateBuildInputs(withInputs({ buildOptions: { dockerfile: "x", memory: 1 } }));
    assert.deepEqual(
      failures.map((f) => f.property),
      ["buildOptions.dockerfile"],
    );
    assert.match(failures[0]?.reason ?? "", /set through the dockerfile input/);
  });

  it("recognises typed build options whatever their case", () => {
    assert.deepEqual(failedProperties({ buildOptions: { BuildArgs: "{}", NoCache: true } }), [
      "buildOptions.BuildArgs",
      "buildOptions.NoCache",
    ]);
  });

  it("rejects a build option whose value is an object", () => {
    const failures = validateBuildInputs(withInputs({ buildOptions: { cgroupparent: { nested: 1 } } }));
    assert.deepEqual(
      failures.map((f) => f.property),
      ["buildOptions.cgroupparent"],
    );
    assert.match(failures[0]?.reason ?? "", /string, number or boolean, not object/);
  });

  it("rejects buildOptions that is not an object", () => {
    assert.deepEqual(failedProperties({ buildOptions: ["memory=1"] }), ["buildOptions"]);
  });

  it("reports a malformed extraHosts entry, an unknown build option and a malformed docker.host at check", () => {
    const changes = { extraHosts: ["db"], buildOptions: { frobnicate: 1 }, docker: { host: "localhost:2375" } };
    assert.deepEqual(failedProperties(changes), ["buildOptions.frobnicate", "extraHosts[0]", "docker.host"]);
  });

  it("names each missing field of a registry credential", () => {
    const registries = [
      { address: "localhost:5001", username: "u" },
      { address: "", username: "u", password: "p" },
    ];
    assert.deepEqual(failedProperties({ registries }), ["registries[0].password", "registries[1].address"]);
  });

  it("rejects registries that is not a list", () => {
    assert.deepEqual(failedProperties({ registries: { address: "x" } }), ["registries"]);
  });

  it("reports every problem at once", () => {
    assert.deepEqual(failedProperties({ imageName: "", tag: ".x", platform: "x y", shmSize: 0 }), [
      "imageName",
      "tag",
      "platform",
      "shmSize",
    ]);
  });

  it("tolerates unknown values wherever they appear during preview", () => {
    const unknowns = {
      imageName: UNKNOWN,
      tag: UNKNOWN,
      additionalTags: ["v1", UNKNOWN],
      dockerfile: UNKNOWN,
      baseImage: UNKNOWN,
      buildArgs: { A: UNKNOWN },
      labels: UNKNOWN,
      platform: UNKNOWN,
      shmSize: UNKNOWN,
      buildOptions: { memory: UNKNOWN },
      registries: [{ address: UNKNOWN, username: UNKNOWN, password: UNKNOWN }],
    };
    assert.deepEqual(validateBuildInputs(withInputs(unknowns)), []);
  });

  it("tolerates unknown lists and objects as a whole", () => {
    const unknowns = { additionalTags: UNKNOWN, buildArgs: UNKNOWN, buildOptions: UNKNOWN, registries: UNKNOWN };
    assert.deepEqual(validateBuildInputs(withInputs(unknowns)), []);
  });

  it("tolerates a registry credential that is unknown as a whole", () => {
    assert.deepEqual(validateBuildInputs(withInputs({ registries: [UNKNOWN] })), []);
  });
});
