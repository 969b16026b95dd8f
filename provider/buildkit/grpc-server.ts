/**
 * The gRPC server of a BuildKit session, on Node's HTTP/2: the engine's BuildKit is the client and calls the services
 * the session exposes over the connection the session hijacked. Only what the session's services need: unary and
 * bidirectional-streaming methods, uncompressed messages, metadata read from the request's headers, a status in the
 * trailers.
 *
 * A stream's messages are written to the HTTP/2 stream as they come, and Node writes what is waiting in one go: the
 * context's listing (one message per path, tens of thousands for a large context) leaves in batches instead of one
 * socket write per message, as a gRPC library that waits for each message's write before the next would send it.
 */

import { EventEmitter } from "node:events";
import * as http2 from "node:http2";
import type { Duplex } from "node:stream";
import { status, type MethodDefinition } from "@grpc/grpc-js";

/** A failure a handler answers with: the gRPC status code and its message (the trailers' `grpc-message`). */
export class GrpcError extends Error {
  constructor(
    /** The gRPC status code. */
    readonly code: status,
    message: string,
  ) {
    super(message);
    this.name = "GrpcError";
  }
}

/** A call's gRPC metadata, read from its request headers. */
export interface CallMetadata {
  /**
   * The values of a key. Node's HTTP/2 joins a header sent several times into one value with ", " (BuildKit sends one
   * header per value); see `metadataValues` in `filesync-service.ts` for how they are split back.
   */
  get(key: string): string[];
}

/** What a handler knows about its call besides the messages. */
export interface CallContext {
  /** The method's path, e.g. `/moby.filesync.v1.Auth/Credentials`. */
  readonly path: string;
  /** The call's metadata. */
  readonly metadata: CallMetadata;
}

/** A unary method's handler: the answer, or a `GrpcError` thrown (any other error answers UNKNOWN). */
export type UnaryHandler<Req, Res> = (request: Req, call: CallContext) => Res | Promise<Res>;

/** A bidirectional-streaming method's handler: it owns the call until it ends or fails it. */
export type StreamHandler<Req, Res> = (call: ServerStream<Req, Res>) => void;

/** The largest message a client may send (the session's clients send small packets and ssh-agent chunks). */
const MAX_RECEIVED_MESSAGE = 16 * 1024 * 1024;

