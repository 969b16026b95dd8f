// test-runner: once — compares our code with Docker's own Go code (the oracle) and talks to no engine
/**
 * Parity of the session's selection with BuildKit's own sender: for generated trees and generated `followpaths` and
 * `include-patterns`, `selectEntries` over our walk must send the same paths as fsutil's FilterFS walk (asked through
 * the oracle, `tools/oracle fsutil-select`), and `inWalkOrder` must list them in fsutil's order.
 */

import assert from "node:assert/strict";
import * as path from "node:path";
import { describe, it } from "node:test";
import { pathBytes } from "../../../provider/build-context/raw-names";
import { selectEntries, type SyncSelection } from "../../../provider/build-context/sync-selection";
import { walkContext, type ContextEntry } from "../../../provider/build-context/walk";
import { inWalkOrder } from "../../../provider/buildkit/filesync-service";
import { goFileMode } from "../../../provider/buildkit/filesync-proto";
import { withTree } from "../../support/context-tree";
import { askOracle, isRefusal } from "../../support/oracle";
import { randomTree, seededRandom, TREE_NAMES, type Random, type RandomTree } from "../../support/random-tree";

/** Trees generated (seeds 1..TREES) and selections tried on each. */
const TREES = 60;
const SELECTIONS_PER_TREE = 8;

/** The oracle's answer to `fsutil-select`. */
interface FsutilSelection {
  readonly paths: readonly string[];
}

/** What fsutil's FilterFS walk sends from `dir` for `selection`. */
async function fsutilSelect(dir: string, selection: SyncSelection): Promise<readonly string[]> {
  const answer = await askOracle<FsutilSelection>("fsutil-select", { dir, ...selection });
  if (isRefusal(answer)) throw new Error(`fsutil refused ${JSON.stringify(selection)}: ${answer.error}`);
  return answer.paths;
}

/** The paths of `entries` in the order the session sends them (SyncedPaths with only what the order reads). */
function sentOrder(entries: readonly ContextEntry[]): string[] {
  const synced = entries.map((entry) => ({
    stat: { path: pathBytes(entry), mode: goFileMode(entry.type, entry.mode), uid: 0, gid: 0, size: 0, modTimeNs: 0n },
  }));
  return inWalkOrder(synced).map((p) => p.stat.path.toString("utf8"));
}

/** How our answer compares with fsutil's: the paths only one side sends, and whether the orders are the same. */
interface Comparison {
  readonly onlyOurs: readonly string[];
  readonly onlyFsutil: readonly string[];
  readonly sameOrder: boolean;
}

/** Compares our selected paths and the order we send them in with fsutil's walk. */
function compare(ours: readonly string[], ourOrder: readonly string[], fsutil: readonly string[]): Comparison {
  const theirs = new Set(fsutil);
  const own = new Set(ours);
  return {
    onlyOurs: ours.filter((p) => !theirs.has(p)),
    onlyFsutil: fsutil.filter((p) => !own.has(p)),
    sameOrder: ourOrder.length === fsutil.length && ourOrder.every((p, i) => p === fsutil[i]),
  };
}

/** Where a symlink points from the context root, as fsutil resolves it (`.` for the root). */
function resolvedTarget(link: string, target: string): string {
  const joined = target.startsWith("/") ? target : `/${path.posix.dirname(link)}/${target}`;
  return path.posix.normalize(joined).replace(/^\/+/, "") || ".";
}

/** A follow path: existing, through a symlinked folder, a wildcard basename, missing, the root, or spelled oddly. */
function followPath(random: Random, tree: RandomTree): string {
  const existing = [...tree.dirs, ...tree.files, ...tree.links.keys()];
  const dirLinks = [...tree.links].filter(([link, target]) => tree.dirs.includes(resolvedTarget(link, target)));
  const linkDirs = [...tree.links.keys()].map((link) => path.posix.dirname(link)).filter((d) => d !== ".");
  // Wildcards are tried mostly in folders holding symlinks, where they decide which links are followed.
  const dir = (): string => {
    if (random.chance(0.4) || tree.dirs.length === 0) return "";
    return `${random.pick(random.chance(0.5) && linkDirs.length > 0 ? linkDirs : tree.dirs)}/`;
  };
  const r = random.next();
  if (r < 0.35 && existing.length > 0) return random.pick(existing);
  if (r < 0.55 && dirLinks.length > 0) return `${random.pick(dirLinks)[0]}/${random.pick(TREE_NAMES)}`;
  if (r < 0.72)
    return (
      dir() +
      random.pick([
        "*.txt",
        "d?",
        "*",
        "a*",
        "[ab]",
        "*.md",
        "?",
        "sp*",
        "x**t",
        "[^a]*",
        "[!a]*",
        "[a-d]?",
        "*,*",
        "\\*",
      ])
    );
  if (r < 0.82) return dir() + random.pick(["nope", "missing/x.txt"]);
  if (r < 0.86) return random.pick([".", "/", "./"]);
  const some = existing.length > 0 ? random.pick(existing) : "a";
  return random.pick([`./${some}`, `${some}/`, `/${some}`, `${dir()}../${some}`]);
}

