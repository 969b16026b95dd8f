/**
 * How BuildKit's Dockerfile parser splits the text after a keyword into words: the leading `--flags`
 * (`extractBuilderFlags`, which reads bytes) and the words of ENV, LABEL and ARG (`parseWords`, which keeps quotes and
 * escapes). Space is Go's `unicode.IsSpace`.
 */

import { isGoSpace } from "./go-text";

/** Whether a byte is space when Go reads it as a rune on its own (`unicode.IsSpace(rune(b))`). */
export function isSpaceByte(byte: number): boolean {
  return isGoSpace(String.fromCharCode(byte));
}

/**
 * The leading `--flags` of the arguments and the rest (`extractBuilderFlags`). It reads bytes, as BuildKit does: a
 * byte 0x85 or 0xA0 inside a character separates words there too.
 */
export function extractFlags(text: string, escape: string): { rest: string; flags: string[] } {
  const bytes = Buffer.from(text, "utf8");
  const escapeByte = escape.charCodeAt(0);
  const flags: string[] = [];
  const rest = (pos: number): { rest: string; flags: string[] } => ({ rest: bytes.subarray(pos).toString(), flags });
  let phase: "spaces" | "word" | "quote" = "spaces";
  let word = "";
  let quote = 0;
  let blankOk = false;
  for (let pos = 0; pos <= bytes.length; pos++) {
    const end = pos === bytes.length;
    let ch = end ? 0 : bytes[pos]!;
    if (phase === "spaces") {
      if (end) break;
      if (isSpaceByte(ch)) continue;
      if (ch !== 0x2d || pos + 1 === bytes.length || bytes[pos + 1] !== 0x2d) return rest(pos);
      phase = "word";
    }
    if (end) {
      if (word !== "--" && (blankOk || word.length > 0)) flags.push(word);
      break;
    }
    if (phase === "word") {
      if (isSpaceByte(ch)) {
        phase = "spaces";
        if (word === "--") return rest(pos);
        if (blankOk || word.length > 0) flags.push(word);
        word = "";
        blankOk = false;
        continue;
      }
      if (ch === 0x27 || ch === 0x22) {
        quote = ch;
        blankOk = true;
        phase = "quote";
        continue;
      }
      if (ch === escapeByte) {
        if (pos + 1 === bytes.length) continue;
        ch = bytes[++pos]!;
      }
      word += String.fromCharCode(ch);
      continue;
    }
    if (ch === quote) {
      phase = "word";
      continue;
    }
    if (ch === escapeByte) {
      if (pos + 1 === bytes.length) {
        phase = "word";
        continue;
      }
      ch = bytes[++pos]!;
    }
    word += String.fromCharCode(ch);
  }
  return { rest: "", flags };
}

/** Words separated by space, quotes and escapes kept (`parseWords`, for ENV, LABEL and ARG). */
export function splitWords(text: string, escape: string): string[] {
  const words: string[] = [];
  const chars = [...text];
  let phase: "spaces" | "word" | "quote" = "spaces";
  let quote = "";
  let blankOk = false;
  let word = "";
  for (let pos = 0; pos <= chars.length; pos++) {
    const end = pos === chars.length;
    let ch = chars[pos] ?? "";
    if (phase === "spaces") {
      if (end) break;
      if (isGoSpace(ch)) continue;
      phase = "word";
    }
    if (end) {
      if (blankOk || word !== "") words.push(word);
      break;
    }
    if (phase === "word") {
      if (isGoSpace(ch)) {
        phase = "spaces";
        if (blankOk || word !== "") words.push(word);
        word = "";
        blankOk = false;
        continue;
      }
      if (ch === "'" || ch === '"') {
        quote = ch;
        blankOk = true;
        phase = "quote";
      }
      if (ch === escape) {
        if (pos + 1 === chars.length) continue;
        word += ch;
        ch = chars[++pos]!;
      }
      word += ch;
      continue;
    }
    if (ch === quote) phase = "word";
    if (ch === escape && quote !== "'") {
      if (pos + 1 === chars.length) {
        phase = "word";
        continue;
      }
      word += ch;
      ch = chars[++pos]!;
    }
    word += ch;
  }
  return words;
}
