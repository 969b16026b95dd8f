import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import {
  credentials,
  makeGenericClientConstructor,
  Metadata,
  status,
  type Client,
  type ClientDuplexStream,
  type ServiceError,
} from "@grpc/grpc-js";
import { GrpcError, SessionGrpcServer, type ServerStream } from "../../../provider/buildkit/grpc-server";
import { HEALTH_SERVICE, SSH_SERVICE, type BytesMessage } from "../../../provider/buildkit/session-proto";

// The session's gRPC server spoken to by an independent gRPC implementation (grpc-js's client), on a unix socket.
describe("the session's gRPC server", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "pdd-grpc-server-"));
  const server = new SessionGrpcServer();
  const listener = createServer((socket) => server.serve(socket));
  const clients: Client[] = [];
  const streams: ServerStream<BytesMessage, BytesMessage>[] = [];
  let healthAnswer: () => { status: number } = () => ({ status: 1 });

  before(async () => {
    server.unary(HEALTH_SERVICE.Check, () => healthAnswer());
    // An echo stream: every message back, reversed, and the metadata's `echo-id` as a last message.
    server.stream(SSH_SERVICE.ForwardAgent, (call) => {
      streams.push(call);
      call.on("data", (message: BytesMessage) => call.write({ data: Buffer.from(message.data).reverse() }));
      call.on("end", () => {
        call.write({ data: Buffer.from(call.metadata.get("echo-id").join("|")) });
        call.end();
      });
    });
    await new Promise<void>((resolve, reject) => listener.once("error", reject).listen(`${dir}/s.sock`, resolve));
  });
  after(() => {
    clients.forEach((c) => c.close());
    server.close();
    listener.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function client(service: typeof HEALTH_SERVICE | typeof SSH_SERVICE) {
    const made = new (makeGenericClientConstructor(service, "test"))(
      `unix:${dir}/s.sock`,
      credentials.createInsecure(),
    );
    clients.push(made);
    return made as unknown as Record<string, (...args: unknown[]) => unknown>;
  }

  function check(): Promise<{ error?: ServiceError; response?: unknown }> {
    return new Promise((resolve) =>
      client(HEALTH_SERVICE).Check!({ service: "" }, (error: ServiceError | null, response: unknown) =>
        resolve(error ? { error } : { response }),
      ),
    );
  }

  it("answers a unary call, and a thrown GrpcError with its code and its message, non-ASCII kept", async () => {
    assert.deepEqual(await check(), { response: { status: 1 } });
    healthAnswer = () => {
      throw new GrpcError(status.NOT_FOUND, "no secret « é » 100%");
    };
    const { error } = await check();
    assert.equal(error?.code, status.NOT_FOUND);
    assert.equal(error?.details, "no secret « é » 100%");
    healthAnswer = () => {
      throw new Error("plain failure");
    };
    assert.equal((await check()).error?.code, status.UNKNOWN);
    healthAnswer = () => ({ status: 1 });
  });

  it("answers UNIMPLEMENTED for a method it does not serve", async () => {
    const unserved = { ...HEALTH_SERVICE.Check, path: "/grpc.health.v1.Health/Watch" };
    const made = new (makeGenericClientConstructor({ Watch: unserved }, "test"))(
      `unix:${dir}/s.sock`,
      credentials.createInsecure(),
    );
    clients.push(made);
    const error = await new Promise<ServiceError | null>((resolve) =>
      (made as unknown as Record<string, (r: object, cb: (e: ServiceError | null) => void) => void>).Watch!(
        { service: "" },
        resolve,
      ),
    );
    assert.equal(error?.code, status.UNIMPLEMENTED);
    assert.match(error?.details ?? "", /Health\/Watch is not served/);
  });

  it("streams both ways: large messages split across frames, many small ones, the metadata, an OK status", async () => {
    const metadata = new Metadata();
    metadata.add("echo-id", "one");
    const call = client(SSH_SERVICE).ForwardAgent!(metadata) as ClientDuplexStream<BytesMessage, BytesMessage>;
    const received: Buffer[] = [];
    const ended = new Promise<{ code: number }>((resolve) => call.on("status", resolve));
    call.on("data", (message: BytesMessage) => received.push(Buffer.from(message.data)));
    const big = Buffer.alloc(300_000);
    for (let i = 0; i < big.length; i++) big[i] = i % 251;
    call.write({ data: big });
    for (let i = 0; i < 1000; i++) call.write({ data: Buffer.from(`m${i}`) });
    call.end();
    assert.equal((await ended).code, status.OK);
    assert.equal(received.length, 1002);
    assert.ok(received[0]!.equals(Buffer.from(big).reverse()), "the 300 KB message came back whole");
    assert.equal(received[1]!.toString(), "0m");
    assert.equal(received[1000]!.toString(), "999m");
    assert.equal(received[1001]!.toString(), "one");
  });

  it("tells a stream's handler that the client cancelled it", async () => {
    const call = client(SSH_SERVICE).ForwardAgent!(new Metadata()) as ClientDuplexStream<BytesMessage, BytesMessage>;
    call.on("error", () => undefined);
    call.write({ data: Buffer.from("x") });
    await new Promise((resolve) => call.once("data", resolve));
    const served = streams.at(-1)!;
    const cancelled = new Promise((resolve) => served.once("cancelled", resolve));
    call.cancel();
    await cancelled;
    assert.equal(served.ended, true);
    assert.equal(served.write({ data: Buffer.from("late") }), false, "a write after the cancel sends nothing");
  });
});
