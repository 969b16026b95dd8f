/**
 * The build context as an uncompressed tar stream, holding exactly the entries the walk sends, with file contents
 * streamed from disk one file at a time and headers normalised (owner root, no user or group names).
 */

import { createReadStream, readFileSync } from "node:fs";
import { Readable } from "node:stream";
import { pack, type Header, type Pack } from "tar-stream";
import { DockerStepError } from "../errors";
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

/** The part of every header that does not depend on the entry: owned by root, without names. */
const OWNER = { uid: 0, gid: 0, uname: "", gname: "" } as const;
const EXTRA_FILE_MODE = 0o644;
/** Files up to this size are read in one call instead of streamed (fewer round trips for typical source trees). */
const SMALL_FILE = 256 * 1024;

/** A tar header as `pack().entry` takes it: a name and any other fields. */
type EntryHeader = Partial<Header> & Pick<Header, "name">;

function headerOf(entry: ContextEntry): EntryHeader {
  const common = { ...OWNER, mode: entry.mode, mtime: new Date(entry.mtimeMs) };
  switch (entry.type) {
    case "dir":
      return { ...common, name: `${entry.relPath}/`, type: "directory" };
    case "symlink":
      return { ...common, name: entry.relPath, type: "symlink", linkname: entry.linkTarget ?? "" };
    case "file":
      return { ...common, name: entry.relPath, type: "file", size: entry.size };
  }
}

type Sink = ReturnType<Pack["entry"]>;

/** Swallows a sink's `error` event: the entry callback and the archive already carry the failure. */
function ignore(): void {}

/** Resolves when `sink` can take more data; rejects if it closes first (the archive was destroyed). */
function drained(sink: Sink): Promise<void> {
  return new Promise((resolve, reject) => {
    const settle = (error?: Error): void => {
      sink.off("drain", onDrain);
      sink.off("close", onClose);
      if (error === undefined) resolve();
      else reject(error);
    };
    const onDrain = (): void => settle();
    const onClose = (): void => settle(new Error("the tar entry closed before its content was written"));
    sink.on("drain", onDrain);
    sink.on("close", onClose);
  });
}

/** Streams one file's content into its tar entry, refusing a file that shrank since it was listed. */
async function copyFile(entry: ContextEntry, sink: Sink): Promise<void> {
  let written = 0;
  if (entry.size > 0) {
    try {
      for await (const chunk of createReadStream(entry.absPath, { start: 0, end: entry.size - 1 })) {
        written += (chunk as Buffer).length;
        if (!sink.write(chunk)) await drained(sink);
      }
    } catch (error) {
      throw new DockerStepError(`Cannot read ${entry.absPath} while sending the build context`, { cause: error });
    }
  }
  if (written !== entry.size) {
    throw new DockerStepError(`${entry.absPath} shrank while the build context was being sent; run the update again`);
  }
  sink.end(null);
}

/** A small file's content read in one call, cut to its listed size; refuses a file that shrank since the walk. */
function smallFileContent(entry: ContextEntry): Buffer {
  let content: Buffer;
  try {
    // Synchronous on purpose: for small files one blocking read is about ten times faster than the thread-pool
    // round trips of an asynchronous one, and blocks the event loop for microseconds.
    content = readFileSync(entry.absPath);
  } catch (error) {
    throw new DockerStepError(`Cannot read ${entry.absPath} while sending the build context`, { cause: error });
  }
  if (content.length < entry.size) {
    throw new DockerStepError(`${entry.absPath} shrank while the build context was being sent; run the update again`);
  }
  return content.subarray(0, entry.size);
}

/** Adds one walked entry and resolves once the archive has taken all of it. */
async function addEntry(archive: Pack, entry: ContextEntry): Promise<void> {
  if (entry.type === "file" && entry.size <= SMALL_FILE) {
    const content = smallFileContent(entry);
    return new Promise((resolve, reject) => {
      archive.entry(headerOf(entry), content, (error) => (error ? reject(error) : resolve())).on("error", ignore);
    });
  }
  return new Promise((resolve, reject) => {
    const sink = archive.entry(headerOf(entry), (error) => (error ? reject(error) : resolve()));
    sink.on("error", ignore);
    if (entry.type !== "file") {
      sink.end(null);
      return;
    }
    copyFile(entry, sink).catch((error: unknown) => {
      archive.destroy(error as Error);
      reject(error as Error);
    });
  });
}

function addExtraFile(archive: Pack, file: ExtraFile): Promise<void> {
  const header: EntryHeader = { ...OWNER, name: file.name, type: "file", mode: EXTRA_FILE_MODE, mtime: new Date(0) };
  const content = typeof file.content === "string" ? Buffer.from(file.content, "utf8") : file.content;
  return new Promise((resolve, reject) => {
    archive.entry(header, content, (error) => (error ? reject(error) : resolve())).on("error", ignore);
  });
}

/**
 * Packs already walked entries, then `extraFiles`, into a tar stream. A read failure destroys the returned stream
 * with a `DockerStepError`; destroying the returned stream stops the packing.
 */
export function packEntries(entries: readonly ContextEntry[], extraFiles: readonly ExtraFile[] = []): Readable {
  return packWith(async () => entries, extraFiles);
}

/** Walks the context with `options` and streams a tar of every path the walk sends, then `options.extraFiles`. */
export function createContextTar(options: ContextTarOptions): Readable {
  return packWith(() => walkContext(options), options.extraFiles ?? []);
}

function packWith(list: () => Promise<readonly ContextEntry[]>, extraFiles: readonly ExtraFile[]): Readable {
  const archive = pack();
  const fill = async (): Promise<void> => {
    for (const entry of await list()) await addEntry(archive, entry);
    for (const file of extraFiles) await addExtraFile(archive, file);
  };
  fill().then(
    () => archive.finalize(),
    (error: unknown) => archive.destroy(error as Error),
  );
  return Readable.from(archive, { objectMode: false });
}
