/**
 * BuildKit's shell-word lexer (`frontend/dockerfile/shell`, `ProcessWords`) as its Dockerfile parser uses it to find
 * heredocs: no variables set and unset ones kept as written (`SkipUnsetEnv`), `\` as the escape, quotes and escapes
 * kept or removed as asked. Its quirks are kept on purpose, since they decide what is a heredoc: `<< EOF` is one word,
 * a `${…}` forgets the word it interrupts, and any syntax error (an open quote, `${`) means no words at all.
 */

import { isGoSpace } from "./go-text";

/** How the lexer treats quotes and escapes. */
export interface ShellWordOptions {
  /** Keep quote characters in the words (`RawQuotes`). */
  readonly rawQuotes: boolean;
  /** Keep escape characters in the words (`RawEscapes`). */
  readonly rawEscapes: boolean;
}

/** A lexing error (an unterminated quote, a bad `${…}`): BuildKit's words are then none. */
export class ShellWordError extends Error {
  override name = "ShellWordError";
}

const EOF = "";
const ESCAPE = "\\";

/** The words being collected; its buffer is shared by nested `${…}` reads, as BuildKit's is. */
class Words {
  readonly words: string[] = [];
  inWord = false;
  constructor(private readonly shared: { buf: string }) {}

  addChar(ch: string): void {
    if (isGoSpace(ch)) {
      if (this.inWord && this.shared.buf !== "") {
        this.words.push(this.shared.buf);
        this.shared.buf = "";
        this.inWord = false;
      }
    } else this.addRaw(ch);
  }

  addRaw(text: string): void {
    this.shared.buf += text;
    this.inWord = true;
  }

  addString(text: string): void {
    for (const ch of text) this.addChar(ch);
  }

  done(): string[] {
    if (this.shared.buf !== "") {
      this.words.push(this.shared.buf);
      this.shared.buf = "";
      this.inWord = false;
    }
    return this.words;
  }
}

/** One run of the lexer over a source. */
class Lexer {
  private readonly chars: string[];
  private position = 0;
  private readonly shared = { buf: "" };
  private rawEscapes: boolean;

  constructor(
    source: string,
    private readonly options: ShellWordOptions,
  ) {
    this.chars = [...source];
    // Go's text/scanner drops a byte order mark at the start.
    if (this.chars[0] === "\uFEFF") this.chars.shift();
    this.rawEscapes = options.rawEscapes;
  }

  private peek(): string {
    return this.chars[this.position] ?? EOF;
  }

  private next(): string {
    return this.chars[this.position++] ?? EOF;
  }

  /** Reads up to `stop` (or the end), giving the text and its words (`processStopOn`). */
  readUntil(stop: string, rawEscapes: boolean, keepPatternEscapes: boolean): { text: string; words: string[] } {
    const saved = this.rawEscapes;
    this.rawEscapes = rawEscapes;
    try {
      this.shared.buf = "";
      const words = new Words(this.shared);
      let text = "";
      while (this.peek() !== EOF) {
        const ch = this.peek();
        if (stop !== EOF && ch === stop) {
          this.next();
          return { text, words: words.done() };
        }
        const special = this.special(ch, keepPatternEscapes);
        if (special !== undefined) {
          const read = special();
          text += read;
          if (ch === "$") words.addString(read);
          else words.addRaw(read);
          continue;
        }
        let c = this.next();
        if (c === ESCAPE) {
          if (this.rawEscapes) {
            words.addRaw(c);
            text += c;
          }
          c = this.next();
          if (c === EOF) break;
          words.addRaw(c);
        } else words.addChar(c);
        text += c;
      }
      if (stop !== EOF) throw new ShellWordError(`unexpected end of statement while looking for matching ${stop}`);
      return { text, words: words.done() };
    } finally {
      this.rawEscapes = saved;
    }
  }

  private special(ch: string, keepPatternEscapes: boolean): (() => string) | undefined {
    if (ch === "$") return () => this.dollar();
    if (ch === "<") return () => this.possibleHeredoc();
    if (ch === "'") return () => this.singleQuoted(keepPatternEscapes);
    if (ch === '"') return () => this.doubleQuoted(keepPatternEscapes);
    return undefined;
  }

