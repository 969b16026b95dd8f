/**
 * `.dockerignore` parsing and matching as BuildKit applies it: the file read like moby/patternmatcher's
 * `ignorefile.ReadAll` (comments, trimming, cleaning, leading `/` dropped), its patterns matched like fsutil's walk
 * (patternmatcher's `MatchesUsingParentResults`: the last pattern that matches wins, and a pattern that matched a
 * folder matches everything inside it). The classic builder gets the same file set (README).
 */

import { InputError } from "../core/errors";
import { trimGoSpace } from "./go-text";
import { matchUsingParent, type ListedPattern, type ParentMatches } from "./parent-matches";
import { cleanPath, compilePattern, PATTERN_CHARS, withoutTrailingGlob } from "./pattern";

/** One parsed `.dockerignore` line. */
export interface IgnorePattern {
  /** The cleaned pattern relative to the context root, without the leading `!`, e.g. `build/**` or `*.md`. */
  readonly pattern: string;
  /** Whether the line started with `!`, re-including what earlier patterns excluded. */
  readonly exception: boolean;
}

/** Whether the patterns exclude one path, and what the paths inside it inherit. */
export interface IgnoreMatch {
  /** Whether the path is excluded. */
  readonly excluded: boolean;
  /** Which patterns matched it, for `match` on the paths inside it. */
  readonly parent: ParentMatches;
}

/** Decides which paths of a build context the patterns exclude. */
export interface IgnoreMatcher {
  /**
   * Whether the patterns exclude a slash-separated path relative to the context root, e.g. `src/app.ts`, given what
   * its parent folder matched (`undefined` for a path at the root), as fsutil's walk decides it.
   */
  match(relPath: string, parent: ParentMatches | undefined): IgnoreMatch;
  /** Whether the patterns exclude a path, its parent folders matched first as a walk matches them. */
  isExcluded(relPath: string): boolean;
  /** Whether an exception pattern could re-include something inside an excluded folder, so it must be walked. */
  mayHaveIncludedChildren(relDir: string): boolean;
}

const UTF8_BOM = "\uFEFF";
/** The longest line Go's `bufio.Scanner` reads, in bytes with its `\r` (`ignorefile.ReadAll` fails on a longer one). */
const MAX_LINE_BYTES = 64 * 1024 - 1;

function syntaxError(pattern: string, cause: unknown): InputError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new InputError("context", `.dockerignore pattern "${pattern}" is invalid (${reason}); fix or remove it`, {
    cause,
  });
}

/** Reads one non-comment line as `ignorefile.ReadAll` and patternmatcher's `New` do; undefined for a blank line. */
function readLine(raw: string): IgnorePattern | undefined {
  let pattern = trimGoSpace(raw);
  if (pattern === "") return undefined;
  const exception = pattern.startsWith("!");
  if (exception) pattern = trimGoSpace(pattern.slice(1));
  if (pattern !== "") {
    pattern = cleanPath(pattern);
    if (pattern.length > 1 && pattern.startsWith("/")) pattern = pattern.slice(1);
  }
  // `New` cleans `!` + pattern again: `!/` becomes a lone `!` too.
  if (exception && (pattern === "" || pattern === "/")) {
    throw syntaxError(trimGoSpace(raw), new Error('a lone "!" excludes nothing'));
  }
  return { pattern, exception };
}

/**
 * Parses `.dockerignore` text into patterns, in file order: lines starting with `#` are comments, surrounding
 * whitespace is trimmed, blank lines are skipped, `!` marks an exception and each pattern is cleaned like Go's
 * `filepath.Clean` with any leading `/` dropped. Throws an `InputError` on `context` for a malformed pattern.
 */
export function parseDockerignore(text: string): IgnorePattern[] {
  const patterns: IgnorePattern[] = [];
  const lines = text.split("\n");
  for (const [i, line] of lines.entries()) {
    if (Buffer.byteLength(line) > MAX_LINE_BYTES) {
      throw new InputError("context", `.dockerignore line ${i + 1} is longer than 64 KiB, which Docker cannot read`);
    }
    const content = i === 0 && line.startsWith(UTF8_BOM) ? line.slice(1) : line;
    if (content.startsWith("#")) continue;
    const parsed = readLine(content.endsWith("\r") ? content.slice(0, -1) : content);
    if (parsed === undefined) continue;
    checkSyntax(parsed.pattern);
    patterns.push(parsed);
  }
  return patterns;
}

function checkSyntax(pattern: string): void {
  try {
    compilePattern(pattern);
  } catch (error) {
    throw syntaxError(pattern, error);
  }
}

/** A pattern's predicate that reports a regexp Go refuses as the InputError BuildKit's failed walk stands for. */
function listed({ pattern, exception }: IgnorePattern): ListedPattern {
  const predicate = compilePattern(pattern);
  const matches = (relPath: string): boolean => {
    try {
      return predicate(relPath);
    } catch (error) {
      throw new InputError(
        "context",
        `.dockerignore pattern "${pattern}" cannot be matched (${(error as Error).message}); ` +
          "BuildKit fails on it as soon as a path is matched against it; fix or remove it",
        { cause: error },
      );
    }
  };
  return { exception, matches };
}

/**
 * fsutil's rule for walking a folder the patterns exclude: always when an exception has a wildcard before a trailing
 * `/**` or `/*`, else when an exception names a path inside it; never without exceptions.
 */
function exceptionReach(patterns: readonly IgnorePattern[]): (relDir: string) => boolean {
  const prefixes = patterns.filter((p) => p.exception).map((p) => withoutTrailingGlob(p.pattern));
  if (prefixes.length === 0) return () => false;
  if (prefixes.some((p) => PATTERN_CHARS.test(p))) return () => true;
  return (relDir) => prefixes.some((p) => `${p}/`.startsWith(`${relDir}/`));
}

/**
 * Compiles patterns into a matcher; the last pattern that matches a path (or that matched a parent folder it was
 * checked against) decides whether it is excluded. Throws an `InputError` on `context` for a malformed pattern.
 */
export function createIgnoreMatcher(patterns: readonly IgnorePattern[]): IgnoreMatcher {
  const compiled = patterns.map((p) => {
    try {
      return listed(p);
    } catch (error) {
      throw syntaxError(p.pattern, error);
    }
  });
  const match = (relPath: string, parent: ParentMatches | undefined): IgnoreMatch => {
    const { matched, patterns: inherited } = matchUsingParent(compiled, relPath, parent);
    return { excluded: matched, parent: inherited };
  };
  return {
    match,
    isExcluded(relPath) {
      let parent: ParentMatches | undefined;
      for (let end = relPath.indexOf("/"); ; end = relPath.indexOf("/", end + 1)) {
        const result = match(end < 0 ? relPath : relPath.slice(0, end), parent);
        if (end < 0) return result.excluded;
        parent = result.parent;
      }
    },
    mayHaveIncludedChildren: exceptionReach(patterns),
  };
}
