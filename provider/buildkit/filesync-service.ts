import { status } from "@grpc/grpc-js";
import { FILESYNC_SERVICE, PacketType, type Packet, type Stat } from "./filesync-proto";
import { GrpcError, type CallMetadata, type ServerStream, type SessionGrpcServer } from "./grpc-server";

/** One path of a folder served to BuildKit: its wire description and, for a regular file, its content. */
export interface SyncedPath {
  /** What BuildKit is told about the path (exact name bytes, Go file mode, size, time). */
  readonly stat: Stat;
  /** The file's content, exactly `stat.size` bytes; only for regular files. Throws when it cannot be read whole. */
  content?(): AsyncIterable<Buffer>;
}

/** What BuildKit asked for in one DiffCopy call, from its gRPC metadata (BuildKit's `filesync` option keys). */
export interface SyncRequest {
  /** The folder's name: `context` or `dockerfile` for the Dockerfile frontend. */
  readonly dirName: string;
  /** Paths (and their symlinks' targets) to send, with everything inside them and their parent folders; empty: all. */
  readonly followPaths: readonly string[];
  /** `.dockerignore`-style patterns, of which a sent path must match one (or have a parent that does); empty: all. */
  readonly includePatterns: readonly string[];
  /** `.dockerignore`-style patterns of paths to leave out. */
  readonly excludePatterns: readonly string[];
}

/** What one DiffCopy call sent. */
export interface TransferReport {
  /** The folder's name. */
  readonly dirName: string;
  /** How many paths were listed to BuildKit. */
  readonly listed: number;
  /** How many files BuildKit asked for and got (the others it already had). */
  readonly filesSent: number;
  /** The content bytes sent. */
  readonly bytesSent: number;
}

/** The folders a session serves to BuildKit's local sources. */
export interface FileSyncSource {
  /**
   * The paths of a folder to send for a request, in any order (they are sent in fsutil's walk order), each parent
   * folder listed before anything inside it; `undefined` when no folder has that name.
   */
  list(request: SyncRequest): Promise<readonly SyncedPath[] | undefined>;
  /** Called when BuildKit has received everything it asked for in one call. */
  onTransfer?(report: TransferReport): void;
  /** True once `list` refused to serve a folder it has, so that the caller sends the files another way. */
  readonly refused?: boolean;
}

/**
 * A test-only observation point, never set by the library: when `current` is set, each DiffCopy calls it after every
 * chunk of file content it sends; returning `"cut"` cuts the whole session there, as a dropped connection would.
 */
export const fileSyncObserver: { current?: (sent: { dirName: string; bytesSent: number }) => "cut" | undefined } = {};

/** BuildKit's metadata keys (session/filesync). */
const KEY = {
  dirName: "dir-name",
  include: "include-patterns",
  exclude: "exclude-patterns",
  follow: "followpaths",
} as const;

/** Content is sent in chunks of at most this many bytes (BuildKit's gRPC client takes messages up to 4 MiB). */
const MAX_CHUNK = 256 * 1024;

/**
 * Every value of a metadata key. BuildKit sends one header per value; Node joins repeated headers into one with ", ".
 * BuildKit URL-escapes every value of a key (then `<key>-encoded: 1`) when one is not ASCII, so commas inside values
 * are escaped and the join splits back exactly. Plain ASCII values may hold ", " themselves: then every run of
 * neighbouring pieces is kept too, so the set asked for is never smaller than what BuildKit meant (these values only
 * select what to send; one more path sent is harmless, one missing would fail the build).
 */
export function metadataValues(metadata: CallMetadata, key: string): string[] {
  const raw = metadata.get(key).map(String);
  const encoded = metadata.get(`${key}-encoded`).map(String)[0];
  if (encoded === "1" || encoded === "true") {
    return raw.flatMap((v) => v.split(",")).map((v) => decodeURIComponent(v.trim().replace(/\+/g, " ")));
  }
  const values: string[] = [];
  for (const value of raw) {
    const pieces = value.split(", ");
    for (let start = 0; start < pieces.length; start++) {
      for (let end = start + 1; end <= pieces.length; end++) values.push(pieces.slice(start, end).join(", "));
    }
  }
  return [...new Set(values)];
}

/** The request a DiffCopy call makes, read from its metadata. */
export function syncRequest(metadata: CallMetadata): SyncRequest {
  return {
    dirName: metadataValues(metadata, KEY.dirName)[0] ?? "",
    followPaths: metadataValues(metadata, KEY.follow),
    includePatterns: metadataValues(metadata, KEY.include),
    excludePatterns: metadataValues(metadata, KEY.exclude),
  };
}

/**
 * The key fsutil's walk order sorts by: the path's bytes with `/` lowest, so a folder's contents come right after
 * it (`a`, `a/b`, `a-b`) as BuildKit's receiver requires.
 */
function walkOrderKey(path: Buffer): Buffer {
  const key = Buffer.from(path);
  for (let i = 0; i < key.length; i++) if (key[i] === 0x2f) key[i] = 0;
  return key;
}

/** Paths in fsutil's walk order. */
export function inWalkOrder(paths: readonly SyncedPath[]): SyncedPath[] {
  const keyed = paths.map((path) => ({ path, key: walkOrderKey(path.stat.path) }));
  keyed.sort((a, b) => Buffer.compare(a.key, b.key));
  return keyed.map(({ path }) => path);
}

/** Go's `os.ModeType`: a path with none of these bits is a regular file, whose content BuildKit may ask for. */
const GO_MODE_TYPE = 0x8f280000;

