import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { BadPatternError, goPathMatch } from "../../../provider/build-context/go-path-match";

describe("goPathMatch (Go's filepath.Match)", () => {
  it("matches like Go: `*` and `?` within one segment, classes, escapes", () => {
    const rows: readonly [string, string, boolean][] = [
      ["*", "abc", true],
      ["*", "a/b", false],
      ["a?c", "abc", true],
      ["a?c", "a/c", false],
      ["[a-c]x", "bx", true],
      ["[^a-c]x", "bx", false],
      ["\\*", "*", true],
      ["*.txt", "a.txt", true],
      ["a*b*c", "axxbyyc", true],
      ["[!a]", "!", true],
    ];
    for (const [pattern, name, expected] of rows) assert.equal(goPathMatch(pattern, name), expected, pattern);
  });

  it("refuses malformed classes and a trailing backslash", () => {
    for (const pattern of ["[", "a[", "[a-]", "[-a]", "[]a]", "[z-", "a\\", "*[", "[^]"]) {
      assert.throws(() => goPathMatch(pattern, "."), BadPatternError, pattern);
    }
  });

  it("does not read past a part that cannot match, as Go: `x*[` and `x*\\` pass against `.`", () => {
    assert.equal(goPathMatch("x*[", "."), false);
    assert.equal(goPathMatch("x*\\", "."), false);
    assert.throws(() => goPathMatch("x*[", "xy"), BadPatternError);
  });

  it("accepts a range that runs backwards, which matches nothing", () => {
    assert.equal(goPathMatch("[z-a]", "m"), false);
  });
});
