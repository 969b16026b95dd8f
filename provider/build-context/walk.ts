/**
 * The walk of a build-context folder: which files, folders and symlinks `docker build` would send, in a
 * deterministic order. Only metadata is read here; file contents are streamed later by the digest and the tar.
 * The walk makes synchronous system calls (several times faster than the thread-pool round trips of asynchronous
 * ones on big trees); `walkContext` runs it on a worker thread so the caller's event loop never waits on it.
 */

import { isUtf8 } from "node:buffer";
import { accessSync, constants, lstatSync, readdirSync, readlinkSync, type Stats } from "node:fs";
import * as path from "node:path";
import { InputError } from "../core/errors";
import { runContextJob } from "./context-pool";
import { createIgnoreMatcher, parseDockerignore, type IgnoreMatcher, type IgnorePattern } from "./dockerignore";
import { DOCKERIGNORE } from "./dockerignore-file";
import type { ParentMatches } from "./parent-matches";
import { cleanPath } from "./pattern";
import { decodeName, escapeName, fsPath, pathBytes, type RawNames } from "./raw-names";

/** What kind of filesystem object a context entry is. */
export type ContextEntryType = "file" | "dir" | "symlink";

/** One path sent to the Docker engine as part of the build context. */
export interface ContextEntry {
  /** Slash-separated path relative to the context root, e.g. `src/app.ts`. */
  readonly relPath: string;
  /** Absolute path on this machine. */
  readonly absPath: string;
  /** Whether the entry is a regular file, a folder or a symlink (symlinks are never followed). */
  readonly type: ContextEntryType;
  /** Permission bits (`mode & 0o7777`). */
  readonly mode: number;
  /** Size in bytes for files; 0 for folders and symlinks. */
  readonly size: number;
  /** Last modification time in milliseconds since the epoch. */
  readonly mtimeMs: number;
  /** For files: what the digest's stat cache compares to know the content is unchanged. */
  readonly stat?: FileStat;
  /** The symlink's target exactly as stored, for symlinks only. */
  readonly linkTarget?: string;
  /**
   * The exact bytes of the path and link target when either is not valid UTF-8; `relPath` then holds the text that
   * `.dockerignore` patterns are matched against (each such byte as U+FFFD, as in Go).
   */
  readonly raw?: RawNames;
}

/**
 * The stat fields of a file that its content cannot change without changing: any write, rename over, `chmod` or
 * `touch -d` moves ctime (which no user can set back), a replacement brings another inode. Times are the kernel's
 * nanoseconds as Node's millisecond doubles (exact to about 0.25 µs): a change after a hash was cached moves ctime by
 * more than the cache's racy margin, far beyond that.
 */
export interface FileStat {
  /** Size in bytes. */
  readonly size: number;
  /** Modification time, ms since the epoch. */
  readonly mtimeMs: number;
  /** Status change time, ms since the epoch. */
  readonly ctimeMs: number;
  /** Inode number. */
  readonly ino: number;
  /** Device number. */
  readonly dev: number;
  /** `st_mode`: type and permission bits. */
  readonly mode: number;
}

/** Which folder to walk and which paths to leave out. */
export interface WalkOptions {
  /** Absolute path of the build-context folder. */
  readonly contextDir: string;
  /** `.dockerignore` text or already parsed patterns; nothing is excluded when absent. */
  readonly excludes?: string | readonly IgnorePattern[];
  /** Relative paths sent even when a pattern excludes them, e.g. the Dockerfile; `.dockerignore` always is. */
  readonly alwaysInclude?: readonly string[];
}

/** A folder that is not sent itself but is walked; it is sent once something inside it is. */
interface PendingDir {
  readonly entry: ContextEntry;
  sent: boolean;
}

interface WalkRules {
  readonly matcher: IgnoreMatcher;
  readonly always: readonly string[];
}

/** Compiles the walk options into the rules that decide what is sent. */
function walkRules(options: WalkOptions): WalkRules {
  const excludes = options.excludes ?? [];
  const patterns = typeof excludes === "string" ? parseDockerignore(excludes) : excludes;
  const always = [DOCKERIGNORE, ...(options.alwaysInclude ?? [])]
    .map((p) => cleanPath(p.split(path.sep).join("/")))
    .filter((p) => p !== "." && p !== ".." && !p.startsWith("../") && !p.startsWith("/"));
  return { matcher: createIgnoreMatcher(patterns), always };
}

/** Where one walked path is: its text form and, when that is not its exact bytes, the bytes. */
interface Place {
  readonly relPath: string;
  readonly absPath: string;
  readonly raw?: Omit<RawNames, "linkTarget">;
}

