/**
 * A Go regular expression (RE2 syntax, as Go's `regexp.Compile` reads it) as a JavaScript RegExp that matches the
 * same strings, for the expressions moby/patternmatcher builds from ignore patterns. Those pass much of a pattern
 * through unchanged (`[`, `]`, `^` and every `\` escape), so `[*]`, `\d` or `a^b` mean what Go's parser makes of them;
 * this follows Go's parser (`regexp/syntax`) for everything but flag groups `(?…)`, which patternmatcher never emits.
 * The JavaScript expression uses the `v` flag and spells every literal as a code-point escape.
 */

import { codePointEscape, perlClass, posixClass, unicodeClass } from "./go-regexp-classes";

/** Go's `regexp.Compile` error, with Go's wording. */
export class GoRegexpError extends SyntaxError {
  override name = "GoRegexpError";
  constructor(code: string, expression: string) {
    super(`error parsing regexp: ${code}: \`${expression}\``);
  }
}

/** One group being read: its finished alternatives and the units of the current one. */
interface Group {
  readonly alternatives: string[];
  units: string[];
}

/** A reader over the expression's code points. */
class Reader {
  readonly chars: readonly string[];
  at = 0;
  constructor(source: string) {
    this.chars = Array.from(source);
  }
  peek(offset = 0): string | undefined {
    return this.chars[this.at + offset];
  }
  next(): string {
    const ch = this.chars[this.at++];
    if (ch === undefined) throw new Error("read past the end of the expression");
    return ch;
  }
  rest(): string {
    return this.chars.slice(this.at).join("");
  }
  get done(): boolean {
    return this.at >= this.chars.length;
  }
}

const OCTAL = /^[0-7]$/;
const HEX = /^[0-9a-fA-F]$/;
const ALNUM = /^[0-9A-Za-z]$/;
const C_ESCAPES: Readonly<Record<string, number>> = { a: 7, f: 12, n: 10, r: 13, t: 9, v: 11 };

/** Go's `parseEscape` after a `\`: the code point it stands for. */
function parseEscape(reader: Reader): number {
  const start = reader.at - 1;
  const c = reader.peek();
  if (c === undefined) throw new GoRegexpError("trailing backslash at end of expression", "");
  reader.next();
  const invalid = (): never => {
    throw new GoRegexpError("invalid escape sequence", reader.chars.slice(start, reader.at).join(""));
  };
  const cp = c.codePointAt(0) ?? 0;
  if (cp < 0x80 && !ALNUM.test(c)) return cp;
  if (c >= "1" && c <= "7" && !OCTAL.test(reader.peek() ?? "")) return invalid();
  if (c >= "0" && c <= "7") {
    let r = cp - 0x30;
    for (let i = 1; i < 3 && OCTAL.test(reader.peek() ?? ""); i++) r = r * 8 + Number(reader.next());
    return r;
  }
  if (c === "x") {
    if (reader.done) return invalid();
    const first = reader.next();
    if (first === "{") {
      let digits = "";
      for (;;) {
        if (reader.done) return invalid();
        const d = reader.next();
        if (d === "}") break;
        if (!HEX.test(d)) return invalid();
        digits += d;
        if (parseInt(digits, 16) > 0x10ffff) return invalid();
      }
      return digits === "" ? invalid() : parseInt(digits, 16);
    }
    const second = reader.done ? "" : reader.next();
    return HEX.test(first) && HEX.test(second) ? parseInt(first + second, 16) : invalid();
  }
  return C_ESCAPES[c] ?? invalid();
}

/** Go's `parseUnicodeClass` at a `\p` or `\P`: the class, or undefined when the text is not one. */
function parseUnicodeClass(reader: Reader): string | undefined {
  const letter = reader.peek(1);
  if (reader.peek() !== "\\" || (letter !== "p" && letter !== "P")) return undefined;
  const start = reader.at;
  const c = reader.peek(2);
  if (c === undefined) return undefined;
  let name: string;
  if (c !== "{") {
    name = c;
    reader.at += 3;
  } else {
    const end = reader.chars.indexOf("}", start);
    if (end < 0) throw new GoRegexpError("invalid character class range", reader.rest());
    name = reader.chars.slice(start + 3, end).join("");
    reader.at = end + 1;
  }
  const cls = unicodeClass(name, letter === "P");
  if (cls === undefined) {
    throw new GoRegexpError("invalid character class range", reader.chars.slice(start, reader.at).join(""));
  }
  return cls;
}

/** Go's `parsePerlClassEscape` at a `\`: `\d`, `\s`, `\w` or a negation, else undefined. */
function parsePerlClass(reader: Reader): string | undefined {
  if (reader.peek() !== "\\") return undefined;
  const cls = perlClass(reader.peek(1) ?? "");
  if (cls !== undefined) reader.at += 2;
  return cls;
}

/** Go's `parseClassChar`: one class character, escaped or not. */
function parseClassChar(reader: Reader, classStart: number): number {
  if (reader.done) throw new GoRegexpError("missing closing ]", reader.chars.slice(classStart).join(""));
  const ch = reader.next();
  return ch === "\\" ? parseEscape(reader) : (ch.codePointAt(0) ?? 0);
}

