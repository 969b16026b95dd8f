import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type Docker from "dockerode";
import { engineDrift, engineMove } from "../../../provider/image-build/engine-drift";
import { UNKNOWN } from "../../../provider/core/unknown-values";
import type { DockerBuildOutputs } from "../../../provider/image-build/inputs";

function engineWith(images: Record<string, string[]>): Docker {
  return {
    getImage: (id: string) => ({
      inspect: async () => {
        if (!(id in images)) throw Object.assign(new Error("no such image"), { statusCode: 404 });
        return { Id: id, RepoTags: images[id] };
      },
    }),
  } as unknown as Docker;
}

function state(imageName: string, tag: string, additionalTags: string[] = []): DockerBuildOutputs {
  return {
    imageName,
    tag,
    additionalTags,
    tagGenerated: false,
    image: `${imageName}:${tag}`,
    imageId: "sha256:aaa",
    resolvedContext: "/ctx",
    resolvedDockerfile: "/ctx/Dockerfile",
    contextDigest: "sha256:ccc",
  };
}

describe("engineDrift", () => {
  it("finds nothing missing when the image holds every tag", async () => {
    const docker = engineWith({ "sha256:aaa": ["localhost:5000/app:dev", "localhost:5000/app:v1"] });
    assert.equal(await engineDrift(docker, state("localhost:5000/app", "dev", ["v1"])), "none");
  });

  it("reports a missing image", async () => {
    assert.equal(await engineDrift(engineWith({}), state("localhost:5000/app", "dev")), "image-missing");
  });

  it("reports a tag that was removed or moved to another image", async () => {
    const docker = engineWith({ "sha256:aaa": ["localhost:5000/app:dev"] });
    assert.equal(await engineDrift(docker, state("localhost:5000/app", "dev", ["v1"])), "tags-missing");
  });

  it("compares Docker Hub names the way the engine lists them", async () => {
    const docker = engineWith({ "sha256:aaa": ["team/app:dev", "app:latest"] });
    assert.equal(await engineDrift(docker, state("docker.io/team/app", "dev")), "none");
    assert.equal(await engineDrift(docker, state("docker.io/library/app", "latest")), "none");
  });

  it("reports a missing platform image as a missing image, and a missing platform tag as a missing tag", async () => {
    const multi = {
      ...state("localhost:5000/app", "dev"),
      platformImages: [
        { platform: "linux/amd64", imageId: "sha256:aaa", tag: "dev-linux-amd64" },
        { platform: "linux/arm64", imageId: "sha256:bbb", tag: "dev-linux-arm64" },
      ],
    };
    const amd64 = ["localhost:5000/app:dev", "localhost:5000/app:dev-linux-amd64"];
    assert.equal(await engineDrift(engineWith({ "sha256:aaa": amd64 }), multi), "image-missing");
    const untagged = engineWith({ "sha256:aaa": amd64, "sha256:bbb": [] });
    assert.equal(await engineDrift(untagged, multi), "tags-missing");
    const all = engineWith({ "sha256:aaa": amd64, "sha256:bbb": ["localhost:5000/app:dev-linux-arm64"] });
    assert.equal(await engineDrift(all, multi), "none");
  });
});

describe("engineMove", () => {
  const built = { ...state("localhost:5000/app", "dev"), engineHost: "unix:///a.sock" };
  const inputs = (docker: unknown) => ({ imageName: "localhost:5000/app", docker }) as DockerBuildOutputs;

  it("names the new address when the inputs now resolve to another engine than the recorded one", () => {
    assert.equal(engineMove(built, inputs({ host: "unix:///b.sock" })), "unix:///b.sock");
  });

  it("is silent for the same engine, a state without engineHost, an unknown or an unresolvable connection", () => {
    assert.equal(engineMove(built, inputs({ host: "unix:///a.sock" })), undefined);
    assert.equal(engineMove(state("localhost:5000/app", "dev"), inputs({ host: "unix:///b.sock" })), undefined);
    assert.equal(engineMove(built, inputs({ host: UNKNOWN })), undefined);
    assert.equal(engineMove(built, inputs({ context: "no-such-context-anywhere" })), undefined);
  });
});
