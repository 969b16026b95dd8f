import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ProgressEvent } from "../../../provider/engine/progress";
import { PushError, RegistryAuthError } from "../../../provider/core/errors";
import { PushLog } from "../../../provider/image-push/push-log";

const REFERENCE = "localhost:5000/app:dev";
const REGISTRY = "localhost:5000";
const DIGEST = `sha256:${"0123456789abcdef".repeat(4)}`;

function newLog(): { log: PushLog; printed: string[] } {
  const printed: string[] = [];
  return { log: new PushLog(REFERENCE, REGISTRY, (line) => printed.push(line)), printed };
}

function thrownBy(event: ProgressEvent): unknown {
  try {
    newLog().log.onEvent(event);
  } catch (error) {
    return error;
  }
  assert.fail("the event did not throw");
}

describe("PushLog", () => {
  it("takes the digest from the aux event", () => {
    const { log } = newLog();
    log.onEvent({ aux: { Tag: "dev", Digest: DIGEST, Size: 528 } });
    assert.equal(log.digest, DIGEST);
  });

  it("takes the digest from the status line when no aux event came", () => {
    const { log } = newLog();
    log.onEvent({ status: `dev: digest: ${DIGEST} size: 528` });
    assert.equal(log.digest, DIGEST);
  });

  it("ignores a status line whose digest is not a full sha256", () => {
    const { log } = newLog();
    log.onEvent({ status: "dev: digest: sha256:abc size: 528" });
    assert.equal(log.digest, undefined);
  });

  it("prints status lines and a layer's outcome with the reference, but not progress bars, Preparing or repeats", () => {
    const { log, printed } = newLog();
    const events: ProgressEvent[] = [
      { status: "The push refers to repository [localhost:5000/app]" },
      { status: "Preparing", id: "a1" },
      { status: "Pushing", id: "a1", progress: "[==>   ] 1MB/3MB" },
      { status: "Pushing", id: "a1", progress: "[=====>] 3MB/3MB" },
      { status: "Pushed", id: "a1" },
      { status: "Pushed", id: "a1" },
    ];
    for (const event of events) log.onEvent(event);
    assert.deepEqual(printed, [
      `[${REFERENCE}] The push refers to repository [localhost:5000/app]`,
      `[${REFERENCE}] a1: pushed`,
    ]);
  });

  for (const message of [
    "unauthorized: authentication required",
    "denied: requested access to the resource is denied",
    "no basic auth credentials",
  ]) {
    it(`raises a RegistryAuthError that names the registry for "${message}"`, () => {
      const error = thrownBy({ errorDetail: { message }, error: message });
      assert.ok(error instanceof RegistryAuthError, String(error));
      assert.equal(error.image, REFERENCE);
      assert.match(error.message, new RegExp(`Push of "${REFERENCE}" to ${REGISTRY} failed: ${message}`));
      assert.match(error.message, new RegExp(`authentication with ${REGISTRY} failed`));
      assert.match(error.message, /docker login/);
    });
  }

  it("raises a PushError that names the reference and the registry for other errors", () => {
    const error = thrownBy({ error: "received unexpected HTTP status: 500 Internal Server Error" });
    assert.ok(error instanceof PushError, String(error));
    assert.equal(error.image, REFERENCE);
    assert.equal(
      error.message,
      `Push of "${REFERENCE}" to ${REGISTRY} failed: received unexpected HTTP status: 500 Internal Server Error`,
    );
  });

  it("prefers the errorDetail message over the error text", () => {
    const error = thrownBy({ errorDetail: { message: "detail" }, error: "summary" });
    assert.ok(error instanceof Error);
    assert.match(error.message, /failed: detail$/);
  });

  it("keeps the cause of a failure", () => {
    const cause = new Error("socket hang up");
    assert.equal(newLog().log.failure("connection lost", cause).cause, cause);
  });
});