/** An include pattern: a plain path, `**` forms, a wildcard, an exception, or the root. */
function includePattern(random: Random, tree: RandomTree): string {
  const existing = [...tree.dirs, ...tree.files, ...tree.links.keys()];
  const some = (): string => (existing.length > 0 ? random.pick(existing) : random.pick(TREE_NAMES));
  const dir = (): string => (tree.dirs.length > 0 ? random.pick(tree.dirs) : "a");
  const r = random.next();
  if (r < 0.3) return some();
  if (r < 0.4) return `**/${path.posix.basename(some())}`;
  if (r < 0.48) return `${dir()}/**`;
  if (r < 0.5) return "**";
  if (r < 0.62)
    return random.pick([
      "*.txt",
      `${dir()}/*.txt`,
      `*/${path.posix.basename(some())}`,
      "d?",
      `${dir()}/*`,
      `${dir()}/*/**`,
    ]);
  if (r < 0.88) return `!${random.pick([some(), "**/*.md", `${dir()}/*`, `**/${path.posix.basename(some())}`])}`;
  if (r < 0.92) return random.pick([".", "./", "/"]);
  return random.pick([
    `/${some()}`,
    `./${some()}`,
    ` ${some()} `,
    `${dir()}/../${path.posix.basename(some())}`,
    `! ${some()}`,
    "*/d?/*",
  ]);
}

/** A selection of up to three follow paths and up to three include patterns. */
function randomSelection(random: Random, tree: RandomTree): SyncSelection {
  const followPaths = Array.from({ length: random.int(4) }, () => followPath(random, tree));
  const includePatterns = Array.from({ length: random.chance(0.5) ? 0 : 1 + random.int(3) }, () =>
    includePattern(random, tree),
  );
  return { followPaths, includePatterns };
}

/** One disagreement, with what replays it: the tree's seed and the selection. */
interface Disagreement extends Comparison {
  readonly seed: number;
  readonly selection: SyncSelection;
}

describe("selectEntries against fsutil's FilterFS, BuildKit's own session sender", () => {
  it("sends the same paths as fsutil for generated trees and selections, in fsutil's walk order", async (t) => {
    let cases = 0;
    let agreements = 0;
    let orderAgreements = 0;
    const sizes = { none: 0, some: 0, all: 0 };
    const disagreements: Disagreement[] = [];
    for (let seed = 1; seed <= TREES; seed++) {
      const random = seededRandom(seed);
      const tree = randomTree(random);
      await withTree(tree.spec, async (dir) => {
        const entries = await walkContext({ contextDir: dir });
        for (let i = 0; i < SELECTIONS_PER_TREE; i++) {
          const selection = randomSelection(random, tree);
          const selected = selectEntries(entries, selection);
          const theirs = await fsutilSelect(dir, selection);
          sizes[theirs.length === 0 ? "none" : theirs.length === entries.length ? "all" : "some"]++;
          const comparison = compare(
            selected.map((e) => e.relPath),
            sentOrder(selected),
            theirs,
          );
          cases++;
          const sameSet = comparison.onlyOurs.length === 0 && comparison.onlyFsutil.length === 0;
          if (sameSet) agreements++;
          if (sameSet && comparison.sameOrder) orderAgreements++;
          else disagreements.push({ seed, selection, ...comparison });
        }
      });
    }
    const figure = `${cases} cases on ${TREES} trees: ${agreements} same paths, ${orderAgreements} also in the same order`;
    t.diagnostic(figure);
    t.diagnostic(`fsutil sent nothing in ${sizes.none} cases, everything in ${sizes.all}, part in ${sizes.some}`);
    for (const d of disagreements.slice(0, 10)) t.diagnostic(`disagreement: ${JSON.stringify(d)}`);
    assert.ok(cases >= 300, `only ${cases} cases`);
    assert.deepEqual(disagreements, [], `${figure}; the first disagreements are in the diagnostics`);
  });

  it("finds a disagreement when the selection or the order compared is a wrong one (negative control)", async () => {
    const tree = randomTree(seededRandom(1));
    const file = [...tree.files].sort((a, b) => b.split("/").length - a.split("/").length)[0];
    assert.ok(file !== undefined && file.includes("/"), "seed 1 makes a tree with a file inside a folder");
    await withTree(tree.spec, async (dir) => {
      const entries = await walkContext({ contextDir: dir });
      const selection = { followPaths: [file], includePatterns: [] };
      const theirs = await fsutilSelect(dir, selection);
      const right = selectEntries(entries, selection);
      const rightPaths = right.map((e) => e.relPath);
      assert.deepEqual(compare(rightPaths, sentOrder(right), theirs), {
        onlyOurs: [],
        onlyFsutil: [],
        sameOrder: true,
      });
      // The whole context instead of the one file (as if the follow path had been ignored).
      const wrong = selectEntries(entries, { followPaths: [], includePatterns: [] });
      const wrongComparison = compare(
        wrong.map((e) => e.relPath),
        sentOrder(wrong),
        theirs,
      );
      assert.notDeepEqual(wrongComparison.onlyOurs, [], "a wrong selection must disagree");
      // The file without its parent folders.
      assert.deepEqual(
        compare([file], [file], theirs).onlyFsutil,
        path.posix
          .dirname(file)
          .split("/")
          .map((_, i, parts) => parts.slice(0, i + 1).join("/")),
      );
      // The right paths in another order.
      assert.equal(compare(rightPaths, [...sentOrder(right)].reverse(), theirs).sameOrder, false);
    });
  });

  it("refuses the selections fsutil refuses", async () => {
    const refused: SyncSelection[] = [
      { followPaths: [], includePatterns: ["!"] },
      { followPaths: [], includePatterns: ["!/"] },
      { followPaths: [], includePatterns: ["a["] },
      { followPaths: [], includePatterns: ["a\\"] },
      { followPaths: [], includePatterns: ["[z-a]"] },
      { followPaths: ["x["], includePatterns: [] },
    ];
    await withTree({ a: "a\n" }, async (dir) => {
      const entries = await walkContext({ contextDir: dir });
      for (const selection of refused) {
        const answer = await askOracle<FsutilSelection>("fsutil-select", { dir, ...selection });
        assert.ok(isRefusal(answer), `fsutil refuses ${JSON.stringify(selection)}`);
        assert.throws(() => selectEntries(entries, selection), Error, JSON.stringify(selection));
      }
    });
  });
});
