import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  containsWildcards,
  dedupePaths,
  followLinks,
  goNameMatcher,
  type Children,
  type Links,
} from "../../../provider/build-context/follow-links";
import { selectEntries, type SyncSelection } from "../../../provider/build-context/sync-selection";
import type { ContextEntry } from "../../../provider/build-context/walk";

/** A tree in memory: `/`-separated paths to `"dir"`, `"file"` or a symlink's target. */
type Tree = Readonly<Record<string, "dir" | "file" | { readonly symlink: string }>>;

/** The walk's entries of `tree` (bytewise order, as the walk gives them). */
function walked(tree: Tree): ContextEntry[] {
  return Object.entries(tree)
    .sort(([a], [b]) => Buffer.compare(Buffer.from(a), Buffer.from(b)))
    .map(([relPath, node]) => {
      const common = { relPath, absPath: `/ctx/${relPath}`, mode: 0o755, size: 0, mtimeMs: 0 };
      return typeof node === "string"
        ? { ...common, type: node }
        : { ...common, type: "symlink", linkTarget: node.symlink };
    });
}

/** The links and folder listings `followLinks` reads, from `tree`. */
function linksOf(tree: Tree): { links: Links; children: Children } {
  const links = new Map<string, string>();
  const children = new Map<string, string[]>();
  for (const [rel, node] of Object.entries(tree)) {
    if (typeof node !== "string") links.set(rel, node.symlink);
    const slash = rel.lastIndexOf("/");
    const dir = slash < 0 ? "" : rel.slice(0, slash);
    children.set(dir, [...(children.get(dir) ?? []), rel.slice(slash + 1)]);
  }
  return { links, children };
}

/** The paths `selectEntries` sends from `tree` for `selection`. */
function selected(tree: Tree, selection: Partial<SyncSelection>): string[] {
  const full = { followPaths: [], includePatterns: [], ...selection };
  return selectEntries(walked(tree), full).map((e) => e.relPath);
}

function follow(tree: Tree, ...paths: string[]): string[] | undefined {
  const { links, children } = linksOf(tree);
  return followLinks(paths, links, children);
}

const TREE: Tree = {
  a: "dir",
  "a/b": "dir",
  "a/b/c.txt": "file",
  "a/d.md": "file",
  ln: { symlink: "a/b" },
  abs: { symlink: "/a/d.md" },
  up: { symlink: "../../a" },
  root: { symlink: ".." },
  loop1: { symlink: "loop2/x" },
  loop2: { symlink: "loop1/y" },
  "x.txt": { symlink: "/a/b/c.txt" },
  "y.md": "file",
};

describe("followLinks", () => {
  it("keeps a path that has no symlink on its way, cleaned", () => {
    assert.deepEqual(follow(TREE, "./a//b/../b/c.txt"), ["a/b/c.txt"]);
    assert.deepEqual(follow(TREE, "/missing/x"), ["missing/x"]);
  });

  it("replaces a symlinked folder on the way by its target and keeps the link", () => {
    assert.deepEqual(follow(TREE, "ln/c.txt"), ["a/b/c.txt", "ln"]);
  });

  it("reads an absolute target from the context root and a target leaving it as the root's", () => {
    assert.deepEqual(follow(TREE, "abs"), ["a/d.md", "abs"]);
    assert.deepEqual(follow(TREE, "up"), ["a", "up"]);
  });

  it("ends on symlink loops", () => {
    assert.deepEqual(follow(TREE, "loop1"), ["loop1", "loop2"]);
  });

  it("follows every symlink a wildcard basename matches, with Go's filepath.Match (`x**t` is `x*t`)", () => {
    // seed 6 of the parity test: `x**t` read as a .dockerignore pattern matches `x/…/t` only, and x.txt went unfollowed.
    assert.deepEqual(follow(TREE, "x**t"), ["a/b/c.txt", "x**t"]);
    assert.deepEqual(follow(TREE, "*.md"), ["*.md"]);
  });

  it("sorts bytewise and drops the paths inside another one", () => {
    assert.deepEqual(follow(TREE, "a/b/c.txt", "a", "a/d.md"), ["a"]);
    // Only the path kept just before is compared: `a-b` sorts between `a` and `a/…`.
    assert.deepEqual(follow(TREE, "a/b/c.txt", "a-b", "a"), ["a", "a-b", "a/b/c.txt"]);
  });

  it("names no path when one of them is the root or a symlink to it", () => {
    assert.equal(follow(TREE, "a", "."), undefined);
    assert.equal(follow(TREE, "/"), undefined);
    assert.equal(follow(TREE, "a", "root"), undefined);
    assert.deepEqual(follow(TREE, "root/a"), ["a", "root"]);
  });
});

