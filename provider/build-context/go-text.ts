/**
 * Text and value rules of Go's standard library as BuildKit's Dockerfile parser meets them: which characters are
 * space (`unicode.IsSpace`, not JavaScript's `\s`: U+0085 is, U+FEFF is not), trimming, lower-casing, and the parsers
 * of booleans, integers and durations its flags use. Each function says which Go function it stands for.
 */

import { editDistance } from "../core/edit-distance";

/** Go's `unicode.IsSpace`. */
export function isGoSpace(ch: string): boolean {
  return /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]$/.test(ch);
}

/** The same set as a character class, for regular expressions. */
export const GO_SPACE = "\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";

const LEADING_SPACE = new RegExp(`^[${GO_SPACE}]+`);
const TRAILING_SPACE = new RegExp(`[${GO_SPACE}]+$`);

/** Go's `strings.TrimSpace`. */
export function trimGoSpace(text: string): string {
  return trimGoSpaceLeft(text).replace(TRAILING_SPACE, "");
}

/** Go's `strings.TrimLeftFunc(text, unicode.IsSpace)`. */
export function trimGoSpaceLeft(text: string): string {
  return text.replace(LEADING_SPACE, "");
}

/** Go's `strings.ToLower` (JavaScript's, but U+0130 lower-cases to one `i` as in Go, not to `i` and a dot). */
export function goLower(text: string): string {
  return text.replace(/\u0130/g, "i").toLowerCase();
}

/** Go's `strings.EqualFold` for an ASCII `word`: `aſ` folds to `as`, the Kelvin sign to `k`. */
export function equalFold(text: string, word: string): boolean {
  const folded = text.replace(/\u017f/g, "s").replace(/\u212a/g, "k");
  return folded.length === word.length && folded.toLowerCase() === word.toLowerCase();
}

/** Go's `strconv.ParseBool`. */
export function parseGoBool(text: string): boolean | undefined {
  if (["1", "t", "T", "TRUE", "true", "True"].includes(text)) return true;
  if (["0", "f", "F", "FALSE", "false", "False"].includes(text)) return false;
  return undefined;
}

/** Go's `strconv.ParseInt(text, 10, 32)`: undefined when it errs (not a number, or out of int32's range). */
export function parseGoInt32(text: string): number | undefined {
  if (!/^[+-]?[0-9]+$/.test(text)) return undefined;
  const value = Number(text);
  return value >= -(2 ** 31) && value <= 2 ** 31 - 1 ? value : undefined;
}

/** Nanoseconds per unit of Go's `time.ParseDuration`. */
const DURATION_UNITS: Readonly<Record<string, bigint>> = {
  ns: 1n,
  us: 1000n,
  "\u00b5s": 1000n,
  "\u03bcs": 1000n,
  ms: 1000000n,
  s: 1000000000n,
  m: 60000000000n,
  h: 3600000000000n,
};
const LIMIT = 2n ** 63n;

/** Go's `time.ParseDuration`, in nanoseconds; undefined when it errs (bad syntax, unknown unit, overflow). */
export function parseGoDuration(text: string): bigint | undefined {
  let rest = text;
  const negative = rest.startsWith("-");
  if (negative || rest.startsWith("+")) rest = rest.slice(1);
  if (rest === "0") return 0n;
  if (rest === "") return undefined;
  let total = 0n;
  while (rest !== "") {
    // A number (digits, a point, digits; at least one digit) and a unit (everything up to the next digit or point).
    const match = /^([0-9]*)(?:\.([0-9]*))?([^0-9.]*)/.exec(rest)!;
    const [all, whole = "", fraction = "", unitName = ""] = match;
    if (whole === "" && fraction === "") return undefined;
    const unit = Object.hasOwn(DURATION_UNITS, unitName) ? DURATION_UNITS[unitName] : undefined;
    if (unit === undefined || BigInt(whole || "0") > LIMIT / unit) return undefined;
    // Go adds the fraction through a float64; only whether a value is zero, under a millisecond or too big matters.
    const digits = fraction.slice(0, 19);
    const value =
      BigInt(whole || "0") * unit + (digits === "" ? 0n : (BigInt(digits) * unit) / 10n ** BigInt(digits.length));
    total += value;
    if (value > LIMIT || total > LIMIT) return undefined;
    rest = rest.slice(all.length);
  }
  if (!negative && total > LIMIT - 1n) return undefined;
  return negative ? -total : total;
}

/** Go's `strings.ToUpper` (JavaScript's, but a character whose upper case is longer stays as it is, as in Go). */
export function goUpper(text: string): string {
  return [...text].map((c) => (c.toUpperCase().length === c.length ? c.toUpperCase() : c)).join("");
}

/** Go's `strings.Cut(text, sep)`. */
export function cut(text: string, sep: string): [string, string, boolean] {
  const at = text.indexOf(sep);
  return at < 0 ? [text, "", false] : [text.slice(0, at), text.slice(at + sep.length), true];
}

/** The closest of `options` to `word`, fewer than three edits away and not equal to it (BuildKit's `suggest`). */
export function closest(word: string, options: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const option of options) {
    if (option === word) return undefined;
    if (Math.abs(option.length - word.length) >= bestDistance) continue;
    const d = editDistance(word, option);
    if (d < bestDistance) [best, bestDistance] = [option, d];
  }
  return best;
}
