/**
 * The named character classes of Go's regexp syntax (RE2 with Go's Perl flags) as JavaScript `v`-mode class text:
 * Perl classes (`\d`, `\s`, `\w` and their negations, ASCII only as in Go), POSIX classes (`[:alpha:]`, `[:^alpha:]`)
 * and Unicode classes (`\pL`, `\p{Greek}`, `\P{Lu}`, `\p{^Han}`), the last ones resolved with JavaScript's Unicode
 * tables.
 */

/** Ranges as `[lo, hi]` code points. */
type Ranges = readonly (readonly [number, number])[];

const DIGIT: Ranges = [[0x30, 0x39]];
const SPACE: Ranges = [
  [0x09, 0x0a],
  [0x0c, 0x0d],
  [0x20, 0x20],
];
const WORD: Ranges = [
  [0x30, 0x39],
  [0x41, 0x5a],
  [0x5f, 0x5f],
  [0x61, 0x7a],
];

/** Go's `perlGroup`. */
const PERL: Readonly<Record<string, Ranges>> = { d: DIGIT, s: SPACE, w: WORD };

/** Go's `posixGroup`, by name. */
const POSIX: Readonly<Record<string, Ranges>> = {
  alnum: [
    [0x30, 0x39],
    [0x41, 0x5a],
    [0x61, 0x7a],
  ],
  alpha: [
    [0x41, 0x5a],
    [0x61, 0x7a],
  ],
  ascii: [[0x00, 0x7f]],
  blank: [
    [0x09, 0x09],
    [0x20, 0x20],
  ],
  cntrl: [
    [0x00, 0x1f],
    [0x7f, 0x7f],
  ],
  digit: DIGIT,
  graph: [[0x21, 0x7e]],
  lower: [[0x61, 0x7a]],
  print: [[0x20, 0x7e]],
  punct: [
    [0x21, 0x2f],
    [0x3a, 0x40],
    [0x5b, 0x60],
    [0x7b, 0x7e],
  ],
  space: [
    [0x09, 0x0d],
    [0x20, 0x20],
  ],
  upper: [[0x41, 0x5a]],
  word: WORD,
  xdigit: [
    [0x30, 0x39],
    [0x41, 0x46],
    [0x61, 0x66],
  ],
};

/** A code point as a JavaScript `u`/`v`-mode escape. */
export function codePointEscape(cp: number): string {
  return `\\u{${cp.toString(16)}}`;
}

/** A class of `ranges`, negated when `negated`, as a nested class. */
function classOf(ranges: Ranges, negated: boolean): string {
  const body = ranges.map(([lo, hi]) =>
    lo === hi ? codePointEscape(lo) : `${codePointEscape(lo)}-${codePointEscape(hi)}`,
  );
  return `[${negated ? "^" : ""}${body.join("")}]`;
}

/** A Perl class (`d`, `D`, `s`, `S`, `w`, `W`), or undefined for another letter. */
export function perlClass(letter: string): string | undefined {
  const ranges = PERL[letter.toLowerCase()];
  return ranges === undefined ? undefined : classOf(ranges, letter !== letter.toLowerCase());
}

/** A POSIX class by its bracketed name (`[:alpha:]`, `[:^alpha:]`), or undefined when Go does not know it. */
export function posixClass(bracketed: string): string | undefined {
  const negated = bracketed.startsWith("[:^");
  const ranges = POSIX[bracketed.slice(negated ? 3 : 2, -2)];
  return ranges === undefined ? undefined : classOf(ranges, negated);
}

/** General categories, short and long names (Unicode's PropertyValueAliases), which Go knows by either. */
const CATEGORIES =
  "C Other Cc Control cntrl Cf Format Cn Unassigned Co Private_Use Cs Surrogate L Letter LC Cased_Letter " +
  "Ll Lowercase_Letter Lm Modifier_Letter Lo Other_Letter Lt Titlecase_Letter Lu Uppercase_Letter " +
  "M Mark Combining_Mark Mc Spacing_Mark Me Enclosing_Mark Mn Nonspacing_Mark N Number Nd Decimal_Number digit " +
  "Nl Letter_Number No Other_Number P Punctuation punct Pc Connector_Punctuation Pd Dash_Punctuation " +
  "Pe Close_Punctuation Pf Final_Punctuation Pi Initial_Punctuation Po Other_Punctuation Ps Open_Punctuation " +
  "S Symbol Sc Currency_Symbol Sk Modifier_Symbol Sm Math_Symbol So Other_Symbol Z Separator " +
  "Zl Line_Separator Zp Paragraph_Separator Zs Space_Separator";

/** Go's `canonicalName`: `_`, `-` and spaces dropped, the first letter upper case and the others lower case. */
function canonicalName(name: string): string {
  let out = "";
  for (const ch of name) {
    if (ch === "_" || ch === "-" || ch === " ") continue;
    out += out === "" ? ch.toUpperCase() : ch.toLowerCase();
  }
  return out;
}

let categoryNames: Map<string, string> | undefined;

/** A general category's JavaScript name by Go's canonical spelling of any of its names. */
function categoryName(canonical: string): string | undefined {
  if (categoryNames === undefined) {
    categoryNames = new Map();
    for (const name of CATEGORIES.split(" ")) categoryNames.set(canonicalName(name), name);
  }
  return categoryNames.get(canonical);
}

/** Whether JavaScript knows `\p{…}` with this body. */
function knownProperty(body: string): boolean {
  try {
    new RegExp(`\\p{${body}}`, "v");
    return true;
  } catch {
    return false;
  }
}

/**
 * A Unicode class by the name Go reads after `\p` or `\P` (`L`, `Greek`, `^Han`), negated for `\P`; undefined where
 * Go does not know the name. Scripts are the names Go finds after its canonical spelling (one word: `Greek`, `Han`).
 */
export function unicodeClass(name: string, negated: boolean): string | undefined {
  if (name.startsWith("^")) return unicodeClass(name.slice(1), !negated);
  const canonical = canonicalName(name);
  const not = negated ? "^" : "";
  if (canonical === "Any") return `[${not}\\u{0}-\\u{10ffff}]`;
  if (canonical === "Assigned") return negated ? "\\p{gc=Cn}" : "\\P{gc=Cn}";
  if (canonical === "Ascii") return `[${not}\\u{0}-\\u{7f}]`;
  const category = categoryName(canonical);
  const body = category !== undefined ? `gc=${category}` : `Script=${canonical}`;
  if (category === undefined && !knownProperty(body)) return undefined;
  return `${negated ? "\\P" : "\\p"}{${body}}`;
}
