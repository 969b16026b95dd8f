import assert from "node:assert/strict";
import { Transform } from "node:stream";
import { after, describe, it } from "node:test";
import type Docker from "dockerode";
import { BuildError } from "../../../provider/core/errors";
import { dockerClient } from "../../../provider/engine/connection";
import { engineBuildOptions } from "../../../provider/image-build/build-options";
import { runBuild } from "../../../provider/image-build/run-build";
import { docker } from "../../support/docker-cli";
import { testEnvironment, uniqueSuffix } from "../../support/environment";
import { contextTar } from "../../support/session-build";

const env = testEnvironment();
const suffix = uniqueSuffix();
const IMAGE = `unpack-race/app:${suffix}`;

/** Engine 28's message when its containerd collected a layer snapshot in the middle of BuildKit's unpack (issue 27). */
const LOST_SNAPSHOT =
  `failed to prepare extraction snapshot "extract-417113427-Xq3v sha256:${"c4".repeat(32)}": ` +
  `parent snapshot sha256:${"0c".repeat(32)} does not exist: not found`;

/**
 * A client of the engine under test whose first `failures` builds end with the engine's unpack error in place of
 * their image ID event: the build really ran, as it had when the engine's unpack lost the race.
 */
function clientLosingUnpacks(failures: number): { client: Docker; builds: () => number } {
  const client = dockerClient();
  const dial = client.modem.dial.bind(client.modem);
  let builds = 0;
  client.modem.dial = ((options: Parameters<typeof dial>[0], callback: (error: unknown, stream: unknown) => void) => {
    if (!String(options.path ?? "").startsWith("/build")) return dial(options, callback);
    const fail = builds++ < failures;
    return dial(options, (error: unknown, stream: unknown) => {
      if (error || !fail) return callback(error, stream);
      const lines = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          const text = chunk
            .toString("utf8")
            .replace(/^.*"moby\.image\.id".*$/m, () =>
              JSON.stringify({ errorDetail: { message: LOST_SNAPSHOT }, error: LOST_SNAPSHOT }),
            );
          done(null, text);
        },
      });
      const response = stream as NodeJS.ReadableStream & { destroy(): void };
      response.pipe(lines);
      // The log stops reading at the error line: the engine's response is closed with it.
      lines.on("close", () => response.destroy());
      callback(null, lines);
    });
  }) as typeof client.modem.dial;
  return { client, builds: () => builds };
}

/** Builds IMAGE with BuildKit from a context unique to this run, printing into `lines`. */
function build(client: Docker, lines: string[]): Promise<string> {
  const files = {
    Dockerfile: `FROM ${env.busyboxImage}\nCOPY marker /marker\n`,
    marker: `unpack race ${suffix}\n`,
  };
  return runBuild(client, {
    image: IMAGE,
    context: () => contextTar(files),
    options: engineBuildOptions({ imageName: "unpack-race/app", context: "." }, "Dockerfile", "buildkit"),
    builder: "buildkit",
    print: (line) => lines.push(line),
  });
}

after(() => {
  docker("image", "rm", "--force", IMAGE);
});

// Engine 28 with the containerd image store unpacks a BuildKit image into snapshots named by chain ID, reusing those
// of the image the name pointed at before; once the name moves, nothing holds those, and a garbage collection between
// BuildKit's check that one exists and its use as the next layer's parent fails the build (seen after a hard cancel
// in the faults e2e). The engine keeps nothing broken: the same build sent again unpacks the missing layers.
describe("a BuildKit build whose unpack lost a layer snapshot to the engine's garbage collection", () => {
  it("is sent again, says so in the log, and its image is complete", async () => {
    const { client, builds } = clientLosingUnpacks(1);
    const lines: string[] = [];
    const imageId = await build(client, lines);
    assert.equal(builds(), 2, `the build was not sent again:\n${lines.join("\n")}`);
    const resent = lines.filter((line) => line.endsWith("; sending the build again"));
    assert.equal(resent.length, 1);
    assert.ok(resent[0]!.startsWith(`[${IMAGE}] Build of "${IMAGE}" failed`), resent[0]);
    assert.ok(resent[0]!.includes("parent snapshot sha256:"), resent[0]);
    assert.equal(docker("image", "inspect", "--format", "{{.Id}}", IMAGE), imageId);
    assert.equal(docker("run", "--rm", "--network", "none", IMAGE, "cat", "/marker"), `unpack race ${suffix}`);
  });

  it("fails with the engine's message once sending it again did not get past it", async () => {
    const { client, builds } = clientLosingUnpacks(Infinity);
    const lines: string[] = [];
    await assert.rejects(build(client, lines), (error: unknown) => {
      assert.ok(error instanceof BuildError, String(error));
      assert.ok(error.message.includes(LOST_SNAPSHOT), error.message);
      return true;
    });
    assert.equal(builds(), 3, "a build is sent at most three times in all");
  });
});
