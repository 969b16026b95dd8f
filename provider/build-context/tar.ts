/**
 * The build context as an uncompressed tar stream, holding exactly the entries the walk sends, with file contents
 * streamed from disk one file at a time and headers normalised (owner root, no user or group names). Names go into
 * the archive as the exact bytes the filesystem stores, as the docker CLI sends them.
 */

import { createReadStream, readFileSync } from "node:fs";
import { Readable } from "node:stream";
import { DockerStepError } from "../core/errors";
import { displayPath, fsPath, linkBytes, pathBytes } from "./raw-names";
import { BLOCK_SIZE, encodeTarHeader, padding, type TarHeaderFields } from "./tar-header";
import { walkContext, type ContextEntry, type WalkOptions } from "./walk";

/** A file added to the archive that is not read from the context folder, e.g. a generated Dockerfile. */
export interface ExtraFile {
  /** Slash-separated path inside the archive; it must not collide with a context path. */
  readonly name: string;
  /** The file's content. */
  readonly content: string | Buffer;
}

/** What to pack: the walk that selects the sent paths, plus files appended after them. */
export interface ContextTarOptions extends WalkOptions {
  /** Files appended to the archive after the context entries, with mode 0644. */
  readonly extraFiles?: readonly ExtraFile[];
}

const EXTRA_FILE_MODE = 0o644;
/** Files up to this size are read in one call instead of streamed (fewer round trips for typical source trees). */
const SMALL_FILE = 256 * 1024;
/** The end of an archive: two zero blocks. */
const END_OF_ARCHIVE = Buffer.alloc(2 * BLOCK_SIZE);

function headerOf(entry: ContextEntry): TarHeaderFields {
  const common = { mode: entry.mode, mtime: entry.mtimeMs / 1000, size: 0 };
  const name = pathBytes(entry);
  switch (entry.type) {
    case "dir":
      return { ...common, name: Buffer.concat([name, Buffer.from("/")]), type: "directory" };
    case "symlink":
      return { ...common, name, type: "symlink", linkname: linkBytes(entry) };
    case "file":
      return { ...common, name, type: "file", size: entry.size };
  }
}

function shrank(entry: ContextEntry): DockerStepError {
  return new DockerStepError(
    `${displayPath(entry)} shrank while the build context was being sent; run the update again`,
  );
}

function readFailed(entry: ContextEntry, cause: unknown): DockerStepError {
  return new DockerStepError(`Cannot read ${displayPath(entry)} while sending the build context`, { cause });
}

/** A small file's content read in one call, cut to its listed size; refuses a file that shrank since the walk. */
function smallFileContent(entry: ContextEntry): Buffer {
  let content: Buffer;
  try {
    // Synchronous on purpose: for small files one blocking read is about ten times faster than the thread-pool
    // round trips of an asynchronous one, and blocks the event loop for microseconds.
    content = readFileSync(fsPath(entry));
  } catch (error) {
    throw readFailed(entry, error);
  }
  if (content.length < entry.size) throw shrank(entry);
  return content.subarray(0, entry.size);
}

/** Streams one large file's content, refusing a file that shrank since it was listed. */
async function* largeFileContent(entry: ContextEntry): AsyncGenerator<Buffer> {
  let written = 0;
  try {
    for await (const chunk of createReadStream(fsPath(entry), { start: 0, end: entry.size - 1 })) {
      written += (chunk as Buffer).length;
      yield chunk as Buffer;
    }
  } catch (error) {
    throw readFailed(entry, error);
  }
  if (written !== entry.size) throw shrank(entry);
}

/**
 * A walked file's content, exactly the size the walk listed: one read for a small file, streamed for a large one.
 * Throws a `DockerStepError` when the file cannot be read or shrank since the walk.
 */
export async function* fileContent(entry: ContextEntry): AsyncGenerator<Buffer> {
  if (entry.size === 0) return;
  if (entry.size <= SMALL_FILE) yield smallFileContent(entry);
  else yield* largeFileContent(entry);
}

/** The bytes of one walked entry: header, content and padding (one buffer for all but large files). */
async function* entryChunks(entry: ContextEntry): AsyncGenerator<Buffer> {
  const header = encodeTarHeader(headerOf(entry));
  if (entry.type !== "file" || entry.size === 0) {
    yield header;
  } else if (entry.size <= SMALL_FILE) {
    yield Buffer.concat([header, smallFileContent(entry), padding(entry.size)]);
  } else {
    yield header;
    yield* largeFileContent(entry);
    yield padding(entry.size);
  }
}

function extraFileChunk(file: ExtraFile): Buffer {
  const content = typeof file.content === "string" ? Buffer.from(file.content, "utf8") : file.content;
  const fields = { name: Buffer.from(file.name, "utf8"), type: "file", mode: EXTRA_FILE_MODE, mtime: 0 } as const;
  const header = encodeTarHeader({ ...fields, size: content.length });
  return Buffer.concat([header, content, padding(content.length)]);
}

async function* archiveChunks(
  list: () => Promise<readonly ContextEntry[]>,
  extraFiles: readonly ExtraFile[],
): AsyncGenerator<Buffer> {
  for (const entry of await list()) yield* entryChunks(entry);
  for (const file of extraFiles) yield extraFileChunk(file);
  yield END_OF_ARCHIVE;
}

/**
 * Packs already walked entries, then `extraFiles`, into a tar stream. A read failure destroys the returned stream
 * with a `DockerStepError`; destroying the returned stream stops the packing.
 */
export function packEntries(entries: readonly ContextEntry[], extraFiles: readonly ExtraFile[] = []): Readable {
  return Readable.from(
    archiveChunks(async () => entries, extraFiles),
    { objectMode: false },
  );
}

/** Walks the context with `options` and streams a tar of every path the walk sends, then `options.extraFiles`. */
export function createContextTar(options: ContextTarOptions): Readable {
  return Readable.from(
    archiveChunks(() => walkContext(options), options.extraFiles ?? []),
    { objectMode: false },
  );
}
