/**
 * Go's `filepath.Match` on Linux, ported byte for byte, for the one use moby/patternmatcher makes of it: `New` calls
 * `filepath.Match(pattern, ".")` and refuses the pattern when it returns `ErrBadPattern`. Go checks a pattern only as
 * far as the match gets: after a part that cannot match `.`, the rest is not read, so `x*[` passes this check (and
 * fails later, when patternmatcher compiles its regexp) while `*[` does not.
 */

/** Go's `filepath.ErrBadPattern`. */
export class BadPatternError extends SyntaxError {
  override name = "BadPatternError";
  constructor() {
    super("syntax error in pattern");
  }
}

const SLASH = 0x2f;
const BACKSLASH = 0x5c;
const STAR = 0x2a;
const OPEN = 0x5b;
const CLOSE = 0x5d;
const DASH = 0x2d;
const CARET = 0x5e;
const QUESTION = 0x3f;
const RUNE_ERROR = 0xfffd;

/** Go's `utf8.DecodeRune`: the code point at `at` and its length; U+FFFD and 1 for an invalid byte (0, 0 at the end). */
function decodeRune(bytes: Uint8Array, at: number): [rune: number, size: number] {
  const b0 = bytes[at];
  if (b0 === undefined) return [RUNE_ERROR, 0];
  if (b0 < 0x80) return [b0, 1];
  const size = b0 >= 0xf5 ? 0 : b0 >= 0xf0 ? 4 : b0 >= 0xe0 ? 3 : b0 >= 0xc2 ? 2 : 0;
  if (size === 0 || at + size > bytes.length) return [RUNE_ERROR, 1];
  const encoded = Buffer.from(bytes.subarray(at, at + size));
  const text = encoded.toString("utf8");
  // Node replaces what is not UTF-8 (surrogates, overlong forms) by U+FFFD, which then encodes otherwise.
  if (!Buffer.from(text, "utf8").equals(encoded)) return [RUNE_ERROR, 1];
  return [text.codePointAt(0) ?? RUNE_ERROR, size];
}

/** `scanChunk`: leading stars, then the chunk up to the next star outside a class, then the rest. */
function scanChunk(pattern: Uint8Array): { star: boolean; chunk: Uint8Array; rest: Uint8Array } {
  let star = false;
  while (pattern.length > 0 && pattern[0] === STAR) {
    pattern = pattern.subarray(1);
    star = true;
  }
  let inRange = false;
  for (let i = 0; i < pattern.length; i++) {
    const b = pattern[i];
    if (b === BACKSLASH) {
      if (i + 1 < pattern.length) i++;
    } else if (b === OPEN) inRange = true;
    else if (b === CLOSE) inRange = false;
    else if (b === STAR && !inRange) return { star, chunk: pattern.subarray(0, i), rest: pattern.subarray(i) };
  }
  return { star, chunk: pattern, rest: pattern.subarray(pattern.length) };
}

/** `getEsc`: one class character (`\` escapes it) and what follows; throws where Go finds the class malformed. */
function getEsc(chunk: Uint8Array): [rune: number, rest: Uint8Array] {
  if (chunk.length === 0 || chunk[0] === DASH || chunk[0] === CLOSE) throw new BadPatternError();
  if (chunk[0] === BACKSLASH) {
    chunk = chunk.subarray(1);
    if (chunk.length === 0) throw new BadPatternError();
  }
  const [rune, size] = decodeRune(chunk, 0);
  if (rune === RUNE_ERROR && size === 1) throw new BadPatternError();
  const rest = chunk.subarray(size);
  if (rest.length === 0) throw new BadPatternError();
  return [rune, rest];
}

/**
 * `matchChunk`: whether `chunk` matches the start of `s`, and the rest of `s`; after a mismatch it still reads the
 * whole chunk, to throw on a malformed one.
 */
function matchChunk(chunk: Uint8Array, s: Uint8Array): Uint8Array | undefined {
  let failed = false;
  while (chunk.length > 0) {
    failed ||= s.length === 0;
    const b = chunk[0];
    if (b === OPEN) {
      let r = 0;
      if (!failed) {
        const [rune, size] = decodeRune(s, 0);
        r = rune;
        s = s.subarray(size);
      }
      chunk = chunk.subarray(1);
      const negated = chunk[0] === CARET;
      if (negated) chunk = chunk.subarray(1);
      let match = false;
      for (let ranges = 0; !(chunk[0] === CLOSE && ranges > 0); ranges++) {
        const [lo, afterLo] = getEsc(chunk);
        let hi = lo;
        chunk = afterLo;
        if (chunk[0] === DASH) [hi, chunk] = getEsc(chunk.subarray(1));
        match ||= lo <= r && r <= hi;
      }
      chunk = chunk.subarray(1);
      failed ||= match === negated;
    } else if (b === QUESTION) {
      if (!failed) {
        failed = s[0] === SLASH;
        s = s.subarray(decodeRune(s, 0)[1]);
      }
      chunk = chunk.subarray(1);
    } else {
      if (b === BACKSLASH) {
        chunk = chunk.subarray(1);
        if (chunk.length === 0) throw new BadPatternError();
      }
      if (!failed) {
        failed = chunk[0] !== s[0];
        s = s.subarray(1);
      }
      chunk = chunk.subarray(1);
    }
  }
  return failed ? undefined : s;
}

/** Go's `filepath.Match(pattern, name)`; throws a `BadPatternError` where Go returns `ErrBadPattern`. */
export function goPathMatch(pattern: string, name: string): boolean {
  let p: Uint8Array = Buffer.from(pattern, "utf8");
  let n: Uint8Array = Buffer.from(name, "utf8");
  patterns: while (p.length > 0) {
    const { star, chunk, rest } = scanChunk(p);
    p = rest;
    if (star && chunk.length === 0) return !n.includes(SLASH);
    const t = matchChunk(chunk, n);
    if (t !== undefined && (t.length === 0 || p.length > 0)) {
      n = t;
      continue;
    }
    if (star) {
      for (let i = 0; i < n.length && n[i] !== SLASH; i++) {
        const skipped = matchChunk(chunk, n.subarray(i + 1));
        if (skipped !== undefined) {
          if (p.length === 0 && skipped.length > 0) continue;
          n = skipped;
          continue patterns;
        }
      }
    }
    return false;
  }
  return n.length === 0;
}
