/**
 * Deterministic random `.dockerignore` texts for a generated tree (`random-tree.ts`): paths of the tree and wildcards
 * around them, `**`, exceptions with and without wildcards, trailing `/`, `/**` and `/*`, leading `/` and `./`,
 * character classes, `..`, comments, blank lines, CRLF line endings and a BOM, so the parity tests meet the ignore
 * files users write and the corners of Docker's reading of them.
 */

import * as path from "node:path";
import { TREE_NAMES, type Random, type RandomTree } from "./random-tree";

/** Patterns with wildcards that do not depend on the tree (`D` is replaced by one of its folders). */
const WILDCARDS = [
  "*",
  "**",
  "*.txt",
  "*.md",
  "**/*.md",
  "**/*.txt",
  "d?",
  "a*",
  "x**t",
  "**/-lead",
  "*/*.txt",
  "*/d?/*",
  "D/*",
  "D/**",
  "D/*/**",
  "D/**/*",
  "D/*.txt",
  "D/**/*.md",
  "**/D",
] as const;

/** Character classes and escapes users write. */
const CLASSES = [
  "[ab]*",
  "[a-d]?",
  "[^a]*",
  "[!a]*",
  "[xy].txt",
  "[.]hid",
  "[A-Z]",
  "*[0-9]*",
  "D/[a-z]",
  "**/[ab]",
  "\\*",
  "\\.hid",
  "[[:alpha:]]*",
] as const;

/**
 * The corners of moby/patternmatcher: forms Go's `filepath.Match` refuses (`[a-]`, `[]a]`) or reads only in part
 * (`x*[`), or that its translation to a Go regexp reads its own way (a wildcard inside a class, a `^` outside one, a Go
 * regexp escape, the `|` and `{2}` it does not escape).
 */
const ODD_PATTERNS = [
  "[a-]*",
  "[-a]*",
  "[]a]",
  "a[",
  "[*]",
  "[?]*",
  "[**]",
  "*^*",
  "a^b",
  "\\d*",
  "x*[",
  "x*\\",
  "*|a",
  "d{2}*",
  "\\pL*",
] as const;

/** A folder of the tree, or a name when it has none. */
function someDir(random: Random, tree: RandomTree): string {
  return tree.dirs.length > 0 ? random.pick(tree.dirs) : random.pick(TREE_NAMES);
}

/** A path of the tree (folder, file or symlink), or a name when it is empty. */
function somePath(random: Random, tree: RandomTree): string {
  const existing = [...tree.dirs, ...tree.files, ...tree.links.keys()];
  return existing.length > 0 ? random.pick(existing) : random.pick(TREE_NAMES);
}

/** A path of the tree spelled as users spell it: as is, or with a trailing `/`, a leading `/` or `./`. */
function spelled(random: Random, p: string): string {
  const r = random.next();
  if (r < 0.15) return `${p}/`;
  if (r < 0.3) return `/${p}`;
  if (r < 0.35) return `./${p}`;
  return p;
}

/** A pattern: a path of the tree, a `**` form, a wildcard, a character class or a `..` form. */
function pattern(random: Random, tree: RandomTree): string {
  const dir = (): string => someDir(random, tree);
  const r = random.next();
  if (r < 0.3) return spelled(random, somePath(random, tree));
  if (r < 0.45) {
    const base = path.posix.basename(somePath(random, tree));
    return random.chance(0.6) ? `**/${base}` : `${dir()}/**/${base}`;
  }
  if (r < 0.75) return random.pick(WILDCARDS).replace("D", dir());
  if (r < 0.87) return random.pick(CLASSES).replace("D", dir());
  if (r < 0.9) return random.pick(ODD_PATTERNS);
  const base = path.posix.basename(somePath(random, tree));
  return random.pick([`${dir()}/../${base}`, `../${base}`, "..", "./..", `${dir()}/./${base}`, `${dir()}//${base}`]);
}

/** One line: a pattern, an exception (with or without wildcards), a comment, a blank line or whitespace. */
function line(random: Random, tree: RandomTree): string {
  const r = random.next();
  if (r < 0.6) return pattern(random, tree);
  if (r < 0.88) return `!${random.chance(0.1) ? " " : ""}${pattern(random, tree)}`;
  if (r < 0.93) return `# ${somePath(random, tree)}`;
  if (r < 0.96) return random.pick(["", "   ", "\t"]);
  if (r < 0.99) return ` ${random.chance(0.5) ? "#" : ""}${somePath(random, tree)} `;
  return random.pick(["!", "a\\"]);
}

/** An ignore file of one to six lines for `tree`, with LF or CRLF line endings and sometimes a BOM. */
export function randomIgnoreFile(random: Random, tree: RandomTree): string {
  const lines = Array.from({ length: 1 + random.int(6) }, () => line(random, tree));
  const eol = random.chance(0.2) ? "\r\n" : "\n";
  const bom = random.chance(0.05) ? "\uFEFF" : "";
  return bom + lines.join(eol) + (random.chance(0.7) ? eol : "");
}