/** The bytes of a status message as gRPC carries them in `grpc-message`: percent-encoded outside printable ASCII. */
function percentEncoded(message: string): string {
  let out = "";
  for (const byte of Buffer.from(message, "utf8")) {
    out +=
      byte >= 0x20 && byte <= 0x7e && byte !== 0x25
        ? String.fromCharCode(byte)
        : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

/** The headers of every answer. */
const RESPONSE_HEADERS = { ":status": 200, "content-type": "application/grpc+proto" } as const;

/** A status as gRPC's trailers carry it. */
function statusTrailers(code: status, message: string): http2.OutgoingHttpHeaders {
  return { "grpc-status": String(code), ...(message ? { "grpc-message": percentEncoded(message) } : {}) };
}

/** Ends a call that sent nothing with its status in the only HEADERS frame (gRPC's trailers-only response). */
function respondTrailersOnly(stream: http2.ServerHttp2Stream, code: status, message: string): void {
  stream.respond({ ...RESPONSE_HEADERS, ...statusTrailers(code, message) }, { endStream: true });
}

/** A message with gRPC's length prefix (uncompressed). */
function framed(message: Buffer): Buffer {
  const frame = Buffer.allocUnsafe(5 + message.length);
  frame[0] = 0;
  frame.writeUInt32BE(message.length, 1);
  message.copy(frame, 5);
  return frame;
}

/** Splits the bytes of a request stream into its length-prefixed messages, whatever the chunks' boundaries. */
class MessageReader {
  private pending: Buffer[] = [];
  private pendingBytes = 0;

  /** The messages completed by `chunk`; throws a `GrpcError` for a compressed or oversized message. */
  push(chunk: Buffer): Buffer[] {
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    const messages: Buffer[] = [];
    while (this.pendingBytes >= 5) {
      const head = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending);
      this.pending = [head];
      if (head[0] !== 0) throw new GrpcError(status.UNIMPLEMENTED, "compressed messages are not accepted");
      const length = head.readUInt32BE(1);
      if (length > MAX_RECEIVED_MESSAGE) {
        throw new GrpcError(status.RESOURCE_EXHAUSTED, `a message of ${length} bytes is larger than accepted`);
      }
      if (head.length < 5 + length) break;
      messages.push(head.subarray(5, 5 + length));
      const rest = head.subarray(5 + length);
      this.pending = rest.length > 0 ? [rest] : [];
      this.pendingBytes = rest.length;
    }
    return messages;
  }

  /** True when a message was cut short by the end of the stream. */
  get incomplete(): boolean {
    return this.pendingBytes > 0;
  }
}

/** A call's metadata from its request headers (as Node's HTTP/2 gives them: lower-case names, repeats joined). */
export function callMetadata(headers: http2.IncomingHttpHeaders): CallMetadata {
  return {
    get(key) {
      const value = headers[key.toLowerCase()];
      if (value === undefined) return [];
      return Array.isArray(value) ? value : [value];
    },
  };
}

/**
 * One bidirectional-streaming call. Events: `data` (each message received), `end` (the client sent all its
 * messages), `drain` (write may go on), `cancelled` (the call ended before the handler ended or failed it: the
 * client cancelled, the connection dropped) and `close` (the call is over, always last).
 */
export class ServerStream<Req, Res> extends EventEmitter implements CallContext {
  private headersSent = false;
  private finished = false;
  private trailers: http2.OutgoingHttpHeaders = {};

  constructor(
    private readonly stream: http2.ServerHttp2Stream,
    private readonly method: MethodDefinition<Req, Res>,
    /** The call's metadata. */
    readonly metadata: CallMetadata,
  ) {
    super();
    const reader = new MessageReader();
    stream.on("data", (chunk: Buffer) => {
      if (this.finished) return;
      let messages: Buffer[];
      try {
        messages = reader.push(chunk);
      } catch (error) {
        this.fail(error as GrpcError);
        return;
      }
      for (const message of messages) {
        let decoded: Req;
        try {
          decoded = method.requestDeserialize(message);
        } catch (error) {
          this.fail(new GrpcError(status.INTERNAL, `a message could not be read: ${(error as Error).message}`));
          return;
        }
        this.emit("data", decoded);
      }
    });
    // A client's cancel (RST_STREAM) ends the request stream too, just before Node marks the stream aborted: `end`
    // waits a turn of the event loop, so that a cancelled call is told `cancelled`, never `end`.
    stream.on("end", () =>
      setImmediate(() => {
        if (this.finished || stream.aborted) return;
        if (reader.incomplete) this.fail(new GrpcError(status.INTERNAL, "the last message was cut short"));
        else this.emit("end");
      }),
    );
    stream.on("aborted", () => this.cancelled());
    stream.on("drain", () => this.emit("drain"));
    stream.on("wantTrailers", () => stream.sendTrailers(this.trailers));
    stream.on("close", () => {
      this.cancelled();
      this.emit("close");
    });
  }

  /** The method's path. */
  get path(): string {
    return this.method.path;
  }

  /** True once the call ended, failed or was cancelled: writes are refused from then on. */
  get ended(): boolean {
    return this.finished;
  }

  /**
   * Sends a message; `false` when the stream's buffer is full (wait for `drain`) or the call is over (nothing sent).
   */
  write(message: Res): boolean {
    if (this.finished || this.stream.destroyed) return false;
    this.sendHeaders();
    return this.stream.write(framed(this.method.responseSerialize(message)));
  }

  /** Stops `data` events until `resume`, for back-pressure towards the client. */
  pause(): void {
    this.stream.pause();
  }

  /** Restarts `data` events after `pause`. */
  resume(): void {
    this.stream.resume();
  }

  /** Ends the call with status OK once what was written has left. */
  end(): void {
    this.finish(status.OK, "");
  }

  /** Ends the call with an error status (`GrpcError`'s code, else UNKNOWN) and its message. */
  fail(error: Error): void {
    this.finish(error instanceof GrpcError ? error.code : status.UNKNOWN, error.message);
  }

  private cancelled(): void {
    if (this.finished) return;
    this.finished = true;
    this.emit("cancelled");
  }

  private sendHeaders(): void {
    if (this.headersSent) return;
    this.headersSent = true;
    this.stream.respond(RESPONSE_HEADERS, { waitForTrailers: true });
  }

  private finish(code: status, message: string): void {
    if (this.finished) return;
    this.finished = true;
    if (this.stream.destroyed || this.stream.closed) return;
    if (!this.headersSent) {
      this.headersSent = true;
      respondTrailersOnly(this.stream, code, message);
      return;
    }
    this.trailers = statusTrailers(code, message);
    this.stream.end();
  }
}

/**
 * The session's gRPC server: methods registered by path, connections handed to `serve` (the hijacked session
 * connection, or a test's socket). Calls to a path that is not registered answer UNIMPLEMENTED.
 */
export class SessionGrpcServer {
  private readonly handlers = new Map<string, (stream: http2.ServerHttp2Stream, metadata: CallMetadata) => void>();
  private readonly sessions = new Set<http2.ServerHttp2Session>();
  // Node refuses new streams (BuildKit's health checks among them) once a session holds more than maxSessionMemory
  // (10 MB by default) of buffers; a large transfer must never come near that, so the bound is the process's own.
  private readonly server = http2.createServer({ maxSessionMemory: Number.MAX_SAFE_INTEGER });

  constructor() {
    this.server.on("session", (session) => {
      this.sessions.add(session);
      // A dropped connection ends the session's calls (their `cancelled`); it must not crash the process.
      session.on("error", () => undefined);
      session.on("close", () => this.sessions.delete(session));
    });
    this.server.on("stream", (stream, headers) => this.dispatch(stream, headers));
  }

  /** Serves a unary method. */
  unary<Req, Res>(method: MethodDefinition<Req, Res>, handler: UnaryHandler<Req, Res>): void {
    this.handlers.set(method.path, (stream, metadata) => {
      const call = new ServerStream(stream, method, metadata);
      const requests: Req[] = [];
      call.on("data", (request: Req) => requests.push(request));
      call.on("end", () => {
        if (requests.length !== 1) {
          call.fail(new GrpcError(status.UNIMPLEMENTED, `${method.path} takes one request, got ${requests.length}`));
          return;
        }
        Promise.resolve()
          .then(() => handler(requests[0]!, call))
          .then(
            (response) => {
              call.write(response);
              call.end();
            },
            (error: unknown) => call.fail(error instanceof Error ? error : new Error(String(error))),
          );
      });
    });
  }

  /** Serves a bidirectional-streaming method. */
  stream<Req, Res>(method: MethodDefinition<Req, Res>, handler: StreamHandler<Req, Res>): void {
    this.handlers.set(method.path, (stream, metadata) => handler(new ServerStream(stream, method, metadata)));
  }

  /** Speaks HTTP/2 (without TLS, as the session does inside the engine's connection) on `connection`. */
  serve(connection: Duplex): void {
    this.server.emit("connection", connection);
  }

  /** Ends every connection served (their calls are cancelled). */
  close(): void {
    for (const session of this.sessions) session.destroy();
    this.sessions.clear();
  }

  private dispatch(stream: http2.ServerHttp2Stream, headers: http2.IncomingHttpHeaders): void {
    // A reset stream ends its call (`cancelled`); it must not crash the process.
    stream.on("error", () => undefined);
    const path = headers[":path"] ?? "";
    const handler = this.handlers.get(path);
    if (handler === undefined) {
      respondTrailersOnly(stream, status.UNIMPLEMENTED, `${path} is not served`);
      return;
    }
    handler(stream, callMetadata(headers));
  }
}
