/**
 * The content digest of a build context: it changes exactly when what `docker build` would see changes (the
 * Dockerfile, a sent path, a file's bytes, its executable bit, a symlink target) and not on mtime, owner or umask.
 * File hashes are kept in a stat cache between runs, so an unchanged context costs little more than its walk.
 */

import { createHash, type Hash } from "node:crypto";
import { closeSync, openSync, readSync } from "node:fs";
import { DockerStepError } from "../core/errors";
import { runContextJob } from "./context-pool";
import { displayPath, fsPath, linkBytes, pathBytes } from "./raw-names";
import {
  cacheKey,
  defaultStatCacheDir,
  loadStatCache,
  RACY_MARGIN_MS,
  sameStat,
  saveStatCache,
  statCacheFile,
  type CachedHash,
  type StatCache,
} from "./stat-cache";
import { unreadable, walkContextSync, type ContextEntry, type WalkOptions } from "./walk";

/** What to digest: the walk that selects the sent paths, and the Dockerfile the build will use. */
export interface ContextDigestOptions extends WalkOptions {
  /** The Dockerfile text, given separately because it may live outside the context or be generated. */
  readonly dockerfileContent: string | Buffer;
  /**
   * The folder of the stat cache that keeps file hashes between runs, or `false` to hash every file.
   * @default `defaultStatCacheDir()` (`$XDG_CACHE_HOME/pulumi-docker-dynamic/context-stat` or under `~/.cache`)
   */
  readonly statCacheDir?: string | false;
  /**
   * A file whose mtime or ctime is less than this many milliseconds older than the start of the digest is hashed but
   * not cached (it may be written again within the same timestamp tick). Lower it only where timestamps are exact.
   * @default 2000
   */
  readonly racyMarginMs?: number;
}

/** Tags the byte stream so a future change of framing cannot collide with this one. */
const FRAMING_VERSION = "pulumi-docker-dynamic/context-digest/v1";
const OWNER_EXECUTE = 0o100;
/** Read size for hashing; at most this much file content is held in memory at once. */
const READ_CHUNK = 1024 * 1024;

/** The 8-byte big-endian length prefix of a field, reused (a hash copies what it is given at once). */
const LENGTH = Buffer.alloc(8);

/** Adds one length-prefixed field, so that no two different field sequences give the same bytes. */
function addField(hash: Hash, data: string | Buffer): void {
  const length = typeof data === "string" ? Buffer.byteLength(data, "utf8") : data.length;
  LENGTH.writeUInt32BE(Math.floor(length / 2 ** 32), 0);
  LENGTH.writeUInt32BE(length >>> 0, 4);
  hash.update(LENGTH);
  hash.update(data);
}

let readBuffer: Buffer | undefined;

/**
 * The SHA-256 of a file's content, read in chunks of one reused buffer. A file the process may not open is the walk's
 * InputError on `context` (as `docker build` fails on it); other read failures are DockerStepErrors.
 */
