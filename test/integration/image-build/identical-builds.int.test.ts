import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { dockerClient } from "../../../provider/engine/connection";
import { engineBuildOptions } from "../../../provider/image-build/build-options";
import { runBuild } from "../../../provider/image-build/run-build";
import { docker } from "../../support/docker-cli";
import { testEnvironment, uniqueSuffix } from "../../support/environment";
import { contextTar } from "../../support/session-build";

const env = testEnvironment();
const suffix = uniqueSuffix();
const built = new Set<string>();
after(() => {
  for (const id of built) docker("image", "rm", "--force", id);
});

describe("identical BuildKit builds at the same moment", () => {
  // The containerd image store (engine 28) named every untagged build's image moby-dangling@<digest>, and identical
  // builds ending together raced to create that name (8 at once failed every time); each build now names its image.
  it("all succeed with one image ID, however the engine's image store names them", async () => {
    const client = dockerClient();
    const files = {
      Dockerfile: `FROM ${env.busyboxImage}\nRUN echo ${suffix} > /id\nCOPY marker /marker\n`,
      marker: `identical ${suffix}\n`,
    };
    const lines: string[] = [];
    // A first build fills the cache, so that the eight below end within milliseconds of each other.
    const first = await runBuild(client, {
      image: `identical-${suffix}`,
      context: () => contextTar(files),
      options: engineBuildOptions({ imageName: `identical-${suffix}`, context: "." }, "Dockerfile", "buildkit"),
      builder: "buildkit",
      print: () => undefined,
    });
    built.add(first);
    const ids = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        runBuild(client, {
          image: `identical-${suffix}-${i}`,
          context: () => contextTar(files),
          options: engineBuildOptions({ imageName: `identical-${suffix}`, context: "." }, "Dockerfile", "buildkit"),
          builder: "buildkit",
          print: (line) => lines.push(line),
        }),
      ),
    );
    for (const id of ids) built.add(id);
    assert.equal(
      new Set(ids).size,
      1,
      `eight identical builds gave ${new Set(ids).size} image IDs:\n${lines.join("\n")}`,
    );
    assert.match(docker("image", "inspect", "--format", "{{.Id}}", ids[0]!), /^sha256:/);
  });
});