/** Go's `parseClass` at a `[`: a `v`-mode class with the same members. */
function parseClass(reader: Reader): string {
  const start = reader.at;
  reader.next();
  const negated = reader.peek() === "^";
  if (negated) reader.next();
  const items: string[] = [];
  for (let first = true; reader.done || reader.peek() !== "]" || first; first = false) {
    if (reader.peek() === "[" && reader.peek(1) === ":" && reader.chars.length - reader.at > 2) {
      const close = reader.rest().indexOf(":]", 2);
      if (close >= 0) {
        const bracketed = reader.rest().slice(0, close + 2);
        const cls = posixClass(bracketed);
        if (cls === undefined) throw new GoRegexpError("invalid character class range", bracketed);
        items.push(cls);
        reader.at += Array.from(bracketed).length;
        continue;
      }
    }
    const named = parseUnicodeClass(reader) ?? parsePerlClass(reader);
    if (named !== undefined) {
      items.push(named);
      continue;
    }
    const rangeStart = reader.at;
    const lo = parseClassChar(reader, start);
    let hi = lo;
    if (reader.peek() === "-" && reader.peek(1) !== undefined && reader.peek(1) !== "]") {
      reader.next();
      hi = parseClassChar(reader, start);
      if (hi < lo) {
        throw new GoRegexpError("invalid character class range", reader.chars.slice(rangeStart, reader.at).join(""));
      }
    }
    items.push(lo === hi ? codePointEscape(lo) : `${codePointEscape(lo)}-${codePointEscape(hi)}`);
  }
  reader.next();
  return `[${negated ? "^" : ""}${items.join("")}]`;
}

/** Go's `parseRepeat` at a `{`: `{n}`, `{n,}` or `{n,m}` as JavaScript writes it, or undefined for a literal `{`. */
function parseRepeat(reader: Reader): string | undefined {
  const found = /^\{(\d+)(,(\d*))?\}/.exec(reader.rest());
  if (found === null) return undefined;
  const [text, minText, comma, maxText] = found;
  const min = Number(minText);
  const max = comma === undefined ? min : maxText === "" ? -1 : Number(maxText);
  if (min > 1000 || max > 1000 || (max >= 0 && min > max)) throw new GoRegexpError("invalid repeat count", text);
  reader.at += text.length;
  return comma === undefined ? `{${min}}` : max < 0 ? `{${min},}` : `{${min},${max}}`;
}

/** The JavaScript source for Go's expression; throws a `GoRegexpError` where Go's parser fails. */
function translate(source: string): string {
  const reader = new Reader(source);
  const groups: Group[] = [{ alternatives: [], units: [] }];
  const top = (): Group => groups[groups.length - 1] as Group;
  let lastWasRepeat = false;
  while (!reader.done) {
    const start = reader.at;
    const ch = reader.peek() as string;
    let repeat: string | undefined;
    if (ch === "*" || ch === "+" || ch === "?") repeat = reader.next();
    else if (ch === "{") repeat = parseRepeat(reader);
    if (repeat !== undefined) {
      if (reader.peek() === "?") repeat += reader.next();
      const text = reader.chars.slice(start, reader.at).join("");
      if (lastWasRepeat) throw new GoRegexpError("invalid nested repetition operator", text);
      const operand = top().units.pop();
      if (operand === undefined) throw new GoRegexpError("missing argument to repetition operator", text);
      top().units.push(`(?:${operand})${repeat}`);
      lastWasRepeat = true;
      continue;
    }
    lastWasRepeat = false;
    if (ch === "(") {
      if (reader.peek(1) === "?") throw new GoRegexpError("flag groups are not supported here", reader.rest());
      reader.next();
      groups.push({ alternatives: [], units: [] });
    } else if (ch === ")") {
      reader.next();
      const group = groups.pop();
      if (group === undefined || groups.length === 0) throw new GoRegexpError("unexpected )", source);
      top().units.push(`(?:${[...group.alternatives, group.units.join("")].join("|")})`);
    } else if (ch === "|") {
      reader.next();
      top().alternatives.push(top().units.join(""));
      top().units = [];
    } else if (ch === "^" || ch === "$" || ch === ".") {
      reader.next();
      top().units.push(ch === "." ? "[^\\n]" : ch);
    } else if (ch === "[") {
      top().units.push(parseClass(reader));
    } else if (ch === "\\") {
      top().units.push(...escapeUnits(reader));
    } else {
      top().units.push(codePointEscape(reader.next().codePointAt(0) ?? 0));
    }
  }
  if (groups.length !== 1) throw new GoRegexpError("missing closing )", source);
  return [...top().alternatives, top().units.join("")].join("|");
}

/** The units of an escape outside a class: an assertion, `\Q…\E` literals, a named class or one character. */
function escapeUnits(reader: Reader): string[] {
  const letter = reader.peek(1);
  const assertion = { A: "^", b: "\\b", B: "\\B", z: "$" }[letter ?? ""];
  if (assertion !== undefined) {
    reader.at += 2;
    return [assertion];
  }
  if (letter === "C") throw new GoRegexpError("invalid escape sequence", "\\C");
  if (letter === "Q") {
    reader.at += 2;
    const rest = reader.rest();
    const end = rest.indexOf("\\E");
    const literal = end < 0 ? rest : rest.slice(0, end);
    reader.at += Array.from(literal).length + (end < 0 ? 0 : 2);
    return Array.from(literal, (c) => codePointEscape(c.codePointAt(0) ?? 0));
  }
  const named = parseUnicodeClass(reader) ?? parsePerlClass(reader);
  if (named !== undefined) return [named];
  reader.next();
  return [codePointEscape(parseEscape(reader))];
}

/**
 * Compiles a Go regular expression into a JavaScript RegExp matching the same strings; throws a `GoRegexpError`
 * where Go's `regexp.Compile` fails.
 */
export function goRegexp(source: string): RegExp {
  return new RegExp(translate(source), "v");
}
