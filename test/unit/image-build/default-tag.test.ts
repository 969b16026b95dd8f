import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { timestampTag } from "../../../provider/image-build/default-tag";
import { tagProblem } from "../../../provider/core/image-reference";

describe("timestampTag", () => {
  it("slugifies the UTC time to the millisecond in lowercase", () => {
    assert.equal(timestampTag(new Date("2026-11-28T20:04:30.900Z")), "2026-11-28t20-04-30-900z");
  });

  it("differs between two builds a millisecond apart", () => {
    const at = Date.UTC(2026, 10, 28, 20, 4, 30, 900);
    assert.notEqual(timestampTag(new Date(at)), timestampTag(new Date(at + 1)));
  });

  it("is always a valid Docker tag", () => {
    const dates = [new Date(0), new Date("1999-12-31T23:59:59.999Z"), new Date("+010000-01-01T00:00:00.000Z")];
    for (let i = 0; i < 200; i++) dates.push(new Date(Date.UTC(2026, 0, 1) + i * 7_919_993_113));
    for (const date of dates) {
      const tag = timestampTag(date);
      assert.equal(tagProblem(tag), undefined, `${date.toISOString()} gave "${tag}"`);
    }
  });

  it("uses the current time when no date is given", () => {
    const before = timestampTag(new Date());
    const tag = timestampTag();
    const after = timestampTag(new Date());
    assert.ok(before <= tag && tag <= after, `${tag} is not between ${before} and ${after}`);
  });
});
