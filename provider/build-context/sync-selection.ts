/**
 * The part of a walked context BuildKit asks for when it names paths: the Dockerfile frontend asks for `.dockerignore`
 * alone, for the Dockerfile alone, and (newer frontends) for only the sources its `COPY`s name. This follows fsutil's
 * `FilterOpt` as BuildKit's session serves it: `followPaths` are resolved through the context's symlinks into include
 * patterns; a path is sent when it or a parent folder matches one, and a folder is sent when something inside it is.
 */

import * as path from "node:path";
import { createIgnoreMatcher, type IgnorePattern } from "./dockerignore";
import { cleanPath, compilePattern } from "./pattern";
import type { ContextEntry } from "./walk";

/** What BuildKit named, from its request's metadata. */
export interface SyncSelection {
  /** Paths whose symlinks (in the path itself or a parent) are followed, then included with everything inside them. */
  readonly followPaths: readonly string[];
  /** Include patterns (`.dockerignore` syntax, `!` for exceptions). */
  readonly includePatterns: readonly string[];
}

/** Characters that make a path component a wildcard (fsutil's `containsWildcards`). */
const WILDCARD = /[*?[\\]/;

/** A symlink's target as the walk stored it, by the link's path. */
type Links = ReadonlyMap<string, string>;

/** The children of each folder of the walk, by the folder's path (`""` for the root). */
type Children = ReadonlyMap<string, readonly string[]>;

function joinClean(...parts: string[]): string {
  return cleanPath(parts.filter((p) => p !== "").join("/"));
}

/** fsutil's `readSymlink`: the targets (absolute, from the context root) of a path that is a symlink, else none. */
function readSymlink(rel: string, links: Links, children: Children, allowWildcard: boolean): string[] | undefined {
  const base = path.posix.basename(rel);
  const dir = path.posix.dirname(rel);
  if (allowWildcard && WILDCARD.test(base)) {
    const matches = compilePattern(base);
    const out: string[] = [];
    for (const name of children.get(dir === "." ? "" : dir) ?? []) {
      if (matches(name)) out.push(...(readSymlink(joinClean(dir, name), links, children, false) ?? []));
    }
    return out.length === 0 ? undefined : out;
  }
  const link = links.get(rel);
  if (link === undefined) return undefined;
  const target = cleanPath(link);
  return [target.startsWith("/") ? target : cleanPath(`/${joinClean(dir, target)}`)];
}

/** fsutil's `FollowLinks`: every path named, with each symlink on its way replaced by its target (both kept). */
export function followLinks(paths: readonly string[], links: Links, children: Children): string[] {
  const resolved = new Set<string>();
  const append = (start: string, depth: number): void => {
    if (depth > 255) return; // a symlink loop: fsutil would fail on it; leave the loop's own paths included
    let rest = joinClean(start).replace(/^\/+/, "");
    if (rest === ".") rest = "";
    let current = "";
    for (;;) {
      const slash = rest.indexOf("/");
      const part = slash < 0 ? rest : rest.slice(0, slash);
      rest = slash < 0 ? "" : rest.slice(slash + 1);
      current = current === "" ? part : `${current}/${part}`;
      const targets = current === "" ? undefined : readSymlink(current, links, children, true);
      if ((rest === "" || targets !== undefined) && resolved.has(current)) return;
      if (targets !== undefined) {
        resolved.add(current);
        for (const target of targets) append(joinClean(target, rest), depth + 1);
        return;
      }
      if (rest === "") {
        resolved.add(current === "" ? "." : current);
        return;
      }
    }
  };
  for (const p of paths) append(p, 0);
  return [...resolved].sort();
}

/** patternmatcher's reading of an include pattern: trimmed, cleaned, `!` for an exception; undefined when blank. */
function includePattern(raw: string): IgnorePattern | undefined {
  let pattern = raw.trim();
  if (pattern === "") return undefined;
  const exception = pattern.startsWith("!");
  if (exception) pattern = pattern.slice(1);
  pattern = cleanPath(pattern).replace(/^\/+(?=.)/, "");
  return { pattern, exception };
}

/**
 * The entries (in the walk's order) BuildKit asked for with `selection`; all of them when it named nothing or named
 * the context root.
 */
export function selectEntries(entries: readonly ContextEntry[], selection: SyncSelection): readonly ContextEntry[] {
  if (selection.followPaths.length === 0 && selection.includePatterns.length === 0) return entries;
  const links = new Map<string, string>();
  const children = new Map<string, string[]>();
  for (const entry of entries) {
    if (entry.type === "symlink" && entry.linkTarget !== undefined) links.set(entry.relPath, entry.linkTarget);
    const slash = entry.relPath.lastIndexOf("/");
    const dir = slash < 0 ? "" : entry.relPath.slice(0, slash);
    const list = children.get(dir) ?? [];
    list.push(entry.relPath.slice(slash + 1));
    children.set(dir, list);
  }
  const raw = [...selection.includePatterns, ...followLinks(selection.followPaths, links, children)];
  const patterns = raw.map(includePattern).filter((p): p is IgnorePattern => p !== undefined);
  if (patterns.some((p) => !p.exception && p.pattern === ".")) return entries;
  // An ignore matcher "excludes" exactly what matches the patterns or has a matching parent: here, what is included.
  const included = createIgnoreMatcher(patterns);
  const kept = new Set<string>();
  for (const entry of entries) {
    if (!included.isExcluded(entry.relPath)) continue;
    kept.add(entry.relPath);
    for (let slash = entry.relPath.lastIndexOf("/"); slash > 0; slash = entry.relPath.lastIndexOf("/", slash - 1)) {
      kept.add(entry.relPath.slice(0, slash));
    }
  }
  return entries.filter((entry) => kept.has(entry.relPath));
}
