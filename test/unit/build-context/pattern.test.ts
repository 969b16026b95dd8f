import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { compilePattern, patternRegexp, withoutTrailingGlob } from "../../../provider/build-context/pattern";

describe("patternRegexp (moby/patternmatcher's compile)", () => {
  it("picks exact, prefix, suffix or regexp matching as patternmatcher does", () => {
    assert.deepEqual(patternRegexp("a.b"), { source: "^a\\.b", type: "exact" });
    assert.deepEqual(patternRegexp("a/**"), { source: "^a/", type: "prefix" });
    assert.deepEqual(patternRegexp("**/a"), { source: "^(.*/)?a", type: "suffix" });
    assert.deepEqual(patternRegexp("a/*"), { source: "^a/[^/]*$", type: "regexp" });
  });

  it("escapes `.+()$` but passes `|`, `{` and `}` on, as patternmatcher's bitmap does", () => {
    assert.equal(patternRegexp("*.+()$|{}").source, "^[^/]*\\.\\+\\(\\)\\$|{}$");
  });

  it("passes `\\` and the character after it on, and a last `\\` alone", () => {
    assert.equal(patternRegexp("*\\d").source, "^[^/]*\\d$");
    assert.equal(patternRegexp("x*\\").source, "^x[^/]*\\$");
  });
});

describe("compilePattern", () => {
  it("matches a trailing `**` as a prefix and a leading `**/` at any depth, the root included", () => {
    assert.equal(compilePattern("a/**")("a/b/c"), true);
    assert.equal(compilePattern("**/a")("a"), true);
    assert.equal(compilePattern("**/a")("x/y/a"), true);
  });

  it("refuses at once what patternmatcher's New refuses, and later what Go's regexp refuses", () => {
    assert.throws(() => compilePattern("[a-]"), /syntax error in pattern/);
    const lazy = compilePattern("x*[");
    assert.throws(() => lazy("x"), /missing closing \]/);
  });
});

describe("withoutTrailingGlob (fsutil's patternWithoutTrailingGlob)", () => {
  it("cuts `/**` and then `/*`", () => {
    assert.equal(withoutTrailingGlob("a/*/**"), "a");
    assert.equal(withoutTrailingGlob("a/**"), "a");
    assert.equal(withoutTrailingGlob("a/*"), "a");
    assert.equal(withoutTrailingGlob("a/**/*"), "a/**");
  });
});