const SLASH = Buffer.from("/");

/** The place of `name` (bytes as listed) inside the folder at `dir`; exact bytes are kept when they are not UTF-8. */
function placeIn(dir: Place, name: string | Buffer): Place {
  if (typeof name === "string" || (dir.raw === undefined && isUtf8(name))) {
    const text = typeof name === "string" ? name : name.toString("utf8");
    const relPath = dir.relPath === "" ? text : `${dir.relPath}/${text}`;
    return { relPath, absPath: dir.absPath.endsWith("/") ? `${dir.absPath}${text}` : `${dir.absPath}/${text}` };
  }
  const relBytes =
    dir.relPath === "" ? name : Buffer.concat([dir.raw?.relPath ?? Buffer.from(dir.relPath), SLASH, name]);
  const absBytes = Buffer.concat([dir.raw?.absPath ?? Buffer.from(dir.absPath), SLASH, name]);
  return {
    relPath: decodeName(relBytes),
    absPath: escapeName(absBytes),
    raw: { relPath: relBytes, absPath: absBytes },
  };
}

/** A symlink's target as text, and the exact bytes of its path and target when either is not UTF-8. */
function linkOf(place: Place): Pick<ContextEntry, "type" | "linkTarget" | "raw"> {
  const target = readlinkSync(fsPath(place), { encoding: "buffer" });
  if (place.raw === undefined && isUtf8(target)) return { type: "symlink", linkTarget: target.toString("utf8") };
  const absPath = place.raw?.absPath ?? Buffer.from(place.absPath);
  return {
    type: "symlink",
    linkTarget: escapeName(target),
    raw: { relPath: pathBytes(place), absPath, linkTarget: target },
  };
}

