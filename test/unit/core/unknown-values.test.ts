import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { containsUnknown, UNKNOWN, withoutUndefined } from "../../../provider/core/unknown-values";

describe("containsUnknown", () => {
  it("is true for the unknown sentinel itself", () => {
    assert.equal(containsUnknown(UNKNOWN), true);
  });

  it("finds the sentinel deep inside objects and arrays", () => {
    assert.equal(containsUnknown({ a: [1, { b: [UNKNOWN] }] }), true);
    assert.equal(containsUnknown([[{ x: UNKNOWN }]]), true);
  });

  it("is false for fully known values, including null and empty containers", () => {
    for (const value of [undefined, null, "", "known", 0, false, [], {}, { a: [1, "x", null], b: { c: true } }]) {
      assert.equal(containsUnknown(value), false, `for ${JSON.stringify(value)}`);
    }
  });
});

describe("withoutUndefined", () => {
  it("drops undefined members at every level of nested objects and arrays", () => {
    const value = {
      a: 1,
      b: undefined,
      c: { d: undefined, e: "x" },
      f: [{ g: undefined, h: 2 }, { i: { j: undefined } }],
    };
    assert.deepEqual(withoutUndefined(value), { a: 1, c: { e: "x" }, f: [{ h: 2 }, { i: {} }] });
  });

  it("keeps null, false, zero and empty strings", () => {
    assert.deepEqual(withoutUndefined({ a: null, b: false, c: 0, d: "" }), { a: null, b: false, c: 0, d: "" });
  });

  it("returns primitives unchanged", () => {
    assert.equal(withoutUndefined("x"), "x");
    assert.equal(withoutUndefined(3), 3);
    assert.equal(withoutUndefined(null), null);
  });

  it("does not modify its argument", () => {
    const value = { a: undefined, b: { c: undefined } };
    withoutUndefined(value);
    assert.deepEqual(Object.keys(value), ["a", "b"]);
    assert.deepEqual(Object.keys(value.b), ["c"]);
  });
});
