import assert from "node:assert/strict";
import { PassThrough } from "node:stream";
import { describe, it } from "node:test";
import { readProgress, type ProgressEvent } from "../../../provider/engine/progress";

/** Reads `chunks` written to a fresh stream, one write each, and returns every event in the order received. */
async function eventsOf(chunks: readonly (string | Buffer)[]): Promise<ProgressEvent[]> {
  const stream = new PassThrough();
  const events: ProgressEvent[] = [];
  const done = readProgress(stream, (event) => events.push(event));
  for (const chunk of chunks) stream.write(chunk);
  stream.end();
  await done;
  return events;
}

describe("readProgress", () => {
  it("parses several events that arrive in one chunk, in order", async () => {
    const events = await eventsOf(['{"stream":"a\\n"}\n{"status":"b"}\r\n{"aux":{"ID":"sha256:c"}}\n']);
    assert.deepEqual(events, [{ stream: "a\n" }, { status: "b" }, { aux: { ID: "sha256:c" } }]);
  });

  it("joins an event split across chunks", async () => {
    const events = await eventsOf(['{"stre', 'am":"he', 'llo\\n"}\n{"status"', ':"done"}\n']);
    assert.deepEqual(events, [{ stream: "hello\n" }, { status: "done" }]);
  });

  it("parses a last event that has no newline after it", async () => {
    assert.deepEqual(await eventsOf(['{"status":"a"}\n{"status":"b"}']), [{ status: "a" }, { status: "b" }]);
  });

  it("skips blank lines", async () => {
    assert.deepEqual(await eventsOf(['\n  \n{"status":"a"}\n\n']), [{ status: "a" }]);
  });

  it("turns a line that is not JSON into a stream event", async () => {
    const events = await eventsOf(['{"status":"a"}\n', "plain text from a proxy  \n"]);
    assert.deepEqual(events, [{ status: "a" }, { stream: "plain text from a proxy\n" }]);
  });

  it("resolves with no events for an empty stream", async () => {
    assert.deepEqual(await eventsOf([]), []);
  });

  it("rejects with the error that onEvent throws, and reads no further", async () => {
    const stream = new PassThrough();
    const boom = new Error("boom");
    const seen: ProgressEvent[] = [];
    const done = readProgress(stream, (event) => {
      seen.push(event);
      if (event.error) throw boom;
    });
    stream.write('{"status":"a"}\n{"error":"failed"}\n{"status":"after"}\n');
    await assert.rejects(done, (error) => error === boom);
    assert.deepEqual(seen, [{ status: "a" }, { error: "failed" }]);
    assert.equal(stream.destroyed, true);
  });

  it("rejects with the error that onEvent throws for the last, unterminated event", async () => {
    const stream = new PassThrough();
    const boom = new Error("boom");
    const done = readProgress(stream, () => {
      throw boom;
    });
    stream.end('{"error":"failed"}');
    await assert.rejects(done, (error) => error === boom);
  });

  it("rejects when the stream fails", async () => {
    const stream = new PassThrough();
    const failure = new Error("socket hang up");
    const done = readProgress(stream, () => {});
    stream.write('{"status":"a"}\n');
    stream.destroy(failure);
    await assert.rejects(done, (error) => error === failure);
  });

  it("decodes a multi-byte character split across chunks", async () => {
    const bytes = Buffer.from('{"stream":"café ✓\\n"}\n');
    const cut = bytes.indexOf(Buffer.from("✓")) + 1;
    const events = await eventsOf([bytes.subarray(0, cut), bytes.subarray(cut)]);
    assert.deepEqual(events, [{ stream: "café ✓\n" }]);
  });
});
