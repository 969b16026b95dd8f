import type * as TraceProto from "./trace-proto";

let traceProto: typeof TraceProto | undefined;

/** The StatusResponse message type, compiled on first use (about 20 ms): a preview never decodes a trace. */
function statusResponseType(): typeof TraceProto.StatusResponseType {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded lazily on purpose
  traceProto ??= require("./trace-proto") as typeof TraceProto;
  return traceProto.StatusResponseType;
}

/** One step of the build graph (a BuildKit vertex), as reported so far. */
export interface BuildkitVertex {
  /** The vertex's content digest, which statuses, logs and warnings refer to. */
  readonly digest: string;
  /** Digests of the vertexes this one depends on. */
  readonly inputs: readonly string[];
  /** The step's display name, e.g. `[2/5] RUN npm ci` or `[internal] load build context`. */
  readonly name: string;
  /** Whether the step's result came from the build cache. */
  readonly cached: boolean;
  /** When the step started, once it has. */
  readonly started?: Date;
  /** When the step finished (successfully or not), once it has. */
  readonly completed?: Date;
  /** The step's error message, when it failed (or was cancelled). */
  readonly error?: string;
}

/** Byte or item progress of one task inside a vertex (a layer download, a context transfer). */
export interface BuildkitVertexStatus {
  /** The task's ID, e.g. a layer digest or `transferring context`. */
  readonly id: string;
  /** Digest of the vertex the task belongs to. */
  readonly vertex: string;
  /** The task's display name, e.g. `extracting`, when it has one. */
  readonly name: string;
  /** Units done so far (usually bytes). */
  readonly current: number;
  /** Units in all, or 0 when unknown. */
  readonly total: number;
  /** When this status was taken. */
  readonly timestamp?: Date;
  /** When the task started. */
  readonly started?: Date;
  /** When the task finished, once it has. */
  readonly completed?: Date;
}

/** A chunk of a step's output (not necessarily whole lines). */
export interface BuildkitLogChunk {
  /** Digest of the vertex that wrote it. */
  readonly vertex: string;
  /** The output stream: 1 stdout, 2 stderr. */
  readonly stream: number;
  /** The raw bytes written. */
  readonly data: Buffer;
  /** When the chunk was written. */
  readonly timestamp?: Date;
}

/** A warning BuildKit raised about a step (e.g. a Dockerfile lint rule). */
export interface BuildkitWarning {
  /** Digest of the vertex the warning is about. */
  readonly vertex: string;
  /** The warning's severity level. */
  readonly level: number;
  /** The one-line warning text. */
  readonly short: string;
  /** Further lines explaining the warning. */
  readonly detail: readonly string[];
  /** A link to more information, or "" when there is none. */
  readonly url: string;
}

/** One decoded `moby.buildkit.trace` message: the changes since the previous one. */
export interface BuildkitStatus {
  /** Vertexes that were added or changed. */
  readonly vertexes: readonly BuildkitVertex[];
  /** Task progress updates. */
  readonly statuses: readonly BuildkitVertexStatus[];
  /** Output chunks written by steps. */
  readonly logs: readonly BuildkitLogChunk[];
  /** Warnings raised. */
  readonly warnings: readonly BuildkitWarning[];
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Decodes the `aux` of a `moby.buildkit.trace` event (base64 of a protobuf `moby.buildkit.v1.StatusResponse`).
 * Throws an Error saying what is wrong when the text is not base64 or the bytes are not a StatusResponse.
 */
export function decodeTrace(aux: string): BuildkitStatus {
  const text = aux.replace(/\s+/g, "");
  if (!BASE64.test(text) || text.length % 4 === 1) {
    throw new Error(`the BuildKit trace is not base64: ${JSON.stringify(aux.slice(0, 40))}`);
  }
  let raw: Record<string, unknown>;
  try {
    const type = statusResponseType();
    raw = type.toObject(type.decode(Buffer.from(text, "base64")), { longs: Number, arrays: true });
  } catch (error) {
    throw new Error(`the BuildKit trace is not a StatusResponse: ${(error as Error).message}`, { cause: error });
  }
  return {
    vertexes: list(raw.vertexes).map(vertex),
    statuses: list(raw.statuses).map(vertexStatus),
    logs: list(raw.logs).map(logChunk),
    warnings: list(raw.warnings).map(warning),
  };
}

type Raw = Record<string, unknown>;

function list(value: unknown): Raw[] {
  return Array.isArray(value) ? (value as Raw[]) : [];
}

function vertex(raw: Raw): BuildkitVertex {
  return withoutUndefined({
    digest: text(raw.digest),
    inputs: list(raw.inputs).map(text),
    name: text(raw.name),
    cached: raw.cached === true,
    started: date(raw.started),
    completed: date(raw.completed),
    error: text(raw.error) || undefined,
  });
}

function vertexStatus(raw: Raw): BuildkitVertexStatus {
  return withoutUndefined({
    id: text(raw.ID),
    vertex: text(raw.vertex),
    name: text(raw.name),
    current: count(raw.current),
    total: count(raw.total),
    timestamp: date(raw.timestamp),
    started: date(raw.started),
    completed: date(raw.completed),
  });
}

function logChunk(raw: Raw): BuildkitLogChunk {
  return withoutUndefined({
    vertex: text(raw.vertex),
    stream: count(raw.stream),
    data: bytes(raw.msg),
    timestamp: date(raw.timestamp),
  });
}

function warning(raw: Raw): BuildkitWarning {
  return {
    vertex: text(raw.vertex),
    level: count(raw.level),
    short: bytes(raw.short).toString("utf8"),
    detail: list(raw.detail).map((d) => bytes(d).toString("utf8")),
    url: text(raw.url),
  };
}

function text(value: unknown): string {
  return typeof value === "string" ? value : "";
}

function count(value: unknown): number {
  return typeof value === "number" ? value : 0;
}

function bytes(value: unknown): Buffer {
  if (value instanceof Uint8Array) return Buffer.from(value);
  return Buffer.alloc(0);
}

function date(value: unknown): Date | undefined {
  if (value === null || typeof value !== "object") return undefined;
  const { seconds, nanos } = value as { seconds?: unknown; nanos?: unknown };
  return new Date(count(seconds) * 1000 + Math.floor(count(nanos) / 1e6));
}

/** Drops undefined values so optional fields are absent rather than present and undefined (deepEqual-friendly). */
function withoutUndefined<T extends object>(value: T): T {
  for (const key of Object.keys(value) as (keyof T)[]) if (value[key] === undefined) delete value[key];
  return value;
}
