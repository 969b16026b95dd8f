import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { RegistryUnreachableError } from "../../../provider/core/errors";
import { PushLog } from "../../../provider/image-push/push-log";
import { registryWatch } from "../../../provider/image-push/registry-watch";

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe("registryWatch", () => {
  it("reports the registry down when a probe during the engine's retries finds it unreachable", async () => {
    const down = new RegistryUnreachableError(
      'Cannot reach registry "127.0.0.1:1" at http://127.0.0.1:1: ECONNREFUSED.',
    );
    const seen: Error[] = [];
    const watch = registryWatch(
      "127.0.0.1:1",
      "team/app",
      (e) => seen.push(e),
      async () => down,
    );
    watch();
    await settle();
    assert.deepEqual(seen, [down]);
  });

  it("leaves a registry that still answers to the engine's retries, probing at most once in a while", async () => {
    let probes = 0;
    const watch = registryWatch(
      "localhost:5000",
      "team/app",
      () => assert.fail("reported down"),
      async () => {
        probes++;
        return undefined;
      },
    );
    watch();
    watch();
    await settle();
    watch();
    await settle();
    assert.equal(probes, 1);
  });
});

describe("PushLog while the engine retries", () => {
  it("tells of each retry line and fails the next event once stopped", () => {
    let retries = 0;
    const log = new PushLog(
      "localhost:5000/app:dev",
      "localhost:5000",
      () => undefined,
      () => retries++,
    );
    log.onEvent({ id: "abc", status: "Retrying in 5 seconds" });
    log.onEvent({ id: "abc", status: "Retrying in 4 seconds" });
    assert.equal(retries, 2);
    log.stop(log.failure("Cannot reach registry"));
    assert.throws(
      () => log.onEvent({ id: "abc", status: "Retrying in 3 seconds" }),
      /Push of "localhost:5000\/app:dev" to localhost:5000 failed: Cannot reach registry/,
    );
  });
});
