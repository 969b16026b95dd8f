import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { decodeTrace } from "../../../provider/buildkit/trace";
import { StatusResponseType } from "../../../provider/buildkit/trace-proto";

/** Base64 of a StatusResponse built from a plain object, as the engine sends it in `aux`. */
function encode(status: Record<string, unknown>): string {
  const message = StatusResponseType.fromObject(status);
  return Buffer.from(StatusResponseType.encode(message).finish()).toString("base64");
}

describe("decodeTrace", () => {
  it("decodes vertexes with their inputs, cache flag, times and error", () => {
    const status = decodeTrace(
      encode({
        vertexes: [
          {
            digest: "sha256:b",
            inputs: ["sha256:a"],
            name: "[2/3] RUN exit 3",
            started: { seconds: 1700000000, nanos: 250_000_000 },
            completed: { seconds: 1700000001, nanos: 750_000_000 },
            error: "exit code: 3",
          },
          { digest: "sha256:a", name: "[1/3] FROM busybox", cached: true },
        ],
      }),
    );
    assert.deepEqual(status.vertexes, [
      {
        digest: "sha256:b",
        inputs: ["sha256:a"],
        name: "[2/3] RUN exit 3",
        cached: false,
        started: new Date(1700000000250),
        completed: new Date(1700000001750),
        error: "exit code: 3",
      },
      { digest: "sha256:a", inputs: [], name: "[1/3] FROM busybox", cached: true },
    ]);
    assert.deepEqual([status.statuses, status.logs, status.warnings], [[], [], []]);
  });

  it("decodes statuses with 64-bit counts as numbers", () => {
    const status = decodeTrace(
      encode({
        statuses: [{ ID: "sha256:layer", vertex: "sha256:a", name: "extracting", current: 5_000_000_000, total: 6e9 }],
      }),
    );
    assert.deepEqual(status.statuses, [
      { id: "sha256:layer", vertex: "sha256:a", name: "extracting", current: 5_000_000_000, total: 6_000_000_000 },
    ]);
  });

  it("decodes logs as raw bytes with their stream and timestamp", () => {
    const bytes = Buffer.from([0x68, 0xc3, 0xa9, 0x0a, 0xff]);
    const [log] = decodeTrace(
      encode({ logs: [{ vertex: "sha256:a", stream: 2, msg: bytes, timestamp: { seconds: 10 } }] }),
    ).logs;
    assert.ok(log);
    assert.ok(Buffer.isBuffer(log.data));
    assert.deepEqual(log.data, bytes);
    assert.equal(log.stream, 2);
    assert.equal(log.vertex, "sha256:a");
    assert.deepEqual(log.timestamp, new Date(10_000));
  });

  it("decodes warnings into text", () => {
    const status = decodeTrace(
      encode({
        warnings: [
          {
            vertex: "sha256:a",
            level: 1,
            short: Buffer.from("FromAsCasing: 'as' and 'FROM' keywords' casing do not match"),
            detail: [Buffer.from("line one"), Buffer.from("line two")],
            url: "https://docs.docker.com/go/dockerfile/rule/from-as-casing/",
          },
        ],
      }),
    );
    assert.deepEqual(status.warnings, [
      {
        vertex: "sha256:a",
        level: 1,
        short: "FromAsCasing: 'as' and 'FROM' keywords' casing do not match",
        detail: ["line one", "line two"],
        url: "https://docs.docker.com/go/dockerfile/rule/from-as-casing/",
      },
    ]);
  });

  it("decodes an empty message into empty lists", () => {
    assert.deepEqual(decodeTrace(""), { vertexes: [], statuses: [], logs: [], warnings: [] });
  });

  it("rejects text that is not base64 with a clear error", () => {
    assert.throws(() => decodeTrace("not base64!"), /the BuildKit trace is not base64: "not base64!"/);
  });

  it("rejects bytes that are not a StatusResponse with a clear error", () => {
    // A length-delimited `vertexes` field that claims 127 bytes but has 1.
    const truncated = Buffer.from([0x0a, 0x7f, 0x00]).toString("base64");
    assert.throws(() => decodeTrace(truncated), /the BuildKit trace is not a StatusResponse: /);
  });
});
