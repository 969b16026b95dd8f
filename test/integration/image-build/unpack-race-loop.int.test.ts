import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { dockerClient } from "../../../provider/engine/connection";
import { engineBuildOptions } from "../../../provider/image-build/build-options";
import { runBuild } from "../../../provider/image-build/run-build";
import { testEnvironment, uniqueSuffix } from "../../support/environment";
import { startGcHammer } from "../../support/gc-hammer";
import { SecondEngine } from "../../support/second-engine";
import { contextTar } from "../../support/session-build";

const env = testEnvironment();
const suffix = uniqueSuffix();
const IMAGE = `unpack-race-loop/app:${suffix}`;
/** Shared lower layers: the unpack checks each one's snapshot before it prepares the top layer on them. */
const LOWER_LAYERS = 100;
/**
 * Rebuilds: at least MIN_REBUILDS, then on until one was sent again after a lost snapshot, at most MAX_REBUILDS. With the
 * fix disabled 5 of 5 runs failed, at rebuilds 2, 4, 2, 4 and 8 (5 of 20 rebuilds hit); with 1 in 4 the chance that
 * 24 rebuilds miss is about 1 in 1000, which is when the assertion on the count below fails (a run usually stops
 * after 4 to 6).
 */
const MIN_REBUILDS = 4;
const MAX_REBUILDS = 24;
/**
 * Pause between two no-match prunes. Only the first garbage collection after the name moved matters: before the unpack
 * checks the snapshots it removes them all and the unpack extracts every layer again (no error); during the checks it
 * fails the build. Back to back (a collection every ~15 ms) always came first: 0 of 8 rebuilds failed. Measured on
 * engine 28.5.2 over 8 rebuilds each: 30 ms → 4 hit, 60 ms → 5, 100 ms → 7.
 */
const PRUNE_GAP_MS = 100;

const lowerFiles: Record<string, string> = {};
for (let i = 0; i < LOWER_LAYERS; i++) lowerFiles[`l${i}`] = `lower layer ${i} ${suffix}\n`;
/** Images that differ only in their top layer: each rebuild moves the name off the image whose snapshots it reuses. */
const DOCKERFILE = [
  `FROM ${env.busyboxImage}`,
  ...Object.keys(lowerFiles).map((name) => `COPY ${name} /lower/${name}`),
  "COPY top /top",
].join("\n");

/** A lost-snapshot failure sent again, as run-build logs it. */
const RESENT_LOST_SNAPSHOT =
  /failed to prepare extraction snapshot .* parent snapshot \S+ does not exist.*; sending the build again$/;

// An engine of the test's own: the prunes below delete nothing, but each makes the engine's containerd collect
// garbage, about ten times a second for the whole loop; on the shared engine that would put every other test's build
// into this race (and the collections would slow them), so the hammer stays away from it.
const engine = new SecondEngine();
before(async () => {
  await engine.start();
  engine.loadFromMainEngine(env.busyboxImage);
});
after(() => engine.dispose());

// Issue 27: the containerd image store (engine 28) moves an image's name to the new image before unpacking it; the
// unpack reuses the layer snapshots (named by chain ID) of the image the name left, which nothing holds any more, and a
// garbage collection between its check that one exists and its use as the next layer's parent fails the build with
// `failed to prepare extraction snapshot …: parent snapshot … does not exist`. Engine 20.10 has no unpack step: the
// same loop must simply give complete images there.
describe("rebuilds of one name while the engine's containerd collects garbage", () => {
  it("each end with a complete image, sent again after a lost layer snapshot", async (t) => {
    const client = dockerClient({ host: engine.host });
    const socket = engine.host.replace(/^unix:\/\//, "");
    const unpacks = engine.docker("info", "--format", "{{json .DriverStatus}}").includes("io.containerd.snapshotter");
    const build = (top: string, lines: string[]) =>
      runBuild(client, {
        image: IMAGE,
        context: () => contextTar({ ...lowerFiles, Dockerfile: DOCKERFILE, top }),
        options: engineBuildOptions({ imageName: "unpack-race-loop/app", context: "." }, "Dockerfile", "buildkit"),
        builder: "buildkit",
        print: (line) => lines.push(line),
      });
    await build(`first ${suffix}\n`, []);

    let resent = 0;
    let prunes = 0;
    let i = 0;
    for (; i < MAX_REBUILDS && (i < MIN_REBUILDS || (unpacks && resent === 0)); i++) {
      const top = `rebuild ${i} ${suffix}\n`;
      const lines: string[] = [];
      const hammer = startGcHammer(socket, `no-such-record-${suffix}`, PRUNE_GAP_MS);
      let id: string;
      try {
        id = await build(top, lines);
      } catch (error) {
        throw new Error(`rebuild ${i} failed; its log:\n${lines.join("\n")}`, { cause: error });
      } finally {
        prunes += await hammer.stop();
      }
      const again = lines.filter((line) => line.endsWith("; sending the build again"));
      for (const line of again) assert.match(line, RESENT_LOST_SNAPSHOT);
      resent += again.length;
      assert.equal(engine.docker("image", "inspect", "--format", "{{.Id}}", IMAGE), id);
      assert.equal(
        engine.docker(
          "run",
          "--rm",
          "--network",
          "none",
          IMAGE,
          "cat",
          "/top",
          "/lower/l0",
          `/lower/l${LOWER_LAYERS - 1}`,
        ),
        `${top}lower layer 0 ${suffix}\nlower layer ${LOWER_LAYERS - 1} ${suffix}`,
      );
    }
    t.diagnostic(`${i} rebuilds, ${prunes} no-match prunes, sent again after a lost snapshot: ${resent}`);
    if (unpacks) {
      // None at all means the test no longer provokes the race (or, about 1 time in 1000, missed it: see MAX_REBUILDS).
      assert.ok(resent >= 1, `no rebuild of ${i} lost a layer snapshot: the race was not provoked`);
    } else {
      assert.equal(resent, 0, "an engine without the containerd image store has no unpack to lose a snapshot in");
    }
  });
});
