/**
 * One `.dockerignore` pattern compiled to a path predicate, as moby/patternmatcher compiles it on Linux: `New` refuses
 * what Go's `filepath.Match` calls malformed; the first match turns the pattern into an exact, prefix or suffix
 * comparison, or into a Go regexp (`*` and `?` never cross a `/`, `**` spans any number of folders, `[`, `]`, `^` and
 * every `\` escape passed to Go's regexp as written). A regexp Go refuses fails each match, not the pattern's reading,
 * as in patternmatcher (BuildKit then fails the walk that reaches it).
 */

import { goPathMatch } from "./go-path-match";
import { goRegexp } from "./go-regexp";

/** A compiled pattern: tells whether one slash-separated relative path matches it exactly (no parent matching). */
export type PathPredicate = (relPath: string) => boolean;

/** How patternmatcher compares a path with a pattern. */
type MatchType = "exact" | "prefix" | "suffix" | "regexp";

/**
 * Characters patternmatcher escapes (`shouldEscape`). It means to escape `.+()|{}$`, but its bitmap loses the bits of
 * `|`, `{` and `}` (a byte shifted by 15), so those reach Go's regexp as alternation and repetition.
 */
const SHOULD_ESCAPE = new Set([".", "+", "(", ")", "$"]);

/** Characters that make fsutil walk every excluded folder rather than only those a pattern names (`patternChars`). */
export const PATTERN_CHARS = /[*[\]?^\\]/;

/** Cleans a slash-separated path like Go's `path.Clean`: no empty or `.` segments, `..` resolved lexically. */
export function cleanPath(p: string): string {
  if (p === "") return ".";
  const rooted = p.startsWith("/");
  const out: string[] = [];
  for (const part of p.split("/")) {
    if (part === "" || part === ".") continue;
    if (part !== "..") out.push(part);
    else if (out.length > 0 && out[out.length - 1] !== "..") out.pop();
    else if (!rooted) out.push("..");
  }
  const cleaned = (rooted ? "/" : "") + out.join("/");
  return cleaned === "" ? "." : cleaned;
}

/** fsutil's `patternWithoutTrailingGlob`: `/**`, then `/*`, cut from the end. */
export function withoutTrailingGlob(pattern: string): string {
  const cut = pattern.endsWith("/**") ? pattern.slice(0, -3) : pattern;
  return cut.endsWith("/*") ? cut.slice(0, -2) : cut;
}

/** patternmatcher's `compile`: the Go regexp it builds for a cleaned pattern, and how it compares paths with it. */
export function patternRegexp(pattern: string): { source: string; type: MatchType } {
  const chars = Array.from(pattern);
  let source = "^";
  let type: MatchType = "exact";
  let i = 0;
  for (let step = 0; i < chars.length; step++) {
    const ch = chars[i++] as string;
    if (ch === "*" && chars[i] === "*") {
      i += chars[i + 1] === "/" ? 2 : 1;
      if (i < chars.length) {
        source += "(.*/)?"; // any number of folders, including none
        type = "regexp";
      } else if (type === "exact") {
        type = "prefix"; // a trailing `**` accepts everything after the literal part
      } else {
        source += ".*";
        type = "regexp";
      }
      if (step === 0) type = "suffix"; // a leading `**` accepts everything before the rest
    } else if (ch === "*" || ch === "?") {
      source += ch === "*" ? "[^/]*" : "[^/]";
      type = "regexp";
    } else if (SHOULD_ESCAPE.has(ch)) {
      source += `\\${ch}`;
    } else if (ch === "\\") {
      // A `\` escapes the next character for Go's regexp, whatever it is; a last one stays as it is.
      const next = chars[i++];
      source += next === undefined ? "\\" : `\\${next}`;
      if (next !== undefined) type = "regexp";
    } else {
      source += ch;
      if (ch === "[" || ch === "]") type = "regexp";
    }
  }
  return { source: type === "regexp" ? `${source}$` : source, type };
}

/**
 * Compiles a cleaned pattern (no leading `!`) into a predicate; throws a `BadPatternError` where patternmatcher's
 * `New` refuses the pattern (Go's `filepath.Match` finds it malformed, e.g. `a[` or `[a-]`). The predicate throws a
 * `GoRegexpError` on every call when Go's regexp refuses what the pattern became (e.g. `x*[`, which `filepath.Match`
 * does not read as far as the `[`).
 */
export function compilePattern(pattern: string): PathPredicate {
  goPathMatch(pattern, ".");
  const { source, type } = patternRegexp(pattern);
  switch (type) {
    case "exact":
      return (p) => p === pattern;
    case "prefix": {
      const prefix = pattern.slice(0, -2);
      return (p) => p.startsWith(prefix);
    }
    case "suffix": {
      const suffix = pattern.slice(2);
      return (p) => p.endsWith(suffix) || (suffix.startsWith("/") && p === suffix.slice(1));
    }
    case "regexp": {
      let regexp: RegExp | undefined;
      return (p) => (regexp ??= goRegexp(source)).test(p);
    }
  }
}
