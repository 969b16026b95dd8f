/**
 * One `.dockerignore` pattern compiled to a path predicate, following moby/patternmatcher: `*` and `?` never cross
 * a `/`, `**` spans any number of folders (including none), `[...]` is a character class and `\` escapes.
 */

/** A compiled pattern: tells whether one slash-separated relative path matches it exactly (no parent matching). */
export type PathPredicate = (relPath: string) => boolean;

/** Characters moby escapes because they are special in a regular expression but literal in a path pattern. */
const REGEXP_ONLY = new Set([".", "+", "(", ")", "|", "{", "}", "$"]);
/** Characters that need a backslash to be literal in a JavaScript `u`-mode regular expression. */
const REGEXP_SYNTAX = new Set(["^", "$", "\\", ".", "*", "+", "?", "(", ")", "[", "]", "{", "}", "|", "/", "-"]);

type MatchType = "exact" | "prefix" | "suffix" | "regexp";

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

function literal(ch: string): string {
  return REGEXP_SYNTAX.has(ch) ? `\\${ch}` : ch;
}

/** Translates the inside of a `[...]` class starting after the `[`; returns the regexp text and the next index. */
function translateClass(chars: readonly string[], start: number, pattern: string): [string, number] {
  let out = "[";
  let i = start;
  if (chars[i] === "^") {
    out += "^";
    i++;
  }
  const first = i;
  for (; i < chars.length; i++) {
    const ch = chars[i] as string;
    if (ch === "]" && i > first) return [out + "]", i + 1];
    if (ch === "\\") {
      const next = chars[++i];
      if (next === undefined) break;
      out += literal(next);
    } else out += ch === "-" && i > first ? "-" : literal(ch);
  }
  throw new SyntaxError(`unclosed "[" in pattern "${pattern}"`);
}

/** The regexp source and the match type moby would pick for a cleaned pattern. */
function translate(pattern: string): { source: string; type: MatchType } {
  const chars = Array.from(pattern);
  let source = "^";
  let type: MatchType = "exact";
  let i = 0;
  for (let step = 0; i < chars.length; step++) {
    const ch = chars[i++] as string;
    if (ch === "*" && chars[i] === "*") {
      i += chars[i + 1] === "/" ? 2 : 1;
      if (i < chars.length) {
        source += "(?:.*/)?"; // any number of folders, including none
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
    } else if (ch === "\\") {
      const next = chars[i++];
      if (next === undefined) throw new SyntaxError(`pattern "${pattern}" ends with an escaping "\\"`);
      source += literal(next);
      type = "regexp";
    } else if (ch === "[") {
      const [cls, next] = translateClass(chars, i, pattern);
      source += cls;
      i = next;
      type = "regexp";
    } else if (ch === "]") {
      source += "\\]";
      type = "regexp";
    } else source += REGEXP_ONLY.has(ch) ? `\\${ch}` : ch === "^" ? "\\^" : ch;
  }
  return { source: source + "$", type };
}

/**
 * Compiles a cleaned pattern (no leading `!`) into a predicate; throws a `SyntaxError` when the pattern is malformed,
 * e.g. an unclosed `[` or a trailing `\`.
 */
export function compilePattern(pattern: string): PathPredicate {
  const { source, type } = translate(pattern);
  const regexp = new RegExp(source, "u");
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
    case "regexp":
      return (p) => regexp.test(p);
  }
}
