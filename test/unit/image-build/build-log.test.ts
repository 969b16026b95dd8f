import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { BuildLog } from "../../../provider/image-build/build-log";
import type { ProgressEvent } from "../../../provider/engine/progress";
import { BuildError } from "../../../provider/core/errors";

const IMAGE = "localhost:5000/app:dev";

function newLog(): { log: BuildLog; printed: string[] } {
  const printed: string[] = [];
  return { log: new BuildLog(IMAGE, (line) => printed.push(line)), printed };
}

/** Feeds `events` to a new log and returns the error the last one throws. */
function failureAfter(events: readonly ProgressEvent[]): BuildError {
  const { log } = newLog();
  let thrown: unknown;
  for (const event of events) {
    try {
      log.onEvent(event);
    } catch (error) {
      thrown = error;
      break;
    }
  }
  assert.ok(thrown instanceof BuildError, `expected a BuildError, got ${String(thrown)}`);
  return thrown;
}

const STEPS: readonly ProgressEvent[] = [
  { stream: "Step 1/3 : FROM alpine:3.20\n" },
  { stream: " ---> 1d34ffeaf190\n" },
  { stream: "Step 2/3 : RUN apk add nope\n" },
  { stream: "ERROR: unable to select packages: nope (no such package)\n" },
];

describe("BuildLog", () => {
  it("prints each line prefixed with the image, keeping its indentation", () => {
    const { log, printed } = newLog();
    log.onEvent({ stream: "Step 1/2 : FROM scratch\n" });
    log.onEvent({ stream: " ---> Running in 3f2\n\n" });
    assert.deepEqual(printed, [`[${IMAGE}] Step 1/2 : FROM scratch`, `[${IMAGE}]  ---> Running in 3f2`]);
  });

  it("prints status events with their progress", () => {
    const { log, printed } = newLog();
    log.onEvent({ status: "Downloading", progress: "[=>  ] 1MB/4MB" });
    assert.deepEqual(printed, [`[${IMAGE}] Downloading [=>  ] 1MB/4MB`]);
  });

  it("joins text split across events into whole lines", () => {
    const { log, printed } = newLog();
    log.onEvent({ stream: "Hel" });
    assert.deepEqual(printed, []);
    log.onEvent({ stream: "lo\nWor" });
    log.onEvent({ stream: "ld\r\n" });
    assert.deepEqual(printed, [`[${IMAGE}] Hello`, `[${IMAGE}] World`]);
  });

  it("captures the image ID from the aux event", () => {
    const { log } = newLog();
    assert.equal(log.imageId, undefined);
    log.onEvent({ aux: { ID: `sha256:${"f".repeat(64)}` } });
    assert.equal(log.imageId, `sha256:${"f".repeat(64)}`);
  });

  it("fails on an error event with the image, the failing step and the daemon message", () => {
    const message = "The command '/bin/sh -c apk add nope' returned a non-zero code: 1";
    const error = failureAfter([...STEPS, { errorDetail: { code: 1, message }, error: message }]);
    assert.equal(error.image, IMAGE);
    assert.ok(
      error.message.startsWith(`Build of "${IMAGE}" failed at step 2/3 (RUN apk add nope): ${message}\n`),
      error.message,
    );
    assert.match(error.message, /Last lines of the build log:\n {2}Step 1\/3 : FROM alpine:3\.20\n/);
    assert.match(error.message, /ERROR: unable to select packages: nope \(no such package\)$/);
  });

  it("fails on an event with only errorDetail", () => {
    const error = failureAfter([{ errorDetail: { message: "no space left on device" } }]);
    assert.equal(error.message, `Build of "${IMAGE}" failed: no space left on device`);
  });

  it("fails on an event with only error", () => {
    const error = failureAfter([{ error: "dockerfile parse error line 3: unknown instruction: RUNN\n" }]);
    assert.equal(error.message, `Build of "${IMAGE}" failed: dockerfile parse error line 3: unknown instruction: RUNN`);
  });

  it("keeps only the last 20 log lines in the error", () => {
    const lines = Array.from({ length: 30 }, (_, i) => ({ stream: `line ${i + 1}\n` }));
    const error = failureAfter([...lines, { error: "boom" }]);
    const tail = error.message.split("Last lines of the build log:\n")[1]?.split("\n");
    assert.deepEqual(
      tail,
      Array.from({ length: 20 }, (_, i) => `  line ${i + 11}`),
    );
  });

  it("includes an unfinished last line in the error", () => {
    const error = failureAfter([{ stream: "Step 1/1 : RUN make\n" }, { stream: "make: *** [all] Er" }, { error: "x" }]);
    assert.match(error.message, /\n {2}make: \*\*\* \[all\] Er$/);
  });

  it("explains a stream that ended without an image ID, naming the image and the last step", () => {
    const { log } = newLog();
    for (const event of STEPS.slice(0, 3)) log.onEvent(event);
    const error = log.noImageId();
    assert.ok(error instanceof BuildError);
    assert.equal(error.image, IMAGE);
    assert.ok(
      error.message.startsWith(
        `Build of "${IMAGE}" failed at step 2/3 (RUN apk add nope): the build stream ended without reporting an image ID`,
      ),
      error.message,
    );
  });

  it("explains a stream that ended without an image ID or any output", () => {
    const { log } = newLog();
    assert.equal(
      log.noImageId().message,
      `Build of "${IMAGE}" failed: the build stream ended without reporting an image ID`,
    );
  });

  it("keeps the cause of a failure", () => {
    const cause = new Error("socket hang up");
    assert.equal(newLog().log.failure("connection lost", cause).cause, cause);
  });

  it("remembers the containers the build announced, and whether the daemon reported an error", () => {
    const { log } = newLog();
    log.onEvent({ stream: "Step 2/3 : RUN sleep 8\n" });
    log.onEvent({ stream: " ---> Running in f1a9c540daf5\n" });
    assert.deepEqual(log.containers, ["f1a9c540daf5"]);
    assert.equal(log.daemonError, undefined);
    assert.throws(() => log.onEvent({ error: "boom", errorDetail: { message: "boom" } }), BuildError);
    assert.equal(log.daemonError, "boom");
  });
});