describe("fsutil's helpers", () => {
  it("containsWildcards skips what a backslash escapes", () => {
    assert.equal(containsWildcards("a*"), true);
    assert.equal(containsWildcards("[ab]"), true);
    assert.equal(containsWildcards("\\*"), false);
    assert.equal(containsWildcards("a\\?b"), false);
    assert.equal(containsWildcards("a.b"), false);
  });

  it("goNameMatcher matches as filepath.Match does, and a malformed pattern matches nothing", () => {
    const cases: [string, string, boolean][] = [
      ["x**t", "x.txt", true],
      ["*.txt", "a.txt", true],
      ["d?", "d12", false],
      ["[a-c]*", "b1", true],
      ["[^a-c]*", "b1", false],
      ["[!a]", "!", true],
      ["\\*", "*", true],
      ["[z-a]", "b", false],
      ["[", "[", false],
      ["a\\", "a\\", false],
      ["[]a]", "a", false],
    ];
    for (const [pattern, name, expected] of cases) assert.equal(goNameMatcher(pattern)(name), expected, pattern);
  });

  it("dedupePaths compares neighbours only and gives up on `.`", () => {
    assert.deepEqual(dedupePaths(["a", "a/b", "b", "a/c"]), ["a", "b", "a/c"]);
    assert.deepEqual(dedupePaths(["/x", "y"]), ["y"]);
    assert.equal(dedupePaths(["a", "."]), undefined);
  });
});

describe("selectEntries", () => {
  it("sends everything when nothing is named", () => {
    assert.deepEqual(selected(TREE, {}), Object.keys(TREE).sort());
  });

  it("sends a followed path with its parent folders, and the link it went through", () => {
    assert.deepEqual(selected(TREE, { followPaths: ["ln/c.txt"] }), ["a", "a/b", "a/b/c.txt", "ln"]);
  });

  it("sends what an include pattern or a parent folder of it matches, minus exceptions", () => {
    assert.deepEqual(selected(TREE, { includePatterns: ["a", "!a/b"] }), ["a", "a/d.md"]);
    assert.deepEqual(selected(TREE, { includePatterns: ["**/*.md"] }), ["a", "a/d.md", "y.md"]);
  });

  it("ignores every follow path when one names the root: only the include patterns select", () => {
    // seeds 4, 9, 12 and others of the parity test: the whole context was sent.
    assert.deepEqual(selected(TREE, { followPaths: [".", "ln"], includePatterns: ["y.md"] }), ["y.md"]);
    assert.deepEqual(selected(TREE, { followPaths: ["root", "ln"], includePatterns: ["y.md"] }), ["y.md"]);
    assert.deepEqual(selected(TREE, { followPaths: ["/"] }), Object.keys(TREE).sort());
  });

  it("reads `.` and `./` as include patterns that match nothing", () => {
    // seeds 40 and 59: the whole context was sent.
    assert.deepEqual(selected(TREE, { includePatterns: ["./"] }), []);
    assert.deepEqual(selected(TREE, { includePatterns: [".", "y.md"] }), ["y.md"]);
  });

  it("sends everything when follow paths are named and `.` is among the include patterns", () => {
    // fsutil's dedupePaths gives up on the whole list then.
    assert.deepEqual(selected(TREE, { followPaths: ["a/d.md"], includePatterns: ["."] }), Object.keys(TREE).sort());
  });

  it("keeps a leading `/` in an include pattern, which then matches nothing, and cleans before reading `!`", () => {
    // seeds 7, 8, 17, 22, 40 and 47: the leading `/` was dropped and the path sent.
    assert.deepEqual(selected(TREE, { includePatterns: ["/y.md"] }), []);
    assert.deepEqual(selected(TREE, { includePatterns: ["!a/../y.md"] }), ["y.md"]);
    assert.deepEqual(selected(TREE, { includePatterns: ["a", "!/a/d.md"] }), ["a", "a/b", "a/b/c.txt", "a/d.md"]);
  });

  it("does not check an exception for a folder's contents when the folder did not need it (fsutil's walk)", () => {
    // seed 49: `!**/*.md` was not checked for a.md (not included yet), so a.md/b is not excluded by its parent.
    const tree: Tree = { "a.md": "dir", "a.md/b": "file" };
    assert.deepEqual(selected(tree, { includePatterns: ["a.md/**", "!**/*.md"] }), ["a.md", "a.md/b"]);
  });

  it("does not count an inclusion the folder was not checked against for its contents (fsutil's walk)", () => {
    // seed 10: d2/A was already included by `d?`, so `d2/A` was never checked for it; `!**/x.txt` then wins below.
    const tree: Tree = { d2: "dir", "d2/A": "dir", "d2/A/x.txt": "file", "d2/A/y": "file" };
    assert.deepEqual(selected(tree, { includePatterns: ["d?", "!**/x.txt", "d2/A"] }), ["d2", "d2/A", "d2/A/y"]);
  });

  it("skips folders that no plain include pattern names, even where a trailing glob would match inside", () => {
    const tree: Tree = { a: "dir", "a/b": "dir", "a/b/c": "file", "a/d": "file" };
    assert.deepEqual(selected(tree, { includePatterns: ["a/*/**"] }), []);
    assert.deepEqual(selected(tree, { includePatterns: ["a/*/**", "*/d"] }), ["a", "a/b", "a/b/c", "a/d"]);
  });

  it("sends nothing for blank include patterns", () => {
    assert.deepEqual(selected(TREE, { includePatterns: [" ", ""] }), []);
  });

  it("throws on the patterns fsutil refuses", () => {
    assert.throws(() => selected(TREE, { includePatterns: ["!"] }));
    assert.throws(() => selected(TREE, { includePatterns: ["a["] }));
    assert.throws(() => selected(TREE, { followPaths: ["x["] }));
  });
});