  private singleQuoted(keepPatternEscapes: boolean): string {
    let text = this.options.rawQuotes ? this.next() : (this.next(), "");
    for (;;) {
      const ch = this.next();
      if (ch === EOF) throw new ShellWordError("unexpected end of statement while looking for matching single-quote");
      if (ch === "'") return this.options.rawQuotes ? text + ch : text;
      if (keepPatternEscapes && ch === ESCAPE) text += ch;
      text += ch;
    }
  }

  private doubleQuoted(keepPatternEscapes: boolean): string {
    let text = this.options.rawQuotes ? this.next() : (this.next(), "");
    for (;;) {
      const ahead = this.peek();
      if (ahead === EOF)
        throw new ShellWordError("unexpected end of statement while looking for matching double-quote");
      if (ahead === '"') return this.options.rawQuotes ? text + this.next() : (this.next(), text);
      if (ahead === "$") {
        text += this.dollar();
        continue;
      }
      let ch = this.next();
      if (ch === ESCAPE) {
        const escaped = this.peek();
        if (escaped === EOF) continue;
        if (escaped === '"' || escaped === "$" || escaped === ESCAPE) {
          if (this.rawEscapes) text += ch;
          ch = this.next();
        } else if (this.rawEscapes && (!this.options.rawQuotes || keepPatternEscapes)) text += ch;
      }
      text += ch;
    }
  }

  /** `$name`, `${name}`, `${name<modifier>word}`, `${name/pattern/replacement}`: kept as written (nothing is set). */
  private dollar(): string {
    this.next();
    if (this.peek() !== "{") {
      const name = this.name();
      return `$${name}`;
    }
    this.next();
    const first = this.peek();
    if (first === EOF) throw new ShellWordError("syntax error: missing '}'");
    if (first === "{" || first === "}" || first === ":") throw new ShellWordError("syntax error: bad substitution");
    const name = this.name();
    let ch = this.next();
    let modifier = ch === EOF ? "\uFFFD" : ch;
    if (ch === "}") return `\${${name}}`;
    if (ch === ":" || (ch !== EOF && "+-?#%".includes(ch))) {
      const nullIsUnset = ch === ":";
      if (nullIsUnset) {
        ch = this.next();
        modifier += ch === EOF ? "\uFFFD" : ch;
      }
      const raw = ch === "#" || ch === "%";
      if (nullIsUnset && raw) throw new ShellWordError(`unsupported modifier (${modifier}) in substitution`);
      const word = this.readNested("}", raw, raw, "syntax error: missing '}'");
      return `\${${name}${modifier}${word}}`;
    }
    if (ch === "/") {
      if (this.peek() === "/") this.next();
      const pattern = this.readNested("/", true, true, "syntax error: missing '/' in ${}");
      const replacement = this.readNested("}", true, false, "syntax error: missing '}'");
      return `\${${name}/${pattern}/${replacement}}`;
    }
    throw new ShellWordError(`unsupported modifier (${modifier}) in substitution`);
  }

  private readNested(stop: string, rawEscapes: boolean, keepPatternEscapes: boolean, atEnd: string): string {
    try {
      return this.readUntil(stop, rawEscapes, keepPatternEscapes).text;
    } catch (error) {
      if (this.peek() === EOF) throw new ShellWordError(atEnd);
      throw error;
    }
  }

  /** A variable name: digits, one special parameter, or letters, digits and `_` (`processName`). */
  private name(): string {
    let name = "";
    while (this.peek() !== EOF) {
      const ch = this.peek();
      if (name === "" && /^\p{Nd}$/u.test(ch)) {
        while (/^\p{Nd}$/u.test(this.peek())) name += this.next();
        return name;
      }
      if (name === "" && "@*#?-$!0".includes(ch)) return this.next();
      if (!/^[\p{L}\p{Nd}_]$/u.test(ch)) break;
      name += this.next();
    }
    return name;
  }

  /** `<<` and the spaces after it stay one piece of a word; a single `<` is itself. */
  private possibleHeredoc(): string {
    this.next();
    if (this.peek() !== "<") return "<";
    this.next();
    let spaces = "";
    while (this.peek() === " " || this.peek() === "\t" || this.peek() === "\r") spaces += this.next();
    return `<<${spaces}`;
  }
}

/** The words BuildKit's lexer makes of `source`; throws a ShellWordError where BuildKit's lexer errs. */
export function shellWords(source: string, options: ShellWordOptions): string[] {
  return new Lexer(source, options).readUntil(EOF, options.rawEscapes, false).words;
}
