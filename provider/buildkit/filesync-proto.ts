import type { MethodDefinition, ServiceDefinition } from "@grpc/grpc-js";

// The wire format of `moby.filesync.v1.FileSync/DiffCopy`, written from fsutil's types/wire.proto and types/stat.proto
// (the versions BuildKit v0.34.2 pins). Encoded by hand rather than with protobufjs: paths are the exact bytes the
// filesystem stores (not always UTF-8) and times are 64-bit nanoseconds, neither of which a JS string or number holds.

/** `fsutil.types.Packet.PacketType`. */
export const PacketType = { STAT: 0, REQ: 1, DATA: 2, FIN: 3, ERR: 4 } as const;

/** `fsutil.types.Stat`: one path of the tree being sent. */
export interface Stat {
  /** Slash-separated path relative to the synced folder, as exact bytes. */
  readonly path: Buffer;
  /** Go's `os.FileMode`: permission bits plus type and special bits (see `goFileMode`). */
  readonly mode: number;
  /** Owner; the build sees 0 (root) as with the docker CLI. */
  readonly uid: number;
  /** Group; 0 as with the docker CLI. */
  readonly gid: number;
  /** Size in bytes (the target's length for a symlink, 0 for a folder). */
  readonly size: number;
  /** Modification time in nanoseconds since the epoch. */
  readonly modTimeNs: bigint;
  /** A symlink's target as exact bytes. */
  readonly linkname?: Buffer;
}

/** `fsutil.types.Packet`: one message of the DiffCopy stream, either way. */
export interface Packet {
  /** One of `PacketType`. */
  readonly type: number;
  /** The path described, for STAT; absent on the STAT that ends the listing. */
  readonly stat?: Stat;
  /** For REQ and DATA: the file's index in the STAT sequence. */
  readonly id?: number;
  /** For DATA: a chunk of the file (empty at its end); for ERR: the message. */
  readonly data?: Buffer;
}

/** Go's `os.FileMode` type bits, as fsutil sends them. */
const GO_MODE = { dir: 2 ** 31, symlink: 2 ** 27, setuid: 2 ** 23, setgid: 2 ** 22, sticky: 2 ** 20 } as const;

/** Go's `os.FileMode` of a path of kind `kind` with unix permission bits `mode` (`& 0o7777`). */
export function goFileMode(kind: "file" | "dir" | "symlink", mode: number): number {
  let bits = mode & 0o777;
  if (mode & 0o4000) bits += GO_MODE.setuid;
  if (mode & 0o2000) bits += GO_MODE.setgid;
  if (mode & 0o1000) bits += GO_MODE.sticky;
  if (kind === "dir") bits += GO_MODE.dir;
  if (kind === "symlink") bits += GO_MODE.symlink;
  return bits;
}

class Writer {
  private readonly parts: Buffer[] = [];
  private length = 0;

  private push(bytes: Buffer): void {
    this.parts.push(bytes);
    this.length += bytes.length;
  }

