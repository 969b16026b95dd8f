import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createIgnoreMatcher, parseDockerignore } from "../../../provider/build-context/dockerignore";
import { InputError } from "../../../provider/core/errors";

/** One row: the `.dockerignore` text, then paths it must exclude and paths it must keep. */
interface Case {
  readonly title: string;
  readonly text: string;
  readonly excluded: readonly string[];
  readonly kept: readonly string[];
}

const cases: readonly Case[] = [
  {
    title: "`*/temp*` matches names starting with temp one folder down only",
    text: "*/temp*",
    excluded: ["somedir/temporary.txt", "somedir/temp", "somedir/temp/inner.txt"],
    kept: ["temp", "temporary.txt", "a/b/temp.txt"],
  },
  {
    title: "`*/*/temp*` matches names starting with temp two folders down only",
    text: "*/*/temp*",
    excluded: ["somedir/subdir/temporary.txt"],
    kept: ["somedir/temp.txt", "temp.txt"],
  },
  {
    title: "`temp?` matches exactly one more character at the root",
    text: "temp?",
    excluded: ["tempa", "tempb/file"],
    kept: ["temp", "tempab", "dir/tempa"],
  },
  {
    title: "`**/*.go` matches Go files in every folder, including the root",
    text: "**/*.go",
    excluded: ["main.go", "a/b/c.go"],
    kept: ["a/go", "main.gox"],
  },
  {
    title: "`!README.md` re-includes one file excluded by `*.md`",
    text: "*.md\n!README.md",
    excluded: ["CHANGES.md"],
    kept: ["README.md", "docs/guide.md"],
  },
  {
    title: "the last matching line wins over an earlier exception",
    text: "*.md\n!README*.md\nREADME-secret.md",
    excluded: ["CHANGES.md", "README-secret.md"],
    kept: ["README-public.md", "README.md"],
  },
  {
    title: "an exception re-includes a file inside an excluded folder",
    text: "build\n!build/keep.txt",
    excluded: ["build", "build/other.txt", "build/sub/x"],
    kept: ["build/keep.txt", "builder.txt"],
  },
  {
    title: "a leading slash anchors the pattern at the context root",
    text: "/secret.txt",
    excluded: ["secret.txt"],
    kept: ["a/secret.txt"],
  },
  {
    title: "lines starting with # are comments",
    text: "# node_modules\nfoo",
    excluded: ["foo"],
    kept: ["# node_modules", "node_modules"],
  },
  {
    title: "surrounding spaces and Windows line endings are ignored",
    text: "  foo.txt   \r\nbar.txt\r\n\r\n",
    excluded: ["foo.txt", "bar.txt"],
    kept: ["foo.txt   ", "baz.txt"],
  },
  {
    title: "`**` alone excludes everything",
    text: "**",
    excluded: ["a", "a/b/c", ".dockerignore"],
    kept: [],
  },
  {
    title: "`a/**/b` spans zero or more folders",
    text: "a/**/b",
    excluded: ["a/b", "a/x/b", "a/x/y/b", "a/b/c"],
    kept: ["a/xb", "b", "x/a/b"],
  },
  {
    title: "`**/name` matches the name at the root and at any depth",
    text: "**/node_modules",
    excluded: ["node_modules", "node_modules/x.js", "pkg/node_modules/y/z.js"],
    kept: ["my_node_modules", "node_modules2"],
  },
  {
    title: "patterns are cleaned: `.`, `..` and doubled slashes are resolved",
    text: "foo/../bar\n./baz\nqux//quux/",
    excluded: ["bar", "baz", "qux/quux"],
    kept: ["foo", "foo/bar"],
  },
  {
    title: "a pattern that climbs out of the context matches nothing",
    text: "../outside",
    excluded: [],
    kept: ["outside", "a/outside"],
  },
  {
    title: "character classes match one character from a set, a range or outside a set with `^`",
    text: "file[0-9].txt\n[!x]y\n[^a]bc",
    excluded: ["file1.txt", "!y", "xy", "xbc"],
    kept: ["filea.txt", "file10.txt", "ay", "abc"],
  },
  {
    title: "a backslash escapes a wildcard",
    text: "\\*.txt\n\\[x\\]",
    excluded: ["*.txt", "[x]"],
    kept: ["a.txt", "x"],
  },
  {
    title: "regular-expression characters are literal",
    text: "a.b+c(d)\n{x}|$",
    excluded: ["a.b+c(d)", "{x}|$"],
    kept: ["aXb+c(d)", "abbc(d)"],
  },
  {
    title: "a folder pattern excludes everything under it",
    text: "node_modules\n.git",
    excluded: ["node_modules/a/b.js", ".git/HEAD"],
    kept: ["src/node_modules.ts", "src/.gitkeep"],
  },
];

