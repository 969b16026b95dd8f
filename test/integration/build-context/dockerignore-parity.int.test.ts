// test-runner: once — compares our code with Docker's own Go code (the oracle) and talks to no engine
/**
 * Parity of the context walk with BuildKit's: for generated trees and generated `.dockerignore` texts, `walkContext`
 * must send the same paths as fsutil's walk with the exclude patterns `ignorefile.ReadAll` reads from the text (what
 * buildx and the docker CLI serve BuildKit's Dockerfile frontend), asked through the oracle (`tools/oracle
 * context-walk`), and must refuse the texts fsutil refuses. The classic builder gets the same walk (README); how it
 * differs from the docker CLI's own classic-builder tar (go-archive) is counted, not asserted.
 */

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { walkContext } from "../../../provider/build-context/walk";
import { withTree } from "../../support/context-tree";
import { askOracle } from "../../support/oracle";
import { randomIgnoreFile } from "../../support/random-ignore-file";
import { randomTree, seededRandom } from "../../support/random-tree";

/** Trees generated (seeds 1..TREES) and ignore files tried on each. */
const TREES = 60;
const IGNORE_FILES_PER_TREE = 8;

/** One builder's file set in the oracle's answer, or its refusal (exactly one of the two). */
interface WalkedPaths {
  readonly paths?: readonly string[];
  readonly error?: string;
}

/** The oracle's answer to `context-walk`: fsutil's walk at the top level, go-archive's tar as `classic`. */
interface ContextWalk extends WalkedPaths {
  readonly classic: WalkedPaths;
}

/** Asks the oracle what fsutil's walk and the classic builder's tar send from `dir` with `ignoreText`. */
function contextWalk(dir: string, ignoreText: string): Promise<ContextWalk> {
  return askOracle<ContextWalk>("context-walk", { dir, ignoreText }) as Promise<ContextWalk>;
}