  varint(value: bigint | number): void {
    let v = BigInt.asUintN(64, BigInt(value));
    const bytes: number[] = [];
    while (v >= 0x80n) {
      bytes.push(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    bytes.push(Number(v));
    this.push(Buffer.from(bytes));
  }

  /** A varint field, left out when zero (proto3). */
  uint(field: number, value: bigint | number): void {
    if (value === 0 || value === 0n) return;
    this.varint(field << 3);
    this.varint(value);
  }

  /** A length-delimited field, left out when empty (proto3). */
  bytes(field: number, value: Buffer | undefined, always = false): void {
    if (value === undefined || (value.length === 0 && !always)) return;
    this.varint((field << 3) | 2);
    this.varint(value.length);
    this.push(value);
  }

  finish(): Buffer {
    return Buffer.concat(this.parts, this.length);
  }
}

function encodeStat(stat: Stat): Buffer {
  const w = new Writer();
  w.bytes(1, stat.path);
  w.uint(2, stat.mode);
  w.uint(3, stat.uid);
  w.uint(4, stat.gid);
  w.uint(5, stat.size);
  w.uint(6, stat.modTimeNs);
  w.bytes(7, stat.linkname);
  return w.finish();
}

/** A packet as DiffCopy's wire bytes. */
export function encodePacket(packet: Packet): Buffer {
  const w = new Writer();
  w.uint(1, packet.type);
  if (packet.stat !== undefined) w.bytes(2, encodeStat(packet.stat), true);
  w.uint(3, packet.id ?? 0);
  w.bytes(4, packet.data);
  return w.finish();
}

/** Reads one varint at `offset`; returns its value and the offset after it. */
function readVarint(bytes: Buffer, offset: number): [bigint, number] {
  let value = 0n;
  for (let shift = 0n; offset < bytes.length; shift += 7n) {
    const byte = bytes[offset++]!;
    value |= BigInt(byte & 0x7f) << shift;
    if (byte < 0x80) return [value, offset];
  }
  throw new Error("truncated varint in a DiffCopy packet");
}

/** Calls `onField` with each field of a protobuf message: its number and its varint value or bytes. */
function readFields(bytes: Buffer, onField: (field: number, value: bigint | Buffer) => void): void {
  for (let offset = 0; offset < bytes.length;) {
    const [key, next] = readVarint(bytes, offset);
    offset = next;
    const field = Number(key >> 3n);
    const wire = Number(key & 7n);
    if (wire === 0) {
      const [value, after] = readVarint(bytes, offset);
      offset = after;
      onField(field, value);
    } else if (wire === 2) {
      const [length, after] = readVarint(bytes, offset);
      const end = after + Number(length);
      if (end > bytes.length) throw new Error("truncated field in a DiffCopy packet");
      onField(field, bytes.subarray(after, end));
      offset = end;
    } else if (wire === 5) {
      offset += 4;
    } else if (wire === 1) {
      offset += 8;
    } else {
      throw new Error(`unexpected wire type ${wire} in a DiffCopy packet`);
    }
  }
}

function decodeStat(bytes: Buffer): Stat {
  const stat = { path: Buffer.alloc(0), mode: 0, uid: 0, gid: 0, size: 0, modTimeNs: 0n } as {
    -readonly [K in keyof Stat]: Stat[K];
  };
  readFields(bytes, (field, value) => {
    if (typeof value === "bigint") {
      if (field === 2) stat.mode = Number(BigInt.asUintN(32, value));
      if (field === 3) stat.uid = Number(BigInt.asUintN(32, value));
      if (field === 4) stat.gid = Number(BigInt.asUintN(32, value));
      if (field === 5) stat.size = Number(BigInt.asIntN(64, value));
      if (field === 6) stat.modTimeNs = BigInt.asIntN(64, value);
    } else {
      if (field === 1) stat.path = value;
      if (field === 7) stat.linkname = value;
    }
  });
  return stat;
}

/** A packet from DiffCopy's wire bytes (fields it does not know, such as a stat's xattrs, are skipped). */
export function decodePacket(bytes: Buffer): Packet {
  let type = 0;
  let id = 0;
  let data: Buffer | undefined;
  let stat: Stat | undefined;
  readFields(bytes, (field, value) => {
    if (typeof value === "bigint") {
      if (field === 1) type = Number(value);
      if (field === 3) id = Number(BigInt.asUintN(32, value));
    } else {
      if (field === 2) stat = decodeStat(value);
      if (field === 4) data = value;
    }
  });
  return { type, id, ...(stat === undefined ? {} : { stat }), ...(data === undefined ? {} : { data }) };
}

const FILESYNC = "moby.filesync.v1.FileSync";

/** `moby.filesync.v1.FileSync`: only `DiffCopy`, the protocol BuildKit's local sources use. */
export const FILESYNC_SERVICE = {
  DiffCopy: {
    path: `/${FILESYNC}/DiffCopy`,
    originalName: "DiffCopy",
    requestStream: true,
    responseStream: true,
    requestSerialize: encodePacket,
    requestDeserialize: decodePacket,
    responseSerialize: encodePacket,
    responseDeserialize: decodePacket,
  } satisfies MethodDefinition<Packet, Packet>,
} satisfies ServiceDefinition;
