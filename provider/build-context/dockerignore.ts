/**
 * `.dockerignore` parsing and matching with Docker's semantics: the docker CLI's reading of the file
 * (comments, trimming, cleaning, leading `/` dropped) and moby/patternmatcher's matching (last match wins, a path
 * is matched when it or one of its parent folders matches).
 */

import { InputError } from "../core/errors";
import { cleanPath, compilePattern, type PathPredicate } from "./pattern";

/** One parsed `.dockerignore` line. */
export interface IgnorePattern {
  /** The cleaned pattern relative to the context root, without the leading `!`, e.g. `build/**` or `*.md`. */
  readonly pattern: string;
  /** Whether the line started with `!`, re-including what earlier patterns excluded. */
  readonly exception: boolean;
}

/** Decides which paths of a build context the patterns exclude. */
export interface IgnoreMatcher {
  /** Whether the patterns exclude a slash-separated path relative to the context root, e.g. `src/app.ts`. */
  isExcluded(relPath: string): boolean;
  /** Whether an exception pattern could re-include something inside an excluded folder, so it must be walked. */
  mayHaveIncludedChildren(relDir: string): boolean;
}

const UTF8_BOM = "\uFEFF";
/** Characters that make an exception pattern unusable as a plain folder prefix (BuildKit's list). */
const WILDCARDS = /[*[\]?^\\]/;

function syntaxError(pattern: string, cause: unknown): InputError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new InputError("context", `.dockerignore pattern "${pattern}" is invalid (${reason}); fix or remove it`, {
    cause,
  });
}

/** Cleans one non-comment line the way the docker CLI does; returns undefined for a blank line. */
function readLine(raw: string): IgnorePattern | undefined {
  let pattern = raw.trim();
  if (pattern === "") return undefined;
  const exception = pattern.startsWith("!");
  if (exception) pattern = pattern.slice(1).trim();
  if (pattern !== "") {
    pattern = cleanPath(pattern);
    if (pattern.length > 1 && pattern.startsWith("/")) pattern = pattern.slice(1);
  }
  if (exception && pattern === "") throw syntaxError(raw.trim(), new Error('a lone "!" excludes nothing'));
  return { pattern, exception };
}

/**
 * Parses `.dockerignore` text into patterns, in file order: lines starting with `#` are comments, surrounding
 * whitespace is trimmed, blank lines are skipped, `!` marks an exception and each pattern is cleaned like Go's
 * `filepath.Clean` with any leading `/` dropped. Throws an `InputError` on `context` for a malformed pattern.
 */
export function parseDockerignore(text: string): IgnorePattern[] {
  const patterns: IgnorePattern[] = [];
  const lines = (text.startsWith(UTF8_BOM) ? text.slice(1) : text).split("\n");
  for (const line of lines) {
    if (line.startsWith("#")) continue;
    const parsed = readLine(line.endsWith("\r") ? line.slice(0, -1) : line);
    if (parsed === undefined) continue;
    checkSyntax(parsed.pattern);
    patterns.push(parsed);
  }
  return patterns;
}

function checkSyntax(pattern: string): PathPredicate {
  try {
    return compilePattern(pattern);
  } catch (error) {
    throw syntaxError(pattern, error);
  }
}

/** Whether `predicate` matches `relPath` or one of its parent folders (moby's `MatchesOrParentMatches`). */
function matchesOrParent(predicate: PathPredicate, relPath: string): boolean {
  if (predicate(relPath)) return true;
  for (let slash = relPath.indexOf("/"); slash > 0; slash = relPath.indexOf("/", slash + 1)) {
    if (predicate(relPath.slice(0, slash))) return true;
  }
  return false;
}

function withoutTrailingGlob(pattern: string): string {
  if (pattern.endsWith("/**")) return pattern.slice(0, -3);
  if (pattern.endsWith("/*")) return pattern.slice(0, -2);
  return pattern;
}

/**
 * Decides, for a folder excluded by the patterns, whether an exception could re-include something inside it:
 * BuildKit's rule — always when an exception has a wildcard, else when an exception names a path inside it.
 */
function exceptionReach(patterns: readonly IgnorePattern[]): (relDir: string) => boolean {
  const prefixes = patterns.filter((p) => p.exception).map((p) => withoutTrailingGlob(p.pattern));
  if (prefixes.length === 0) return () => false;
  if (prefixes.some((p) => WILDCARDS.test(p))) return () => true;
  return (relDir) => prefixes.some((p) => `${p}/`.startsWith(`${relDir}/`));
}

/**
 * Compiles patterns into a matcher; the last pattern that matches a path (or one of its parents) decides whether it
 * is excluded. Throws an `InputError` on `context` for a malformed pattern.
 */
export function createIgnoreMatcher(patterns: readonly IgnorePattern[]): IgnoreMatcher {
  const compiled = patterns.map((p) => ({ exception: p.exception, predicate: checkSyntax(p.pattern) }));
  const reach = exceptionReach(patterns);
  return {
    isExcluded(relPath) {
      let excluded = false;
      for (const { exception, predicate } of compiled) {
        // An exclusion cannot change an excluded path, nor an exception an included one.
        if (exception !== excluded) continue;
        if (matchesOrParent(predicate, relPath)) excluded = !exception;
      }
      return excluded;
    },
    mayHaveIncludedChildren: reach,
  };
}
