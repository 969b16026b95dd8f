import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isBuildLeftover, type ContainerFacts } from "../../../provider/image-build/leftover-containers";
import type { InterruptedBuild } from "../../../provider/engine/interrupted-builds";

const IMAGE_ID = `sha256:${"e691c504a145".padEnd(64, "0")}`;
const BUILD: InterruptedBuild = {
  engine: "unix:///tmp/engine.sock",
  image: "localhost:5000/app:dev",
  startedAt: "2026-11-29T06:38:30.000Z",
  failedAt: "2026-11-29T06:38:40.000Z",
  containers: ["f1a9c540daf5"],
};

/** A container as the classic builder leaves it after a crash (fields seen with `docker inspect` on engine 20.10). */
function builderContainer(overrides: Partial<ContainerFacts> = {}): ContainerFacts {
  return {
    Id: "f1a9c540daf568bb6354be390b11b87c3cba2c21ae7892b6616253d8e5a9c239",
    Created: "2026-11-29T06:38:35.534Z",
    State: { Status: "exited" },
    Config: { Image: IMAGE_ID },
    HostConfig: { LogConfig: { Type: "none" } },
    ...overrides,
  };
}

describe("isBuildLeftover", () => {
  it("matches the container the interrupted build announced", () => {
    assert.equal(isBuildLeftover(builderContainer(), BUILD), true);
  });

  it("matches an unannounced builder container created while the build ran", () => {
    const container = builderContainer({ Id: "a".repeat(64), Created: "2026-11-29T06:38:39.000Z" });
    assert.equal(isBuildLeftover(container, BUILD), true);
  });

  it("leaves a builder-shaped container created outside the build's time alone", () => {
    const container = builderContainer({ Id: "a".repeat(64), Created: "2026-11-29T07:00:00.000Z" });
    assert.equal(isBuildLeftover(container, BUILD), false);
  });

  it("leaves a user's container of a named image alone, even one created during the build", () => {
    const container = builderContainer({ Config: { Image: "local/busybox:latest" } });
    assert.equal(isBuildLeftover(container, BUILD), false);
  });

  it("leaves a container with a log driver alone, as the builder always sets none", () => {
    const container = builderContainer({ HostConfig: { LogConfig: { Type: "json-file" } } });
    assert.equal(isBuildLeftover(container, BUILD), false);
  });

  it("leaves a running container alone", () => {
    assert.equal(isBuildLeftover(builderContainer({ State: { Status: "running" } }), BUILD), false);
  });
});