/** Cases where fsutil's walk (patternmatcher's `MatchesUsingParentResults`) decides otherwise than a parent check. */
const parentResultCases: readonly Case[] = [
  {
    title: "a pattern skipped for a folder does not match inside it later (`a`, `!**/keep.me`, `a`; issue 28)",
    text: "a\n!**/keep.me\na",
    excluded: ["a", "a/b", "a/b/c", "a/b/c/drop.me"],
    kept: ["a/b/c/keep.me", "a/keep.me"],
  },
  {
    title: "an exception is not checked against a folder that was not excluded when the walk reached it",
    text: "**/-lead\n!**/*.md",
    excluded: ["-lead", "z.md/com,ma/-lead", "z.md/-lead/x"],
    kept: ["z.md", "z.md/com,ma", "-lead.md"],
  },
  {
    title: "a pattern that matched a folder matches everything inside it; later patterns decide after it",
    text: "*.md\n!docs.md/keep\ndocs.md/keep/drop",
    excluded: ["docs.md", "docs.md/x", "docs.md/keep/drop", "docs.md/keep/drop/y"],
    kept: ["docs.md/keep", "docs.md/keep/z"],
  },
];

/** Patterns as moby/patternmatcher compiles them: its Go regexp passes `[`, `]`, `^`, `|`, `{`, `}` and escapes on. */
const goRegexpCases: readonly Case[] = [
  {
    title: "`[*]` is the class `[[^/]` repeated, then `]` (the wildcard inside the class became a Go class)",
    text: "[*]",
    excluded: ["]", "[]", "^/]"],
    kept: ["*", "a"],
  },
  {
    title: "`\\d` is Go's digit class",
    text: "\\d*",
    excluded: ["1", "7x"],
    kept: ["d", "dx"],
  },
  {
    title:
      "`|` reaches Go's regexp as an alternation once the pattern has a wildcard (patternmatcher's escape bitmap misses it)",
    text: "x*|nothing",
    excluded: ["x", "xy", "x/y", "a-nothing"],
    kept: ["a", "nothing-else"],
  },
  {
    title: "`|` without a wildcard is compared literally",
    text: "a|b",
    excluded: ["a|b"],
    kept: ["a", "b"],
  },
  {
    title: "`{2}` reaches Go's regexp as a repetition",
    text: "a{2}*",
    excluded: ["aa", "aax"],
    kept: ["a{2}", "a"],
  },
  {
    title: "`^` after a wildcard is Go's start-of-text anchor",
    text: "*^b",
    excluded: ["b"],
    kept: ["a^b", "^b"],
  },
  {
    title: "`[[:alpha:]]` is Go's POSIX class",
    text: "[[:alpha:]]",
    excluded: ["a", "Z"],
    kept: [":", "1", "ab"],
  },
];

describe("dockerignore matching", () => {
  for (const c of [...cases, ...parentResultCases, ...goRegexpCases]) {
    it(c.title, () => {
      const matcher = createIgnoreMatcher(parseDockerignore(c.text));
      for (const p of c.excluded) assert.equal(matcher.isExcluded(p), true, `${JSON.stringify(p)} should be excluded`);
      for (const p of c.kept) assert.equal(matcher.isExcluded(p), false, `${JSON.stringify(p)} should be kept`);
    });
  }
});

