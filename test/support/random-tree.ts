/**
 * Deterministic random build-context trees for parity tests: the same seed always gives the same folders, files and
 * symlinks, so a disagreement found once can be replayed and turned into a unit test.
 */

import * as path from "node:path";
import type { TreeSpec } from "./context-tree";

/** A seeded pseudo-random source (mulberry32). */
export interface Random {
  /** A number in [0, 1). */
  next(): number;
  /** A whole number in [0, n). */
  int(n: number): number;
  /** Whether an event of probability `p` happened. */
  chance(p: number): boolean;
  /** One of `items` (which must not be empty). */
  pick<T>(items: readonly T[]): T;
}

/** A Random that always gives the same sequence for the same seed. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number): number => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)] as T;
  return { next, int, chance: (p) => next() < p, pick };
}

/**
 * The names a generated tree uses: `-`, `.`, a space, a comma, a leading dot and dash, upper case and non-ASCII,
 * several of which sort around `/` (`a-b` < `a.b` < `a/…` bytewise, while a walk lists `a/…` right after `a`).
 */
export const TREE_NAMES = [
  "a",
  "b",
  "d1",
  "d2",
  "x.txt",
  "y.txt",
  "z.md",
  "a-b",
  "a.b",
  "sp ace",
  "com,ma",
  ".hid",
  "-lead",
  "A",
  "ü.txt",
] as const;

/** A generated tree: its spec for `writeTree` and what it holds. */
export interface RandomTree {
  /** The spec to write (folders as `null`, files as text, symlinks with their target). */
  readonly spec: TreeSpec;
  /** Every folder's relative path. */
  readonly dirs: readonly string[];
  /** Every regular file's relative path. */
  readonly files: readonly string[];
  /** Every symlink's target as stored, by the link's relative path. */
  readonly links: ReadonlyMap<string, string>;
}

function shuffled<T>(random: Random, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = random.int(i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** A relative target from the folder of `link` to `target` (`.` for that folder itself). */
function relativeTarget(link: string, target: string): string {
  return path.posix.relative(path.posix.dirname(link), target) || ".";
}

/**
 * A symlink target for `link`: to a folder or a file of the tree (relative, or absolute-looking, which BuildKit reads
 * from the context root), to another symlink, dangling, escaping the context, to the root or making a loop.
 */
function linkTarget(
  random: Random,
  link: string,
  dirs: readonly string[],
  files: readonly string[],
  links: readonly string[],
): string {
  const r = random.next();
  const any = [...dirs, ...files];
  if (r < 0.35 && dirs.length > 0) return relativeTarget(link, random.pick(dirs));
  if (r < 0.5 && files.length > 0) return relativeTarget(link, random.pick(files));
  if (r < 0.65 && any.length > 0) return `/${random.pick(any)}`;
  if (r < 0.73) return relativeTarget(link, random.pick(links));
  if (r < 0.78) return random.pick(["missing", "nope/x", "/gone"]);
  if (r < 0.84)
    return random.pick(["../../..", "../../../outside", "/..", `/../${random.pick(any.length > 0 ? any : ["a"])}`]);
  if (r < 0.9) return random.pick(["/", ".", "./", ".."]);
  if (r < 0.95) return random.pick([path.posix.basename(link), `${path.posix.basename(link)}/x`]);
  return any.length > 0
    ? `./${relativeTarget(link, random.pick(any))}/../${path.posix.basename(random.pick(any))}`
    : ".";
}

/** A random tree of up to four levels: folders (some empty), files and symlinks (a fifth of the entries or so). */
export function randomTree(random: Random): RandomTree {
  const dirs: string[] = [];
  const files: string[] = [];
  const linkPaths: string[] = [];
  const fill = (dir: string, depth: number): void => {
    const count = depth === 0 ? 3 + random.int(6) : random.int(5);
    for (const name of shuffled(random, TREE_NAMES).slice(0, count)) {
      const rel = dir === "" ? name : `${dir}/${name}`;
      const r = random.next();
      if (depth < 3 && r < 0.35) {
        dirs.push(rel);
        fill(rel, depth + 1);
      } else if (r < 0.78) files.push(rel);
      else linkPaths.push(rel);
    }
  };
  fill("", 0);
  const links = new Map<string, string>();
  for (const link of linkPaths) links.set(link, linkTarget(random, link, dirs, files, linkPaths));
  const spec: Record<string, TreeSpec[string]> = {};
  for (const dir of dirs) spec[dir] = null;
  for (const file of files) spec[file] = `${file}\n`;
  for (const [link, target] of links) spec[link] = { symlink: target };
  return { spec, dirs, files, links };
}
