import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { BuildkitLog } from "../../../provider/buildkit/buildkit-log";
import { StatusResponseType } from "../../../provider/buildkit/trace-proto";
import { BuildError } from "../../../provider/core/errors";
import type { ProgressEvent } from "../../../provider/engine/progress";

const IMAGE = "localhost:5000/app:dev";
const FROM = "sha256:from";
const RUN = "sha256:run";

function newLog(): { log: BuildkitLog; printed: string[] } {
  const printed: string[] = [];
  return { log: new BuildkitLog(IMAGE, (line) => printed.push(line.slice(`[${IMAGE}] `.length))), printed };
}

/** A `moby.buildkit.trace` event carrying a StatusResponse built from a plain object. */
function trace(status: Record<string, unknown>): ProgressEvent {
  const aux = Buffer.from(StatusResponseType.encode(StatusResponseType.fromObject(status)).finish()).toString("base64");
  return { id: "moby.buildkit.trace", aux } as unknown as ProgressEvent;
}

const at = (seconds: number) => ({ seconds: Math.floor(seconds), nanos: Math.round((seconds % 1) * 1e9) });
const vertex = (digest: string, name: string, fields: Record<string, unknown> = {}) =>
  trace({ vertexes: [{ digest, name, ...fields }] });
const output = (digest: string, text: string | Buffer, stream = 1) =>
  trace({ logs: [{ vertex: digest, stream, msg: Buffer.from(text) }] });