describe("parseDockerignore", () => {
  it("returns cleaned patterns in file order with exceptions marked", () => {
    const text = "\uFEFF# comment\n/dist/\n\n ! docs/../README.md \n**/*.log";
    assert.deepEqual(parseDockerignore(text), [
      { pattern: "dist", exception: false },
      { pattern: "README.md", exception: true },
      { pattern: "**/*.log", exception: false },
    ]);
  });

  it("rejects a lone exclamation mark against the context property", () => {
    assert.throws(
      () => parseDockerignore("foo\n!"),
      (e: unknown) => e instanceof InputError && e.property === "context",
    );
  });

  it("rejects an unclosed character class and a trailing backslash", () => {
    assert.throws(() => parseDockerignore("file[0-9"), InputError);
    assert.throws(() => parseDockerignore("foo\\"), InputError);
  });

  it("rejects `!/`, which patternmatcher cleans into a lone `!`", () => {
    assert.throws(() => parseDockerignore("!/"), /lone "!"/);
  });

  it("rejects the classes Go's filepath.Match calls malformed: `[a-]`, `[-a]`, `[]a]`", () => {
    for (const text of ["[a-]", "[-a]*", "[]a]"]) assert.throws(() => parseDockerignore(text), InputError, text);
  });

  it("accepts what filepath.Match does not read far enough to refuse (`x*[`), which then fails each match", () => {
    const matcher = createIgnoreMatcher(parseDockerignore("x*["));
    assert.throws(() => matcher.isExcluded("a"), /cannot be matched .*missing closing \]/);
  });

  it("trims what Go's strings.TrimSpace trims (U+0085), not U+FEFF, and strips a BOM on the first line only", () => {
    assert.deepEqual(parseDockerignore("\u0085a\u0085\n\uFEFFb\nc\uFEFF"), [
      { pattern: "a", exception: false },
      { pattern: "\uFEFFb", exception: false },
      { pattern: "c\uFEFF", exception: false },
    ]);
  });

  it("rejects a line longer than Go's bufio.Scanner reads (64 KiB)", () => {
    assert.equal(parseDockerignore("a".repeat(65535)).length, 1);
    assert.throws(() => parseDockerignore(`x\n${"a".repeat(65536)}`), /line 2 is longer than 64 KiB/);
  });
});

describe("mayHaveIncludedChildren", () => {
  it("is false when there are no exceptions", () => {
    const matcher = createIgnoreMatcher(parseDockerignore("build\n*.md"));
    assert.equal(matcher.mayHaveIncludedChildren("build"), false);
  });

  it("is true only for folders on the path of a literal exception", () => {
    const matcher = createIgnoreMatcher(parseDockerignore("build\n!build/sub/keep.txt"));
    assert.equal(matcher.mayHaveIncludedChildren("build"), true);
    assert.equal(matcher.mayHaveIncludedChildren("build/sub"), true);
    assert.equal(matcher.mayHaveIncludedChildren("build/other"), false);
    assert.equal(matcher.mayHaveIncludedChildren("bui"), false);
  });

  it("treats a trailing `/**` of an exception as a folder prefix", () => {
    const matcher = createIgnoreMatcher(parseDockerignore("vendor\n!vendor/keep/**"));
    assert.equal(matcher.mayHaveIncludedChildren("vendor/keep"), true);
    assert.equal(matcher.mayHaveIncludedChildren("vendor/drop"), false);
  });

  it("cuts a trailing `/**` and then `/*` from an exception before looking for wildcards, as fsutil does", () => {
    const matcher = createIgnoreMatcher(parseDockerignore("a\nb\n!a/*/**"));
    assert.equal(matcher.mayHaveIncludedChildren("a"), true);
    assert.equal(matcher.mayHaveIncludedChildren("b"), false);
  });

  it("is true everywhere when an exception contains a wildcard", () => {
    const matcher = createIgnoreMatcher(parseDockerignore("**/build\n!**/keep.txt"));
    assert.equal(matcher.mayHaveIncludedChildren("a/build"), true);
    assert.equal(matcher.isExcluded("a/build/keep.txt"), false);
    assert.equal(matcher.isExcluded("a/build/drop.txt"), true);
  });
});
