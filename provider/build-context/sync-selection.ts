/**
 * The part of a walked context BuildKit asks for when it names paths: the Dockerfile frontend asks for `.dockerignore`
 * alone, for the Dockerfile alone, and (newer frontends) for only the sources its `COPY`s name. This does what
 * BuildKit's own sender does with fsutil's `NewFilterFS`: `followPaths` are resolved through the context's symlinks
 * (`followLinks`) and added to the include patterns; then the walk sends a path when the patterns include it (a
 * pattern matching a parent folder includes it too, with fsutil's reading of exceptions below) and sends a folder when
 * something inside it is sent. The parity test against fsutil itself is
 * `test/integration/build-context/sync-selection-parity.int.test.ts`.
 */

import { dedupePaths, followLinks, type Children, type Links } from "./follow-links";
import { trimGoSpace } from "./go-text";
import { matchUsingParent, type ListedPattern, type ParentMatches } from "./parent-matches";
import { cleanPath, compilePattern, PATTERN_CHARS, withoutTrailingGlob } from "./pattern";
import type { ContextEntry } from "./walk";

/** What BuildKit named, from its request's metadata. */
export interface SyncSelection {
  /** Paths whose symlinks (in the path itself or a parent) are followed, then included with everything inside them. */
  readonly followPaths: readonly string[];
  /** Include patterns (`.dockerignore` syntax, `!` for exceptions). */
  readonly includePatterns: readonly string[];
}

/** One include pattern as moby/patternmatcher reads it. */
interface IncludePattern extends ListedPattern {
  /** The cleaned pattern without its `!`. */
  readonly pattern: string;
}

/**
 * The include patterns fsutil's `NewFilterFS` builds: the requested ones, then the follow paths resolved through the
 * symlinks (none when one of them is the root), the list then passed through `dedupePaths`; undefined when there is
 * no filter (no patterns, or `.` among them after follow paths were named).
 */
function filterPatterns(selection: SyncSelection, links: Links, children: Children): string[] | undefined {
  let patterns: string[] | undefined = [...selection.includePatterns];
  // BuildKit's metadata cannot carry an empty list: no follow paths means the key was absent (nil for fsutil).
  if (selection.followPaths.length > 0) {
    const targets = followLinks(selection.followPaths, links, children);
    if (targets !== undefined) patterns = dedupePaths([...patterns, ...targets]);
  }
  return patterns === undefined || patterns.length === 0 ? undefined : patterns;
}

/**
 * moby/patternmatcher's reading of patterns (`New`): trimmed, blank ones dropped, then cleaned as a whole (so
 * `!a/../b` is `b`), then a leading `!` marks an exception. A leading `/` stays, so such a pattern matches no path.
 * Throws on a lone `!` or a pattern `New` refuses, as fsutil fails the transfer then (a pattern whose Go regexp fails
 * throws when a path is first matched against it, as it fails fsutil's walk).
 */
function readPatterns(raw: readonly string[]): IncludePattern[] {
  const patterns: IncludePattern[] = [];
  for (const text of raw) {
    let pattern = trimGoSpace(text);
    if (pattern === "") continue;
    pattern = cleanPath(pattern);
    const exception = pattern.startsWith("!");
    if (exception) {
      if (pattern.length === 1) throw new Error(`invalid include pattern "${text}": illegal exclusion pattern "!"`);
      pattern = pattern.slice(1);
    }
    patterns.push({ pattern, exception, matches: compilePattern(pattern) });
  }
  return patterns;
}

/**
 * The paths fsutil's filtered walk sends: a path whose parent folder was walked is sent when the patterns include it;
 * a folder they do not include is still walked unless every inclusion is a plain path (no wildcard before a trailing
 * `/**` or `/*`) and none lies inside it; the folders above a sent path are sent too.
 */
function includedPaths(entries: readonly ContextEntry[], patterns: readonly IncludePattern[]): Set<string> {
  const inclusions = patterns.filter((p) => !p.exception).map((p) => withoutTrailingGlob(p.pattern));
  const onlyPrefixes = !inclusions.some((p) => PATTERN_CHARS.test(p));
  /** What each walked folder matched, by its path; a folder missing here was not walked. */
  const walked = new Map<string, ParentMatches>();
  const kept = new Set<string>();
  // The entries come parents first (the walk sorts them bytewise), as fsutil's walk visits them.
  for (const entry of entries) {
    const slash = entry.relPath.lastIndexOf("/");
    const parent = slash < 0 ? undefined : walked.get(entry.relPath.slice(0, slash));
    if (slash >= 0 && parent === undefined) continue;
    const { matched: included, patterns: matched } = matchUsingParent(patterns, entry.relPath, parent);
    if (entry.type === "dir") {
      const mayHoldIncluded =
        included || !onlyPrefixes || inclusions.some((p) => `${p}/`.startsWith(`${entry.relPath}/`));
      if (mayHoldIncluded) walked.set(entry.relPath, matched);
    }
    if (!included) continue;
    kept.add(entry.relPath);
    for (let at = slash; at > 0; at = entry.relPath.lastIndexOf("/", at - 1)) kept.add(entry.relPath.slice(0, at));
  }
  return kept;
}

/**
 * The entries (in the walk's order) BuildKit asked for with `selection`; all of them when it named nothing or named
 * the context root. Throws on a malformed include pattern, as fsutil does.
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
  const raw = filterPatterns(selection, links, children);
  if (raw === undefined) return entries;
  const kept = includedPaths(entries, readPatterns(raw));
  return entries.filter((entry) => kept.has(entry.relPath));
}
