import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { goRegexp, GoRegexpError } from "../../../provider/build-context/go-regexp";

/** Whether Go's expression matches `text` (unanchored, as Go's MatchString). */
const matches = (source: string, text: string): boolean => goRegexp(source).test(text);

describe("goRegexp (Go's regexp syntax in JavaScript)", () => {
  it("reads classes as Go does: `[` inside a class, `]` first, POSIX names, Perl escapes, ranges", () => {
    assert.equal(matches("^[[^/]*]$", "[^]"), true);
    assert.equal(matches("^[]a]$", "]"), true);
    assert.equal(matches("^[[:alpha:]]$", "q"), true);
    assert.equal(matches("^[[:^alpha:]]$", "q"), false);
    assert.equal(matches("^[\\d-z]$", "-"), true);
    assert.equal(matches("^[^a]$", "\n"), true);
  });

  it("reads escapes as Go does: punctuation literal, Perl classes, octal, hex, \\Q…\\E, assertions", () => {
    assert.equal(matches("^\\d\\s\\w$", "1 _"), true);
    assert.equal(matches("^\\S$", "\u00a0"), true);
    assert.equal(matches("^\\012$", "\n"), true);
    assert.equal(matches("^\\x41\\x{42}$", "AB"), true);
    assert.equal(matches("^\\Qa*\\E$", "a*"), true);
    assert.equal(matches("\\Aa\\z", "a"), true);
    assert.equal(matches("^\\pL\\p{Greek}\\P{L}$", "aα1"), true);
  });

  it("keeps `.` off a newline only, `^` and `$` at the ends of the text, alternation and repetition", () => {
    assert.equal(matches("^.$", "\r"), true);
    assert.equal(matches("^.$", "\n"), false);
    assert.equal(matches("^x*^b$", "b"), true);
    assert.equal(matches("^a|b$", "ab-b"), true);
    assert.equal(matches("^a{2}$", "aa"), true);
    assert.equal(matches("^a{,2}$", "a{,2}"), true);
    assert.equal(matches("^*", "anything"), true);
  });

  it("refuses what Go's parser refuses", () => {
    for (const source of [
      "[a",
      "a**",
      "\\8",
      "\\e",
      "[z-a]",
      "[[:foo:]]",
      "\\p{Nope}",
      "(a",
      "a)",
      "\\C",
      "a{1001}",
      "\\",
    ]) {
      assert.throws(() => goRegexp(source), GoRegexpError, source);
    }
  });
});
