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
import type { ContextEntry } from "./walk";

/** The first field of a cache file; a file that starts otherwise is ignored. */
const CACHE_VERSION = "pulumi-docker-dynamic/stat-cache/v1";
/** A SHA-256 in base64. */
const HASH_TEXT = /^[A-Za-z0-9+/]{43}=$/;
/**
 * A file changed (mtime or ctime) less than this long before a digest started may have been written again within the
 * same timestamp tick after it was read, so its hash is not stored ("racy git"); it is hashed again next time.
 */
export const RACY_MARGIN_MS = 2000;

/** One cached file: its stat fingerprint when it was read, and its content hash. */
export interface CachedHash {
  /** `ContextEntry.stamp` of the file when it was hashed. */
  readonly stamp: string;
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
  return path.join(cacheDir, `${createHash("sha256").update(contextDir).digest("hex")}.tsv`);
}

/** The key of an entry in the cache: its path as text, or `#` and the hex of its exact bytes when text is ambiguous. */
export function cacheKey(entry: ContextEntry): string {
  const text = entry.relPath;
  if (entry.raw === undefined && !/[\t\n\r]/.test(text) && !text.startsWith("#")) return text;
  return `#${pathBytes(entry).toString("hex")}`;
}

function header(contextDir: string): string {
  return `${CACHE_VERSION}\t${JSON.stringify(contextDir)}`;
}

/** Reads the cache of `contextDir` from `file`; empty when it is missing, corrupt, of another version or folder. */
export function loadStatCache(file: string, contextDir: string): StatCache {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return new Map();
  }
  const lines = text.split("\n");
  if (lines[0] !== header(contextDir) || lines[lines.length - 1] !== "") return new Map();
  const cache = new Map<string, CachedHash>();
  for (let i = 1; i < lines.length - 1; i++) {
    const fields = (lines[i] as string).split("\t");
    const [key, stamp, hash] = fields;
    if (fields.length !== 3 || !key || !stamp || !hash || !HASH_TEXT.test(hash)) return new Map();
    cache.set(key, { stamp, hash: Buffer.from(hash, "base64") });
  }
  return cache;
}

/** Replaces the cache of `contextDir` in `file` atomically (a reader sees the old or the new one, never a mix). */
export function saveStatCache(file: string, contextDir: string, cache: StatCache): void {
  const lines = [header(contextDir)];
  for (const [key, { stamp, hash }] of cache) lines.push(`${key}\t${stamp}\t${hash.toString("base64")}`);
  const temp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    writeFileSync(temp, `${lines.join("\n")}\n`, { mode: 0o600 });
    renameSync(temp, file);
  } catch {
    // A cache that cannot be written (read-only home, full disk) only costs speed.
    rmSync(temp, { force: true });
  }
}