function isRegular(stat: Stat): boolean {
  return (stat.mode & GO_MODE_TYPE) === 0;
}

/**
 * The sending side of fsutil's DiffCopy protocol on one call: lists every path (STAT packets, then an empty STAT),
 * sends each file BuildKit requests (DATA packets, then an empty DATA), answers BuildKit's FIN with a FIN and ends.
 * Anything that fails (a file that cannot be read, the call cut) sends an ERR packet where possible and ends the call
 * with an error status; BuildKit then fails the build with that message.
 */
class DiffCopySender {
  private readonly files = new Map<number, SyncedPath>();
  private readonly requested: number[] = [];
  private sending = false;
  private done = false;
  private filesSent = 0;
  private bytesSent = 0;
  private listed = 0;

  constructor(
    private readonly call: ServerStream<Packet, Packet>,
    private readonly request: SyncRequest,
    private readonly source: FileSyncSource,
    private readonly cutSession: () => void,
  ) {}

  start(): void {
    this.call.on("data", (packet: Packet) => this.received(packet));
    this.call.on("cancelled", () => this.stop());
    this.call.on("close", () => this.stop());
    this.list().catch((error: unknown) => this.fail(error));
  }

  private stop(): void {
    this.done = true;
  }

  private async list(): Promise<void> {
    const paths = await this.source.list(this.request);
    if (paths === undefined) {
      this.done = true;
      this.call.fail(new GrpcError(status.NOT_FOUND, `no access allowed to dir "${this.request.dirName}"`));
      return;
    }
    const ordered = inWalkOrder(paths);
    this.listed = ordered.length;
    for (const [id, path] of ordered.entries()) {
      if (isRegular(path.stat)) this.files.set(id, path);
      await this.write({ type: PacketType.STAT, stat: path.stat });
    }
    await this.write({ type: PacketType.STAT });
  }

  private received(packet: Packet): void {
    if (this.done) return;
    switch (packet.type) {
      case PacketType.REQ:
        this.requested.push(packet.id ?? 0);
        if (!this.sending) this.sendRequested().catch((error: unknown) => this.fail(error));
        return;
      case PacketType.FIN:
        this.finish().catch((error: unknown) => this.fail(error));
        return;
      case PacketType.ERR:
        this.fail(new Error(`BuildKit failed to receive the files: ${packet.data?.toString("utf8") ?? ""}`), false);
        return;
      default:
        return;
    }
  }

  private async sendRequested(): Promise<void> {
    this.sending = true;
    try {
      for (let id = this.requested.shift(); id !== undefined; id = this.requested.shift()) {
        const path = this.files.get(id);
        if (path?.content === undefined) throw new Error(`BuildKit asked for file id ${id}, which was not listed`);
        this.files.delete(id);
        for await (const content of path.content()) {
          for (let offset = 0; offset < content.length; offset += MAX_CHUNK) {
            const data = content.subarray(offset, offset + MAX_CHUNK);
            await this.write({ type: PacketType.DATA, id, data });
            this.bytesSent += data.length;
            const verdict = fileSyncObserver.current?.({ dirName: this.request.dirName, bytesSent: this.bytesSent });
            if (verdict === "cut") this.cutSession();
          }
        }
        await this.write({ type: PacketType.DATA, id });
        this.filesSent++;
      }
    } finally {
      this.sending = false;
    }
  }

  private async finish(): Promise<void> {
    await this.write({ type: PacketType.FIN });
    this.done = true;
    this.call.end();
    this.source.onTransfer?.({
      dirName: this.request.dirName,
      listed: this.listed,
      filesSent: this.filesSent,
      bytesSent: this.bytesSent,
    });
  }

  /** Writes one packet, waiting while the call's buffer is full; throws once the call has ended. */
  private async write(packet: Packet): Promise<void> {
    if (this.done) throw new Error("the transfer of the build context ended early");
    if (this.call.write(packet)) return;
    if (this.call.ended) throw new Error("the transfer of the build context ended early");
    await new Promise<void>((resolve, reject) => {
      const settle = (error?: Error) => {
        this.call.off("drain", onDrain);
        this.call.off("close", onClose);
        this.call.off("cancelled", onClose);
        if (error) reject(error);
        else resolve();
      };
      const onDrain = () => settle();
      const onClose = () => settle(new Error("the transfer of the build context ended early"));
      this.call.on("drain", onDrain);
      this.call.on("close", onClose);
      this.call.on("cancelled", onClose);
    });
  }

  private fail(error: unknown, tellReceiver = true): void {
    if (this.done) return;
    const message = error instanceof Error ? error.message : String(error);
    if (tellReceiver) this.call.write({ type: PacketType.ERR, data: Buffer.from(message, "utf8") });
    this.done = true;
    this.call.fail(new GrpcError(status.UNKNOWN, message));
  }
}

/**
 * Serves `moby.filesync.v1.FileSync/DiffCopy` from `source`: BuildKit's local sources (the build context and the
 * Dockerfile) call it, compare the listing with what they kept from the last build under the session's shared key,
 * and ask only for the files whose size, time or mode changed. `cutSession` drops the whole session (test hook only).
 */
export function addFileSyncService(server: SessionGrpcServer, source: FileSyncSource, cutSession: () => void): void {
  server.stream(FILESYNC_SERVICE.DiffCopy, (call) => {
    new DiffCopySender(call, syncRequest(call.metadata), source, cutSession).start();
  });
}
