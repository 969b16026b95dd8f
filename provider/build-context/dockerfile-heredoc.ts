/**
 * Heredoc markers as BuildKit's Dockerfile parser finds them (`parser.ParseHeredoc`, `heredocsFromLine`): the words of
 * an instruction (its lexer, quotes and escapes kept) that read `[fd]<<[-]NAME`, NAME being one word once its quotes
 * and escapes are removed.
 */

import { shellWords, ShellWordError } from "./shell-words";

/** A heredoc an instruction announces. */
export interface Heredoc {
  /** The terminator line (quotes and escapes removed). */
  readonly name: string;
  /** Whether leading tabs are stripped from the body and the terminator (`<<-`). */
  readonly chomp: boolean;
}

const MARKER = /^(\d*)<<(-?)[\t\n\f\r ]*([^<]*)$/;

/**
 * The heredoc `word` announces, undefined when it announces none; throws a ShellWordError when BuildKit's lexer errs
 * on the name (BuildKit then refuses the line).
 */
export function parseHeredoc(word: string): Heredoc | undefined {
  const match = MARKER.exec(word);
  if (!match || match[3] === "") return undefined;
  const words = shellWords(match[3]!, { rawQuotes: false, rawEscapes: false });
  if (words.length !== 1) return undefined;
  return { name: words[0]!, chomp: match[2] === "-" };
}

/** `parseHeredoc` that treats a lexing error as no heredoc (BuildKit's `MustParseHeredoc`). */
export function isHeredocWord(word: string): boolean {
  try {
    return parseHeredoc(word) !== undefined;
  } catch (error) {
    if (error instanceof ShellWordError) return false;
    throw error;
  }
}

/**
 * The heredocs a whole instruction line announces, in order (none when the line does not lex); throws a
 * ShellWordError for a marker whose name does not lex.
 */
export function heredocsOfLine(line: string): Heredoc[] {
  let words: string[];
  try {
    words = shellWords(line, { rawQuotes: true, rawEscapes: true });
  } catch (error) {
    if (error instanceof ShellWordError) return [];
    throw error;
  }
  return words.map(parseHeredoc).filter((h): h is Heredoc => h !== undefined);
}
