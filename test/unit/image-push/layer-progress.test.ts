import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ProgressEvent } from "../../../provider/engine/progress";
import { formatSize, LayerProgress } from "../../../provider/image-push/layer-progress";
import { PushLog } from "../../../provider/image-push/push-log";
import {
  ENGINE_20_AGAIN,
  ENGINE_20_FIRST_PUSH,
  ENGINE_28_AGAIN,
  ENGINE_28_FIRST_PUSH,
  type RecordedEvent,
} from "./recorded-push-events";

const REFERENCE = "localhost:5000/tests/push15-rec:one";

/** Replays a recording through a PushLog whose clock is the recording's; returns the printed lines without prefix. */
function replay(events: readonly RecordedEvent[], interval = 3000): string[] {
  const printed: string[] = [];
  let now = 0;
  const log = new PushLog(
    REFERENCE,
    "localhost:5000",
    (line) => printed.push(line),
    undefined,
    new LayerProgress(() => now, interval),
  );
  for (const { t, e } of events) {
    now = t;
    log.onEvent(e as ProgressEvent);
  }
  log.finish();
  return printed.map((line) => line.replace(`[${REFERENCE}] `, ""));
}

describe("push progress per layer", () => {
  it("prints a layer's first progress with size and percent, its outcome, and a summary (engine 20.10)", () => {
    assert.deepEqual(replay(ENGINE_20_FIRST_PUSH), [
      "The push refers to repository [localhost:5000/tests/push15-rec]",
      "9194f4cb1cd6: mounted from tests/e2e-conn-move-mx1v2wyddzk2",
      "b540d6b317b0: pushing 66.0 kB / 6.0 MB (1%)",
      "b540d6b317b0: pushed 6.0 MB",
      "one: digest: sha256:57253f21d27fe02ea9ad028fa7b6443301b38741ccb8fc325d90432901b6649f size: 739",
      "2 layers: 1 pushed (6.0 MB), 1 already present",
    ]);
  });

  it("reads the containerd image store's stream, which has no Preparing and its own totals (engine 28)", () => {
    assert.deepEqual(replay(ENGINE_28_FIRST_PUSH), [
      "The push refers to repository [localhost:5000/tests/push15-rec]",
      "edd69a261dfc: pushing 2.1 MB / 6.0 MB (34%)",
      "9194f4cb1cd6: pushing 1.0 MB / 2.1 MB (49%)",
      "9194f4cb1cd6: pushed 2.1 MB",
      "edd69a261dfc: pushed 6.0 MB",
      "one: digest: sha256:97cfdf2e3c3f913ad8b45967d584067cb1d22dd871c8c53de605dc0d0dbe9ad7 size: 755",
      "2 layers: 2 pushed (8.1 MB), 0 already present",
    ]);
  });

  for (const [engine, events] of [
    ["20.10", ENGINE_20_AGAIN],
    ["28", ENGINE_28_AGAIN],
  ] as const) {
    it(`counts every layer as already present when the same push runs again (engine ${engine})`, () => {
      const lines = replay(events);
      assert.equal(lines.filter((l) => l.endsWith(": already in the registry")).length, 2);
      assert.equal(lines.at(-1), "2 layers: 0 pushed, 2 already present");
    });
  }

  it("prints a layer's progress again only once the interval has passed", () => {
    const progress = (lines: string[]) => lines.filter((l) => l.includes(": pushing "));
    assert.equal(progress(replay(ENGINE_20_FIRST_PUSH, 3000)).length, 1);
    // Pushing events at t=19, 123, 231, 328, 444, 557, 683: with 200 ms, those at 19, 231, 444 and 683.
    assert.equal(progress(replay(ENGINE_20_FIRST_PUSH, 200)).length, 4);
    assert.equal(
      progress(replay(ENGINE_20_FIRST_PUSH, 0)).length,
      ENGINE_20_FIRST_PUSH.filter((r) => r.e.status === "Pushing").length,
    );
  });

  it("keeps per-layer clocks apart: one layer's line does not hold back another's", () => {
    let now = 0;
    const layers = new LayerProgress(() => now, 3000);
    const pushing = (id: string, current: number): ProgressEvent => ({
      id,
      status: "Pushing",
      progressDetail: { current, total: 4000 },
    });
    assert.deepEqual(layers.lines(pushing("a", 1000)), ["a: pushing 1.0 kB / 4.0 kB (25%)"]);
    assert.deepEqual(layers.lines(pushing("b", 2000)), ["b: pushing 2.0 kB / 4.0 kB (50%)"]);
    now = 2999;
    assert.deepEqual(layers.lines(pushing("a", 3000)), []);
    now = 3000;
    assert.deepEqual(layers.lines(pushing("a", 4000)), ["a: pushing 4.0 kB / 4.0 kB (100%)"]);
    assert.deepEqual(layers.lines({ id: "a", status: "Pushed" }), ["a: pushed 4.0 kB"]);
    assert.deepEqual(layers.lines({ id: "a", status: "Pushed" }), [], "an outcome is said once");
    assert.equal(layers.summary(), "2 layers: 1 pushed (4.0 kB), 0 already present");
  });

  it("never shows more sent than the total: a total below the bytes sent is left out, and pushed says what was sent", () => {
    const layers = new LayerProgress(() => 0, 0);
    const event = (current: number): ProgressEvent => ({
      id: "a",
      status: "Pushing",
      progressDetail: { current, total: 188 },
    });
    assert.deepEqual(layers.lines(event(100)), ["a: pushing 100 B / 188 B (53%)"]);
    assert.deepEqual(layers.lines(event(512)), ["a: pushing 512 B"]);
    assert.deepEqual(layers.lines({ id: "a", status: "Pushed" }), ["a: pushed 512 B"]);
    assert.equal(layers.summary(), "1 layer: 1 pushed (512 B), 0 already present");
  });

  it("passes other layer statuses through, such as the engine's retry countdown", () => {
    const layers = new LayerProgress(() => 0);
    assert.deepEqual(layers.lines({ id: "a", status: "Retrying in 5 seconds" }), ["a: Retrying in 5 seconds"]);
    assert.deepEqual(layers.lines({ id: "a", status: "Waiting" }), []);
  });

  it("formats sizes in the docker CLI's decimal units", () => {
    assert.deepEqual([0, 999, 1000, 6_000_000, 2_129_920, 1.5e9].map(formatSize), [
      "0 B",
      "999 B",
      "1.0 kB",
      "6.0 MB",
      "2.1 MB",
      "1.5 GB",
    ]);
  });
});
