/**
 * The content digest of a build context: it changes exactly when what `docker build` would see changes (the
 * Dockerfile, a sent path, a file's bytes, its executable bit, a symlink target) and not on mtime, owner or umask.
 */

import { createHash, type Hash } from "node:crypto";
import { createReadStream, readFileSync } from "node:fs";
import { DockerStepError } from "../core/errors";
import { displayPath, fsPath, linkBytes, pathBytes } from "./raw-names";
import { walkContext, type ContextEntry, type WalkOptions } from "./walk";

/** What to digest: the walk that selects the sent paths, and the Dockerfile the build will use. */
export interface ContextDigestOptions extends WalkOptions {
  /** The Dockerfile text, given separately because it may live outside the context or be generated. */
  readonly dockerfileContent: string | Buffer;
}

/** Tags the byte stream so a future change of framing cannot collide with this one. */
const FRAMING_VERSION = "pulumi-docker-dynamic/context-digest/v1";
const OWNER_EXECUTE = 0o100;
/** Read size for hashing: larger than the stream default (64 KiB) to cut per-chunk overhead on big files. */
const READ_CHUNK = 1024 * 1024;
/** Files up to this size are read in one call. */
const SMALL_FILE = 256 * 1024;
/** Files hashed at once; at most PARALLEL_READS × READ_CHUNK bytes of content are held in memory. */
const PARALLEL_READS = 8;

/** Adds one length-prefixed field, so that no two different field sequences give the same bytes. */
function addField(hash: Hash, data: string | Buffer): void {
  const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : data;
  const length = Buffer.alloc(8);
  length.writeBigUInt64BE(BigInt(bytes.length));
  hash.update(length);
  hash.update(bytes);
}

/** The SHA-256 of a file's content: read at once when small, streamed from disk otherwise. */
async function fileSha256(entry: ContextEntry): Promise<Buffer> {
  const hash = createHash("sha256");
  try {
    if (entry.size <= SMALL_FILE) {
      // Synchronous on purpose: for small files one blocking read is about ten times faster than the thread-pool
      // round trips of an asynchronous one, and blocks the event loop for microseconds.
      hash.update(readFileSync(fsPath(entry)));
    } else {
      for await (const chunk of createReadStream(fsPath(entry), { highWaterMark: READ_CHUNK })) {
        hash.update(chunk as Buffer);
      }
    }
  } catch (error) {
    throw new DockerStepError(`Cannot read ${displayPath(entry)} to compute the build context digest`, {
      cause: error,
    });
  }
  return hash.digest();
}

/** The content hashes of the files among `entries`, a few read at a time so the reads overlap. */
async function fileHashes(entries: readonly ContextEntry[]): Promise<Map<ContextEntry, Buffer>> {
  const files = entries.filter((e) => e.type === "file");
  const hashes = new Map<ContextEntry, Buffer>();
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let file = files[next++]; file !== undefined; file = files[next++]) {
      hashes.set(file, await fileSha256(file));
    }
  };
  await Promise.all(Array.from({ length: PARALLEL_READS }, worker));
  return hashes;
}

/**
 * Digests a Dockerfile and already walked entries, in the given order: per entry its path's exact bytes and its type,
 * then for a file its owner-executable bit and content hash, for a symlink its target's bytes. Returns `sha256:<hex>`.
 */
export async function digestEntries(
  dockerfileContent: string | Buffer,
  entries: readonly ContextEntry[],
): Promise<string> {
  const contents = await fileHashes(entries);
  const hash = createHash("sha256");
  addField(hash, FRAMING_VERSION);
  addField(hash, dockerfileContent);
  for (const entry of entries) {
    addField(hash, pathBytes(entry));
    addField(hash, entry.type);
    if (entry.type === "file") {
      addField(hash, (entry.mode & OWNER_EXECUTE) !== 0 ? "x" : "-");
      addField(hash, contents.get(entry) ?? Buffer.alloc(0));
    } else if (entry.type === "symlink") {
      addField(hash, linkBytes(entry));
    }
  }
  return `sha256:${hash.digest("hex")}`;
}

/** Walks the context with `options` and digests the Dockerfile plus every path the walk sends. */
export async function contextDigest(options: ContextDigestOptions): Promise<string> {
  return digestEntries(options.dockerfileContent, await walkContext(options));
}
