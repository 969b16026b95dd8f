/**
 * The digest's stat cache: for each file of a context, its stat fingerprint when it was last hashed and the SHA-256
 * of its content then. It lives outside the context (the user's cache folder), one small file per context folder,
 * replaced atomically. A cache that is corrupt, of another version or of another folder is ignored, never trusted.
 */

import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pathBytes } from "./raw-names";
import type { ContextEntry, FileStat } from "./walk";

/** The first bytes of a cache file; a file that starts otherwise is ignored. */
const CACHE_VERSION = "pulumi-docker-dynamic/stat-cache/v1\n";
/** Bytes of one record after its key: six doubles (the stat fields) and the 32-byte SHA-256. */
const RECORD_BODY = 6 * 8 + 32;
/**
 * A file changed (mtime or ctime) less than this long before a digest started may have been written again within the
 * same timestamp tick after it was read, so its hash is not stored ("racy git"); it is hashed again next time.
 */
export const RACY_MARGIN_MS = 2000;

/** One cached file: its stat fields when it was read, and its content hash. */
export interface CachedHash {
  /** `ContextEntry.stat` of the file when it was hashed. */
  readonly stat: FileStat;
  /** The SHA-256 of its content. */
  readonly hash: Buffer;
}

/** The cached hashes of one context, by `cacheKey`. */
export type StatCache = ReadonlyMap<string, CachedHash>;

/** The default folder of stat caches: `$XDG_CACHE_HOME/pulumi-docker-dynamic/context-stat`, else under `~/.cache`. */
export function defaultStatCacheDir(): string {
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache");
  return path.join(base, "pulumi-docker-dynamic", "context-stat");
}

/** The cache file of the context folder `contextDir` (its real path) inside `cacheDir`. */
export function statCacheFile(cacheDir: string, contextDir: string): string {
  return path.join(cacheDir, `${createHash("sha256").update(contextDir).digest("hex")}.bin`);
}

/** The key of an entry in the cache: its path as text, or `#` and the hex of its exact bytes when text is ambiguous. */
export function cacheKey(entry: ContextEntry): string {
  const text = entry.relPath;
  if (entry.raw === undefined && !/[\t\n\r]/.test(text) && !text.startsWith("#")) return text;
  return `#${pathBytes(entry).toString("hex")}`;
}

/**
 * The file layout: the version line, the context folder (u32 length + UTF-8), the record count (u32), then per
 * record its key (u16 length + UTF-8), six little-endian doubles (size, mtimeMs, ctimeMs, ino, dev, mode) and the
 * 32-byte hash; last, the SHA-256 of everything before it, so a cut-off or damaged file is recognised.
 */
function encode(contextDir: string, cache: StatCache): Buffer {
  const parts: Buffer[] = [Buffer.from(CACHE_VERSION)];
  const dir = Buffer.from(contextDir, "utf8");
  const head = Buffer.alloc(4 + dir.length + 4);
  head.writeUInt32LE(dir.length, 0);
  dir.copy(head, 4);
  head.writeUInt32LE(cache.size, 4 + dir.length);
  parts.push(head);
  for (const [key, { stat, hash }] of cache) {
    const keyBytes = Buffer.from(key, "utf8");
    const record = Buffer.alloc(2 + keyBytes.length + RECORD_BODY);
    record.writeUInt16LE(keyBytes.length, 0);
    keyBytes.copy(record, 2);
    let at = 2 + keyBytes.length;
    for (const value of [stat.size, stat.mtimeMs, stat.ctimeMs, stat.ino, stat.dev, stat.mode]) {
      at = record.writeDoubleLE(value, at);
    }
    hash.copy(record, at);
    parts.push(record);
  }
  const body = Buffer.concat(parts);
  return Buffer.concat([body, createHash("sha256").update(body).digest()]);
}

/** The records of a cache file of `contextDir`, or undefined when it is damaged or of another version or folder. */
function decode(bytes: Buffer, contextDir: string): Map<string, CachedHash> | undefined {
  const version = Buffer.from(CACHE_VERSION);
  if (bytes.length < version.length + 8 + 32 || !bytes.subarray(0, version.length).equals(version)) return undefined;
  const body = bytes.subarray(0, bytes.length - 32);
  if (
    !createHash("sha256")
      .update(body)
      .digest()
      .equals(bytes.subarray(bytes.length - 32))
  )
    return undefined;
  let at = version.length;
  const dirLength = body.readUInt32LE(at);
  if (at + 4 + dirLength + 4 > body.length) return undefined;
  if (body.toString("utf8", at + 4, at + 4 + dirLength) !== contextDir) return undefined;
  at += 4 + dirLength;
  const count = body.readUInt32LE(at);
  at += 4;
  const cache = new Map<string, CachedHash>();
  for (let i = 0; i < count; i++) {
    if (at + 2 > body.length) return undefined;
    const keyLength = body.readUInt16LE(at);
    const end = at + 2 + keyLength + RECORD_BODY;
    if (end > body.length) return undefined;
    const key = body.toString("utf8", at + 2, at + 2 + keyLength);
    at += 2 + keyLength;
    const stat = {
      size: body.readDoubleLE(at),
      mtimeMs: body.readDoubleLE(at + 8),
      ctimeMs: body.readDoubleLE(at + 16),
      ino: body.readDoubleLE(at + 24),
      dev: body.readDoubleLE(at + 32),
      mode: body.readDoubleLE(at + 40),
    };
    cache.set(key, { stat, hash: body.subarray(at + 48, end) });
    at = end;
  }
  return at === body.length ? cache : undefined;
}

/** Reads the cache of `contextDir` from `file`; empty when it is missing, damaged, of another version or folder. */
export function loadStatCache(file: string, contextDir: string): StatCache {
  try {
    return decode(readFileSync(file), contextDir) ?? new Map();
  } catch {
    return new Map();
  }
}

/** Whether two stat records are the same in every field the cache compares. */
export function sameStat(a: FileStat, b: FileStat): boolean {
  return (
    a.ctimeMs === b.ctimeMs &&
    a.mtimeMs === b.mtimeMs &&
    a.size === b.size &&
    a.ino === b.ino &&
    a.dev === b.dev &&
    a.mode === b.mode
  );
}

/** Replaces the cache of `contextDir` in `file` atomically (a reader sees the old or the new one, never a mix). */
export function saveStatCache(file: string, contextDir: string, cache: StatCache): void {
  const temp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    writeFileSync(temp, encode(contextDir, cache), { mode: 0o600 });
    renameSync(temp, file);
  } catch {
    // A cache that cannot be written (read-only home, full disk) only costs speed.
    rmSync(temp, { force: true });
  }
}