/** Reads one path's metadata; undefined for special files (sockets, fifos, devices) and paths that vanished. */
function describe(place: Place): ContextEntry | undefined {
  let stats: Stats | undefined;
  try {
    stats = lstatSync(fsPath(place), { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
  if (stats === undefined) return undefined;
  const { relPath, absPath, raw } = place;
  const mode = stats.mode & 0o7777;
  const mtimeMs = stats.mtimeMs;
  if (stats.isFile()) {
    const { size, ctimeMs, ino, dev } = stats;
    const stat: FileStat = { size, mtimeMs, ctimeMs, ino, dev, mode: stats.mode };
    return raw === undefined
      ? { relPath, absPath, type: "file", mode, size, mtimeMs, stat }
      : { relPath, absPath, raw, type: "file", mode, size, mtimeMs, stat };
  }
  if (stats.isDirectory()) {
    return raw === undefined
      ? { relPath, absPath, type: "dir", mode, size: 0, mtimeMs }
      : { relPath, absPath, raw, type: "dir", mode, size: 0, mtimeMs };
  }
  if (!stats.isSymbolicLink()) return undefined;
  try {
    return { relPath, absPath, ...(raw === undefined ? {} : { raw }), mode, size: 0, mtimeMs, ...linkOf(place) };
  } catch {
    return undefined;
  }
}

/**
 * The names in a folder: as text when every name is valid UTF-8 (the common, cheaper case), else as exact bytes.
 * Node turns invalid UTF-8 into U+FFFD, so a name holding one is read again as bytes.
 */
function listDir(absDir: string | Buffer): (string | Buffer)[] | undefined {
  try {
    if (typeof absDir === "string") {
      const names = readdirSync(absDir, { encoding: "utf8" });
      if (!names.some((name) => name.includes("\uFFFD"))) return names;
    }
    return readdirSync(absDir, { encoding: "buffer" });
  } catch {
    return undefined;
  }
}

/** The walk's InputError on `context` for a sent entry the process may not read. */
export function unreadable(entry: ContextEntry, cause?: unknown): InputError {
  const code = (cause as { code?: string } | undefined)?.code ?? "EACCES";
  const name = entry.raw === undefined ? entry.relPath : escapeName(entry.raw.relPath);
  return new InputError(
    "context",
    `Cannot read "${name}" in the build context (${code}); fix its permissions or exclude it in .dockerignore`,
    { cause },
  );
}

/** Throws the walk's InputError on `context` when the process may not read the file `entry`. */
function requireReadable(entry: ContextEntry): void {
  try {
    accessSync(fsPath(entry), constants.R_OK);
  } catch (error) {
    throw unreadable(entry, error);
  }
}

/** Code units of UTF-16 surrogates: where UTF-16 order and UTF-8 byte order of text can differ. */
const SURROGATE = /[\uD800-\uDFFF]/;

/**
 * Sorts entries bytewise by their relative path's exact bytes. Text without surrogates sorts the same by UTF-16 code
 * units as by UTF-8 bytes, so the common case compares strings; otherwise each path is encoded once and compared.
 */
function sortByPathBytes(entries: ContextEntry[]): ContextEntry[] {
  if (entries.every((e) => e.raw === undefined && !SURROGATE.test(e.relPath))) {
    return entries.sort((a, b) => (a.relPath < b.relPath ? -1 : a.relPath > b.relPath ? 1 : 0));
  }
  const keyed = entries.map((entry) => ({ entry, key: pathBytes(entry) }));
  keyed.sort((a, b) => Buffer.compare(a.key, b.key));
  return keyed.map(({ entry }) => entry);
}

/** How much of the walk's checking to do. */
export interface WalkChecks {
  /**
   * Whether to check that every sent file is readable. The digest turns it off and checks only the files it reads,
   * since a file whose stat fingerprint is unchanged since it was read cannot have lost its permission.
   * @default true
   */
  readonly checkReadable?: boolean;
}

/**
 * Lists what `docker build` sends from `options.contextDir`, sorted bytewise by relative path. Symlinks are reported,
 * not followed; sockets, fifos and devices are skipped; a file or folder that is sent but cannot be read is an
 * InputError on `context` (as `docker build` fails on it). Each path is matched against the patterns knowing what its
 * folder matched, as fsutil's walk matches it; a folder excluded by the patterns is still walked when an exception
 * could re-include something inside it, and is sent only if something inside it is.
 */
export function walkContextSync(options: WalkOptions, checks: WalkChecks = {}): ContextEntry[] {
  const { matcher, always } = walkRules(options);
  const entries: ContextEntry[] = [];
  const mayDescend = (rel: string): boolean =>
    matcher.mayHaveIncludedChildren(rel) || always.some((p) => p.startsWith(`${rel}/`));
  const send = (entry: ContextEntry, parents: readonly PendingDir[]): void => {
    for (const parent of parents.filter((p) => !p.sent)) {
      parent.sent = true;
      entries.push(parent.entry);
    }
    entries.push(entry);
  };

  const visit = (dir: Place, names: (string | Buffer)[], parents: PendingDir[], matched?: ParentMatches): void => {
    const children = names.flatMap((name) => {
      const entry = describe(placeIn(dir, name));
      if (entry === undefined) return [];
      const { excluded, parent } = matcher.match(entry.relPath, matched);
      return [{ entry, sent: !excluded || always.includes(entry.relPath), parent }];
    });
    if (checks.checkReadable ?? true) {
      for (const { entry, sent } of children) if (entry.type === "file" && sent) requireReadable(entry);
    }
    for (const { entry, sent, parent } of children) {
      if (entry.type !== "dir") {
        if (sent) send(entry, parents);
        continue;
      }
      if (!sent && !mayDescend(entry.relPath)) continue;
      const inside = listDir(fsPath(entry));
      if (inside === undefined) {
        if (sent) throw unreadable(entry);
        continue;
      }
      if (sent) send(entry, parents);
      visit(entry, inside, sent ? [] : [...parents, { entry, sent: false }], parent);
    }
  };

  const top = listDir(options.contextDir);
  if (top === undefined) {
    throw new InputError("context", `Cannot list the build context folder ${options.contextDir}; make it readable`);
  }
  visit({ relPath: "", absPath: options.contextDir }, top, []);
  return sortByPathBytes(entries);
}

/** A byte array that crossed a thread boundary (a plain Uint8Array there) as a Buffer again. */
function asBuffer(bytes: Uint8Array | undefined): Buffer | undefined {
  return bytes === undefined ? undefined : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** An entry as it came from a worker thread, with its exact name bytes as Buffers again. */
function revive(entry: ContextEntry): ContextEntry {
  if (entry.raw === undefined) return entry;
  const { relPath, absPath, linkTarget } = entry.raw;
  const raw = { relPath: asBuffer(relPath) as Buffer, absPath: asBuffer(absPath) as Buffer };
  return { ...entry, raw: linkTarget === undefined ? raw : { ...raw, linkTarget: asBuffer(linkTarget) } };
}

/** `walkContextSync` on a worker thread, so the caller's event loop never waits on the system calls. */
export async function walkContext(options: WalkOptions, checks: WalkChecks = {}): Promise<ContextEntry[]> {
  return (await runContextJob({ kind: "walk", options, checks })).map(revive);
}
