/**
 * moby/patternmatcher's `MatchesUsingParentResults`, as fsutil's walk (and go-archive's) calls it: a path is matched
 * against a list of patterns knowing which of them its parent folder matched, instead of checking every parent again.
 * A pattern the parent matched matches; one that was not checked for the parent (an inclusion once the parent was
 * matched, an exception while it was not) counts as not matched, and is then checked against the path alone. So with
 * `a`, `!a/b/keep.me`, `a` the second `a` does not match `a/b/keep.me` (it was skipped for `a`), which is kept.
 */

import type { PathPredicate } from "./pattern";

/** One pattern of a list: whether it is an exception (`!`) and whether a path matches it exactly. */
export interface ListedPattern {
  /** Whether the pattern started with `!`. */
  readonly exception: boolean;
  /** Whether a path matches the pattern itself (no parent matching). */
  readonly matches: PathPredicate;
}

/** Which patterns of the list a folder matched, by index (patternmatcher's `MatchInfo`). */
export type ParentMatches = readonly boolean[];

/** Whether the list matches a path, and which of its patterns matched it (for the path's children). */
export interface ListMatch {
  /** Whether the last pattern that matched is not an exception. */
  readonly matched: boolean;
  /** Which patterns matched, for the paths inside this one. */
  readonly patterns: ParentMatches;
}

/**
 * Matches `relPath` against `patterns` given what its parent folder matched; `parent` is undefined for a path at the
 * top of the walk (which has no parent folder to check).
 */
export function matchUsingParent(
  patterns: readonly ListedPattern[],
  relPath: string,
  parent: ParentMatches | undefined,
): ListMatch {
  let matched = false;
  const matchedPatterns = patterns.map(() => false);
  for (const [i, { exception, matches }] of patterns.entries()) {
    let match = parent?.[i] ?? false;
    if (!match) {
      if (exception !== matched) continue;
      match = matches(relPath);
    }
    matchedPatterns[i] = match;
    if (match) matched = !exception;
  }
  return { matched, patterns: matchedPatterns };
}
