import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { engineBuildOptions } from "../../../provider/image-build/build-options";
import { IMAGE_LABELS, LIBRARY_VERSION } from "../../../provider/core/version";

const LIBRARY_LABEL = "dev.pulumi-docker-dynamic.version";

describe("engineBuildOptions", () => {
  it("sets only dockerfile, rm, forcerm and the library label for the smallest input", () => {
    assert.deepEqual(engineBuildOptions({ imageName: "app" }, "Dockerfile"), {
      query: { dockerfile: "Dockerfile", labels: { ...IMAGE_LABELS }, rm: true, forcerm: true },
    });
  });

  it("labels every image with this library's version", () => {
    assert.equal(IMAGE_LABELS[LIBRARY_LABEL], LIBRARY_VERSION);
    assert.match(LIBRARY_VERSION, /^\d+\.\d+\.\d+/);
  });

  it("maps every typed input to its Engine API parameter", () => {
    const { query } = engineBuildOptions(
      {
        imageName: "app",
        buildArgs: { NODE_ENV: "production", PORT: "8080" },
        target: "runtime",
        platform: "linux/arm64",
        labels: { team: "web" },
        cacheFrom: ["app:cache", "app:latest"],
        pull: true,
        noCache: true,
        network: "host",
        extraHosts: ["db:10.0.0.2", "cache:10.0.0.3"],
        shmSize: 67108864,
      },
      ".pulumi-docker-dynamic.Dockerfile",
    );
    assert.deepEqual(query, {
      dockerfile: ".pulumi-docker-dynamic.Dockerfile",
      labels: { team: "web", ...IMAGE_LABELS },
      rm: true,
      forcerm: true,
      buildargs: { NODE_ENV: "production", PORT: "8080" },
      target: "runtime",
      platform: "linux/arm64",
      cachefrom: '["app:cache","app:latest"]',
      pull: true,
      nocache: true,
      networkmode: "host",
      extrahosts: "db:10.0.0.2,cache:10.0.0.3",
      shmsize: 67108864,
    });
  });

  it("sends the platform as Docker reads it, and a lone OS or architecture for the engine to complete", () => {
    const platform = (text: string) =>
      engineBuildOptions({ imageName: "app", platform: text }, "Dockerfile").query.platform;
    assert.equal(platform("Linux/AArch64"), "linux/arm64");
    assert.equal(platform("linux/arm"), "linux/arm/v7");
    assert.equal(platform("arm64"), "arm64");
  });

  it("leaves out false flags and empty lists and objects", () => {
    const { query } = engineBuildOptions(
      { imageName: "app", pull: false, noCache: false, buildArgs: {}, cacheFrom: [], extraHosts: [] },
      "Dockerfile",
    );
    assert.deepEqual(Object.keys(query).sort(), ["dockerfile", "forcerm", "labels", "rm"]);
  });

  it("keeps the library label when the user sets a label of the same name", () => {
    const { query } = engineBuildOptions(
      { imageName: "app", labels: { [LIBRARY_LABEL]: "mine", team: "web" } },
      "Dockerfile",
    );
    assert.deepEqual(query.labels, { team: "web", [LIBRARY_LABEL]: LIBRARY_VERSION });
  });

  it("passes other build options through unchanged", () => {
    const { query } = engineBuildOptions(
      { imageName: "app", buildOptions: { memory: 1073741824, squash: true, isolation: "process" } },
      "Dockerfile",
    );
    assert.equal(query.memory, 1073741824);
    assert.equal(query.squash, true);
    assert.equal(query.isolation, "process");
  });

  it("always sets dockerfile, rm and forcerm, whatever buildOptions says", () => {
    const { query } = engineBuildOptions(
      { imageName: "app", buildOptions: { dockerfile: "Other", rm: false, forcerm: false } },
      "Dockerfile",
    );
    assert.equal(query.dockerfile, "Dockerfile");
    assert.equal(query.rm, true);
    assert.equal(query.forcerm, true);
  });

  it("sends no registry config when no registries are given", () => {
    assert.equal(engineBuildOptions({ imageName: "app", registries: [] }, "Dockerfile").registryConfig, undefined);
  });

  it("keys registry credentials by normalised host, with Docker Hub under the docker CLI's key", () => {
    const { registryConfig } = engineBuildOptions(
      {
        imageName: "app",
        registries: [
          { address: "https://localhost:5001/", username: "local", password: "p1" },
          { address: "index.docker.io", username: "hub", password: "p2" },
          { address: "registry.example.com:8443", username: "corp", password: "p3" },
        ],
      },
      "Dockerfile",
    );
    assert.deepEqual(registryConfig, {
      "localhost:5001": { username: "local", password: "p1", serveraddress: "localhost:5001" },
      "https://index.docker.io/v1/": { username: "hub", password: "p2", serveraddress: "https://index.docker.io/v1/" },
      "registry.example.com:8443": { username: "corp", password: "p3", serveraddress: "registry.example.com:8443" },
    });
  });

  it("files docker.io and the docker CLI's Docker Hub URL under the same key", () => {
    for (const address of ["docker.io", "https://index.docker.io/v1/", "registry-1.docker.io"]) {
      const { registryConfig } = engineBuildOptions(
        { imageName: "app", registries: [{ address, username: "u", password: "p" }] },
        "Dockerfile",
      );
      assert.deepEqual(Object.keys(registryConfig ?? {}), ["https://index.docker.io/v1/"], `for ${address}`);
    }
  });

  it("asks for BuildKit with version=2 and leaves base-image credentials to the build's session", () => {
    const { query, registryConfig } = engineBuildOptions(
      { imageName: "app", registries: [{ address: "localhost:5001", username: "u", password: "p" }] },
      "Dockerfile",
      "buildkit",
    );
    assert.equal(query.version, "2");
    assert.equal(registryConfig, undefined);
  });

  it("turns cacheTo: inline into BUILDKIT_INLINE_CACHE beside the user's build arguments", () => {
    const { query } = engineBuildOptions(
      { imageName: "app", buildArgs: { A: "1" }, cacheTo: "inline" },
      "Dockerfile",
      "buildkit",
    );
    assert.deepEqual(query.buildargs, { A: "1", BUILDKIT_INLINE_CACHE: "1" });
  });
});
