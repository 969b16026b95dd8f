/**
 * File names that are not valid UTF-8. Linux names are bytes and the docker CLI sends them byte for byte; these
 * helpers keep the exact bytes next to a text form used for `.dockerignore` matching and messages.
 */

import { isUtf8 } from "node:buffer";

/** The exact bytes of an entry whose path or symlink target is not valid UTF-8. */
export interface RawNames {
  /** The slash-separated path relative to the context root, as the filesystem stores it. */
  readonly relPath: Buffer;
  /** The absolute path as the filesystem stores it, for reading the entry. */
  readonly absPath: Buffer;
  /** The symlink's target as stored, for symlinks only. */
  readonly linkTarget?: Buffer;
}

/** What the walk, the digest and the tar need of an entry's names. */
interface Named {
  readonly relPath: string;
  readonly absPath: string;
  readonly linkTarget?: string;
  readonly raw?: RawNames;
}

const REPLACEMENT = "\uFFFD";

/** The length of the valid UTF-8 sequence starting at `at`, or 0 when the byte there does not start one. */
function sequenceLength(bytes: Buffer, at: number): number {
  const lead = bytes[at] ?? 0;
  const length = lead < 0x80 ? 1 : lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : 0;
  const four = lead >= 0xf0 && lead <= 0xf4 ? 4 : length;
  if (four === 0 || at + four > bytes.length) return 0;
  return isUtf8(bytes.subarray(at, at + four)) ? four : 0;
}

/**
 * Decodes a name the way Go does when it matches `.dockerignore` patterns: valid UTF-8 as text, every other byte as
 * one U+FFFD, so that `?` matches one such byte as it does for the docker CLI.
 */
export function decodeName(bytes: Buffer): string {
  if (isUtf8(bytes)) return bytes.toString("utf8");
  let text = "";
  for (let at = 0; at < bytes.length;) {
    const length = sequenceLength(bytes, at);
    text += length === 0 ? REPLACEMENT : bytes.toString("utf8", at, at + length);
    at += Math.max(length, 1);
  }
  return text;
}

/** A name for messages: valid UTF-8 as is, every other byte as `\xNN`. */
export function escapeName(bytes: Buffer): string {
  if (isUtf8(bytes)) return bytes.toString("utf8");
  let text = "";
  for (let at = 0; at < bytes.length;) {
    const length = sequenceLength(bytes, at);
    text +=
      length === 0 ? `\\x${(bytes[at] ?? 0).toString(16).padStart(2, "0")}` : bytes.toString("utf8", at, at + length);
    at += Math.max(length, 1);
  }
  return text;
}

/** The exact bytes of an entry's relative path. */
export function pathBytes(entry: Named): Buffer {
  return entry.raw?.relPath ?? Buffer.from(entry.relPath, "utf8");
}

/** The exact bytes of a symlink entry's target (empty for other entries). */
export function linkBytes(entry: Named): Buffer {
  return entry.raw?.linkTarget ?? Buffer.from(entry.linkTarget ?? "", "utf8");
}

/** The path to read an entry from: its exact bytes when they are not UTF-8. */
export function fsPath(entry: Named): string | Buffer {
  return entry.raw?.absPath ?? entry.absPath;
}

/** The entry's path for messages, with bytes that are not UTF-8 escaped as `\xNN`. */
export function displayPath(entry: Named): string {
  return entry.raw === undefined ? entry.absPath : escapeName(entry.raw.absPath);
}