/** Our walk's paths, or its error message when it refused the ignore file. */
async function ourWalk(dir: string, ignoreText: string): Promise<WalkedPaths> {
  try {
    return { paths: (await walkContext({ contextDir: dir, excludes: ignoreText })).map((e) => e.relPath) };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

/** The paths only one side sends; both empty when the sets are equal. */
interface Comparison {
  readonly onlyOurs: readonly string[];
  readonly onlyTheirs: readonly string[];
}

function compare(ours: readonly string[], theirs: readonly string[]): Comparison {
  const own = new Set(ours);
  const other = new Set(theirs);
  return { onlyOurs: ours.filter((p) => !other.has(p)), onlyTheirs: theirs.filter((p) => !own.has(p)) };
}

/** Whether both sides sent the same paths, or both refused. */
function agrees(ours: WalkedPaths, theirs: WalkedPaths): boolean {
  if (ours.paths === undefined || theirs.paths === undefined) return ours.paths === theirs.paths;
  const { onlyOurs, onlyTheirs } = compare(ours.paths, theirs.paths);
  return onlyOurs.length === 0 && onlyTheirs.length === 0;
}

/** One disagreement with what replays it: the tree's seed and the ignore text; the refusals when one side refused. */
interface Disagreement extends Partial<Comparison> {
  readonly seed: number;
  readonly ignoreText: string;
  readonly ours?: string;
  readonly fsutil?: string;
}

/** How the classic builder's tar compares with our walk: the same, only folders differ, or files differ. */
interface ClassicFigures {
  same: number;
  foldersOnly: number;
  files: number;
  refusals: number;
  example?: { seed: number; ignoreText: string } & Comparison;
}

describe("walkContext against fsutil's walk with .dockerignore exclude patterns (BuildKit's file set)", () => {
  it("sends the same paths as fsutil for generated trees and ignore files, and refuses what it refuses", async (t) => {
    let cases = 0;
    let agreements = 0;
    let refusals = 0;
    let walkFailures = 0;
    const sizes = { none: 0, some: 0, all: 0 };
    const classic: ClassicFigures = { same: 0, foldersOnly: 0, files: 0, refusals: 0 };
    const disagreements: Disagreement[] = [];
    for (let seed = 1; seed <= TREES; seed++) {
      const random = seededRandom(seed);
      const tree = randomTree(random);
      const folders = new Set(tree.dirs);
      await withTree(tree.spec, async (dir) => {
        const everything = (await walkContext({ contextDir: dir })).length;
        for (let i = 0; i < IGNORE_FILES_PER_TREE; i++) {
          const ignoreText = randomIgnoreFile(random, tree);
          const [theirs, ours] = [await contextWalk(dir, ignoreText), await ourWalk(dir, ignoreText)];
          cases++;
          if (theirs.paths === undefined) {
            refusals++;
            if (theirs.error?.startsWith("failed to match") === true) walkFailures++;
          } else sizes[theirs.paths.length === 0 ? "none" : theirs.paths.length === everything ? "all" : "some"]++;
          if (agrees(ours, theirs)) agreements++;
          else if (ours.paths !== undefined && theirs.paths !== undefined) {
            disagreements.push({ seed, ignoreText, ...compare(ours.paths, theirs.paths) });
          } else {
            const refusal = (side: WalkedPaths): string => side.error ?? `sent ${JSON.stringify(side.paths)}`;
            disagreements.push({ seed, ignoreText, ours: refusal(ours), fsutil: refusal(theirs) });
          }
          if (ours.paths === undefined || theirs.classic.paths === undefined) {
            classic.refusals++;
            continue;
          }
          const versus = compare(ours.paths, theirs.classic.paths);
          const differing = [...versus.onlyOurs, ...versus.onlyTheirs];
          if (differing.length === 0) classic.same++;
          else if (differing.every((p) => folders.has(p))) classic.foldersOnly++;
          else {
            classic.files++;
            classic.example ??= { seed, ignoreText, ...versus };
          }
        }
      });
    }
    const figure =
      `${cases} cases on ${TREES} trees: ${agreements} agree with fsutil; fsutil refused ${refusals} ` +
      `(${walkFailures} of them during the walk, on a pattern whose Go regexp does not compile)`;
    t.diagnostic(figure);
    t.diagnostic(`fsutil sent nothing in ${sizes.none} cases, everything in ${sizes.all}, part in ${sizes.some}`);
    t.diagnostic(
      `classic builder (go-archive) against our walk: same in ${classic.same}, only folders differ in ` +
        `${classic.foldersOnly}, files differ in ${classic.files}, a refusal on either side in ${classic.refusals}`,
    );
    if (classic.example !== undefined) t.diagnostic(`classic example: ${JSON.stringify(classic.example)}`);
    for (const d of disagreements.slice(0, 10)) t.diagnostic(`disagreement: ${JSON.stringify(d)}`);
    assert.ok(cases >= 300, `only ${cases} cases`);
    assert.ok(refusals < cases / 10, `${refusals} refusals: the generator should make mostly valid ignore files`);
    assert.deepEqual(disagreements, [], `${figure}; the first disagreements are in the diagnostics`);
  });

  it("finds a disagreement when the file set compared is a wrong one (negative control)", async () => {
    const spec = { "a/b/c/keep.me": "1", "a/x": "2", "d/keep.me": "3", e: "4" };
    const ignoreText = "a\n!**/keep.me\na\n";
    await withTree(spec, async (dir) => {
      const theirs = await contextWalk(dir, ignoreText);
      assert.deepEqual(compare((await ourWalk(dir, ignoreText)).paths ?? [], theirs.paths ?? []), {
        onlyOurs: [],
        onlyTheirs: [],
      });
      // The whole context, as if the ignore file had been left out.
      const everything = (await walkContext({ contextDir: dir })).map((e) => e.relPath);
      assert.deepEqual(compare(everything, theirs.paths ?? []).onlyOurs, ["a/x"]);
      // The older parent-path rule: the last `a` matches a parent of a/b/c/keep.me, so it is left out with its folders.
      const parentRule = ["d", "d/keep.me", "e"];
      assert.deepEqual(compare(parentRule, theirs.paths ?? []).onlyTheirs, ["a", "a/b", "a/b/c", "a/b/c/keep.me"]);
    });
  });

  it("states the classic builder's difference: go-archive does not walk an excluded folder for a wildcard exception", async () => {
    await withTree({ "a/b/c/keep.me": "1", "a/x": "2", "d/keep.me": "3" }, async (dir) => {
      const theirs = await contextWalk(dir, "a\n!**/keep.me\n");
      const ours = await ourWalk(dir, "a\n!**/keep.me\n");
      assert.deepEqual(ours.paths, ["a", "a/b", "a/b/c", "a/b/c/keep.me", "d", "d/keep.me"]);
      assert.deepEqual(theirs.paths, ["a", "a/b", "a/b/c", "a/b/c/keep.me", "d", "d/keep.me"]);
      assert.deepEqual(theirs.classic.paths, ["d", "d/keep.me"]);
    });
  });

  it("refuses the ignore files fsutil refuses", async () => {
    const refused = ["!", "a\n!\n", "! \n", "!/", "a[", "a\\", "[z-a]", "[]a]", "[a-]", "x/[^]"];
    await withTree({ a: "a\n" }, async (dir) => {
      for (const ignoreText of refused) {
        const theirs = await contextWalk(dir, ignoreText);
        assert.ok(theirs.error !== undefined, `fsutil refuses ${JSON.stringify(ignoreText)}`);
        const ours = await ourWalk(dir, ignoreText);
        assert.ok(ours.error !== undefined, `walkContext refuses ${JSON.stringify(ignoreText)}`);
      }
    });
  });
});