function fileSha256(entry: ContextEntry): Buffer {
  const hash = createHash("sha256");
  readBuffer ??= Buffer.allocUnsafe(READ_CHUNK);
  let fd: number | undefined;
  try {
    fd = openSync(fsPath(entry), "r");
    for (let read = readSync(fd, readBuffer); read > 0; read = readSync(fd, readBuffer)) {
      hash.update(readBuffer.subarray(0, read));
    }
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (fd === undefined && (code === "EACCES" || code === "EPERM")) throw unreadable(entry, error);
    throw new DockerStepError(`Cannot read ${displayPath(entry)} to compute the build context digest`, {
      cause: error,
    });
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  return hash.digest();
}

/** The content hash of each file among `entries`: from `cache` when its stat fingerprint is unchanged, else read. */
function fileHashes(entries: readonly ContextEntry[], cache: StatCache): { hashes: Buffer[]; read: number } {
  const hashes: Buffer[] = [];
  let read = 0;
  for (const entry of entries) {
    if (entry.type !== "file") continue;
    const cached = cache.get(cacheKey(entry));
    if (cached !== undefined && entry.stat !== undefined && sameStat(cached.stat, entry.stat)) {
      hashes.push(cached.hash);
      continue;
    }
    hashes.push(fileSha256(entry));
    read++;
  }
  return { hashes, read };
}

/** Frames the Dockerfile and the entries with their file hashes (in entry order) into the digest. */
function frame(dockerfileContent: string | Buffer, entries: readonly ContextEntry[], hashes: Buffer[]): string {
  const hash = createHash("sha256");
  addField(hash, FRAMING_VERSION);
  addField(hash, dockerfileContent);
  let next = 0;
  for (const entry of entries) {
    addField(hash, pathBytes(entry));
    addField(hash, entry.type);
    if (entry.type === "file") {
      addField(hash, (entry.mode & OWNER_EXECUTE) !== 0 ? "x" : "-");
      addField(hash, hashes[next++] as Buffer);
    } else if (entry.type === "symlink") {
      addField(hash, linkBytes(entry));
    }
  }
  return `sha256:${hash.digest("hex")}`;
}

/**
 * Digests a Dockerfile and already walked entries, in the given order: per entry its path's exact bytes and its type,
 * then for a file its owner-executable bit and content hash, for a symlink its target's bytes. Returns `sha256:<hex>`.
 */
export async function digestEntries(
  dockerfileContent: string | Buffer,
  entries: readonly ContextEntry[],
): Promise<string> {
  return frame(dockerfileContent, entries, fileHashes(entries, new Map()).hashes);
}

/** The entries worth keeping in the cache: files hashed (or confirmed) this run whose last change is not racy. */
function cacheAfter(entries: readonly ContextEntry[], hashes: Buffer[], safeBeforeMs: number): Map<string, CachedHash> {
  const next = new Map<string, CachedHash>();
  let at = 0;
  for (const entry of entries) {
    if (entry.type !== "file") continue;
    const hash = hashes[at++] as Buffer;
    const stat = entry.stat;
    if (stat === undefined || Math.max(stat.mtimeMs, stat.ctimeMs) >= safeBeforeMs) continue;
    next.set(cacheKey(entry), { stat, hash });
  }
  return next;
}

/** The outcome of a digest, with what it cost. */
export interface ContextDigestResult {
  /** `sha256:<hex>` over the Dockerfile and everything sent. */
  readonly digest: string;
  /** How many files were sent. */
  readonly files: number;
  /** How many of them were read and hashed (the rest came from the stat cache). */
  readonly filesRead: number;
}

/** `contextDigest` on the calling thread: walks, takes unchanged files' hashes from the stat cache, reads the rest. */
export function contextDigestSync(options: ContextDigestOptions): ContextDigestResult {
  const startedMs = Date.now();
  const cacheDir = options.statCacheDir ?? defaultStatCacheDir();
  const file = cacheDir === false ? undefined : statCacheFile(cacheDir, options.contextDir);
  const cache = file === undefined ? new Map() : loadStatCache(file, options.contextDir);
  const entries = walkContextSync(options, { checkReadable: false });
  const { hashes, read } = fileHashes(entries, cache);
  const digest = frame(options.dockerfileContent, entries, hashes);
  if (file !== undefined) {
    // When every file came from the cache and the cache holds nothing else, it is already what it would become.
    if (read > 0 || cache.size !== hashes.length) {
      saveStatCache(
        file,
        options.contextDir,
        cacheAfter(entries, hashes, startedMs - (options.racyMarginMs ?? RACY_MARGIN_MS)),
      );
    }
  }
  return { digest, files: hashes.length, filesRead: read };
}

/**
 * Walks the context with `options` and digests the Dockerfile plus every path the walk sends, on a worker thread so
 * that the caller's event loop (and every other resource's calls in the provider process) never waits on it.
 */
export async function contextDigest(options: ContextDigestOptions): Promise<string> {
  return (await contextDigestDetailed(options)).digest;
}

/** `contextDigest` with how many files it read, for benchmarks and tests of the stat cache. */
export function contextDigestDetailed(options: ContextDigestOptions): Promise<ContextDigestResult> {
  return runContextJob({ kind: "digest", options });
}