/** Feeds `events` to `log` and returns the error the last one throws. */
function failureAfter(log: BuildkitLog, events: readonly ProgressEvent[]): BuildError {
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

describe("BuildkitLog", () => {
  it("numbers steps in the order they are first printed, and prints them when they start, like --progress=plain", () => {
    const { log, printed } = newLog();
    log.onEvent(
      trace({
        vertexes: [
          { digest: FROM, name: "[1/2] FROM busybox" },
          { digest: RUN, name: "[2/2] RUN x" },
        ],
      }),
    );
    assert.deepEqual(printed, []);
    log.onEvent(vertex(RUN, "[2/2] RUN x", { started: at(100) }));
    log.onEvent(vertex(FROM, "[1/2] FROM busybox", { cached: true, started: at(100), completed: at(100) }));
    log.onEvent(vertex(RUN, "[2/2] RUN x", { started: at(100), completed: at(101.25) }));
    assert.deepEqual(printed, ["#1 [2/2] RUN x", "#2 [1/2] FROM busybox", "#2 CACHED", "#1 DONE 1.3s"]);
  });

  it("prints each output line of a step under its number, decoded from UTF-8", () => {
    const { log, printed } = newLog();
    log.onEvent(vertex(RUN, "[2/2] RUN echo", { started: at(1) }));
    log.onEvent(output(RUN, "héllo\nworld\n\n"));
    assert.deepEqual(printed, ["#1 [2/2] RUN echo", "#1 héllo", "#1 world"]);
  });

  it("joins output split across trace messages, even inside a UTF-8 character", () => {
    const { log, printed } = newLog();
    log.onEvent(vertex(RUN, "[2/2] RUN echo", { started: at(1) }));
    const bytes = Buffer.from("café au lait\nnext");
    log.onEvent(output(RUN, bytes.subarray(0, 4)));
    log.onEvent(output(RUN, bytes.subarray(4, 8)));
    assert.deepEqual(printed, ["#1 [2/2] RUN echo"]);
    log.onEvent(output(RUN, bytes.subarray(8)));
    assert.deepEqual(printed.slice(1), ["#1 café au lait"]);
    log.onEvent(vertex(RUN, "[2/2] RUN echo", { started: at(1), completed: at(2) }));
    assert.deepEqual(printed.slice(2), ["#1 next", "#1 DONE 1.0s"]);
  });

  it("keeps stdout and stderr partial lines of a step apart", () => {
    const { log, printed } = newLog();
    log.onEvent(vertex(RUN, "[2/2] RUN x", { started: at(1) }));
    log.onEvent(output(RUN, "out-", 1));
    log.onEvent(output(RUN, "err-", 2));
    log.onEvent(output(RUN, "line\n", 1));
    log.onEvent(output(RUN, "line\n", 2));
    assert.deepEqual(printed.slice(1), ["#1 out-line", "#1 err-line"]);
  });

  it("shows only what a terminal would show of lines redrawn with carriage returns", () => {
    const { log, printed } = newLog();
    log.onEvent(vertex(RUN, "[2/2] RUN x", { started: at(1) }));
    log.onEvent(output(RUN, " 10%\r 50%\r"));
    log.onEvent(output(RUN, "100%\r\nwindows line\r\n"));
    assert.deepEqual(printed.slice(1), ["#1 100%", "#1 windows line"]);
  });

  it("prints a step's error", () => {
    const { log, printed } = newLog();
    log.onEvent(vertex(RUN, "[2/2] RUN x", { started: at(1), completed: at(2), error: "exit code: 3" }));
    assert.deepEqual(printed, ["#1 [2/2] RUN x", "#1 ERROR: exit code: 3"]);
  });

  it("prints warnings with their detail", () => {
    const { log, printed } = newLog();
    log.onEvent(
      trace({ warnings: [{ vertex: RUN, short: Buffer.from("Empty continuation"), detail: [Buffer.from("d")] }] }),
    );
    assert.deepEqual(printed, ["WARNING: Empty continuation", "  d"]);
  });

  it("prints a task's progress once, when it completes", () => {
    const { log, printed } = newLog();
    log.onEvent(vertex(FROM, "[internal] load build context", { started: at(1) }));
    const task = { ID: "transferring context", vertex: FROM, started: at(1) };
    log.onEvent(trace({ statuses: [{ ...task, current: 100 }] }));
    log.onEvent(trace({ statuses: [{ ...task, current: 2500, completed: at(2) }] }));
    log.onEvent(trace({ statuses: [{ ...task, current: 2500, completed: at(2) }] }));
    assert.deepEqual(printed, ["#1 [internal] load build context", "#1 transferring context 2.50kB done"]);
  });

  it("prints a task by its id, as docker build does, not its name and id together", () => {
    const { log, printed } = newLog();
    log.onEvent(vertex(FROM, "[internal] load build context", { started: at(1) }));
    const task = { ID: "transferring context:", name: "transferring", vertex: FROM, started: at(1) };
    log.onEvent(trace({ statuses: [{ ...task, current: 163, completed: at(2) }] }));
    assert.deepEqual(printed, ["#1 [internal] load build context", "#1 transferring context: 163B done"]);
  });

  it("prints stream text, and captures the image ID from moby.image.id", () => {
    const { log, printed } = newLog();
    log.onEvent({ id: "moby.image.id", aux: { ID: "sha256:abc" } });
    log.onEvent({ stream: "Successfully tagged app:dev\n" });
    assert.equal(log.imageId, "sha256:abc");
    assert.deepEqual(printed, ["Successfully tagged app:dev"]);
  });

  it("ignores aux events it does not know", () => {
    const { log, printed } = newLog();
    log.onEvent({ id: "moby.buildkit.other", aux: "aGVsbG8=" } as unknown as ProgressEvent);
    log.onEvent({ id: "something", aux: { Tag: "x" } });
    assert.equal(log.imageId, undefined);
    assert.deepEqual(printed, []);
  });

  it("fails naming the failing step, with that step's last output lines", () => {
    const { log } = newLog();
    const error = failureAfter(log, [
      vertex(FROM, "[1/3] FROM busybox", { cached: true, started: at(1), completed: at(1) }),
      vertex("sha256:other", "[other 2/2] RUN sleep 9", { started: at(1) }),
      output("sha256:other", "not this one\n"),
      vertex(RUN, "[2/3] RUN exit 3", { started: at(1) }),
      ...Array.from({ length: 25 }, (_, i) => output(RUN, `line ${i + 1}\n`)),
      output(RUN, "no newline"),
      vertex(RUN, "[2/3] RUN exit 3", { started: at(1), completed: at(2), error: "exit code: 3" }),
      vertex("sha256:other", "[other 2/2] RUN sleep 9", {
        started: at(1),
        completed: at(2),
        error: "context canceled",
      }),
      { error: "executor failed: exit code: 3", errorDetail: { message: "executor failed: exit code: 3" } },
    ]);
    const lines = Array.from({ length: 19 }, (_, i) => `line ${i + 7}`).concat("no newline");
    assert.equal(
      error.message,
      `Build of "${IMAGE}" failed at step [2/3] RUN exit 3: executor failed: exit code: 3\n` +
        `Last lines of the build log:\n  ${lines.join("\n  ")}`,
    );
    assert.equal(error.image, IMAGE);
    assert.equal(log.daemonError, "executor failed: exit code: 3");
  });

  it("fails with the last printed lines when no step failed", () => {
    const { log } = newLog();
    const error = failureAfter(log, [
      vertex(FROM, "[internal] load build definition", { started: at(1), completed: at(1) }),
      { error: "dockerfile parse error line 2: unknown instruction: RUNN" },
    ]);
    assert.equal(
      error.message,
      `Build of "${IMAGE}" failed: dockerfile parse error line 2: unknown instruction: RUNN\n` +
        "Last lines of the build log:\n  #1 [internal] load build definition\n  #1 DONE 0.0s",
    );
  });

  it("reports a stream without an image ID as a BuildError", () => {
    const { log } = newLog();
    log.onEvent(vertex(RUN, "[2/2] RUN x", { started: at(1), completed: at(2) }));
    const error = log.noImageId();
    assert.ok(error instanceof BuildError);
    assert.match(error.message, /^Build of "localhost:5000\/app:dev" failed: the build stream ended without reporting/);
  });

  it("turns an unreadable trace into a BuildError that says so", () => {
    const { log } = newLog();
    const error = failureAfter(log, [{ id: "moby.buildkit.trace", aux: "%%%" } as unknown as ProgressEvent]);
    assert.match(error.message, /could not read the engine's BuildKit progress: the BuildKit trace is not base64/);
    assert.ok(error.cause instanceof Error);
  });

  it("exposes each step's times and cache flag by name", () => {
    const { log } = newLog();
    log.onEvent(vertex(FROM, "[1/2] FROM busybox", { cached: true, started: at(1), completed: at(1) }));
    log.onEvent(vertex(RUN, "[2/2] RUN x", { started: at(2), completed: at(3.5) }));
    assert.deepEqual(
      [...log.steps.values()],
      [
        { name: "[1/2] FROM busybox", cached: true, started: new Date(1000), completed: new Date(1000) },
        { name: "[2/2] RUN x", cached: false, started: new Date(2000), completed: new Date(3500) },
      ],
    );
  });
});
