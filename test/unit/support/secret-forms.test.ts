import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { occurrences, secretForms } from "../../support/secret-forms";

describe("secretForms, the leak search of the secrets suite", () => {
  const password = "s3cret-Value_9xYz";

  it("finds a password inside base64 of a JSON auth header, at any alignment", () => {
    for (const prefix of ["", "a", "ab", "abc"]) {
      const header = JSON.stringify({ username: "u", password: `${prefix}${password}`, serveraddress: "r" });
      for (const encoding of ["base64", "base64url"] as const) {
        const text = Buffer.from(header).toString(encoding);
        assert.notDeepEqual(occurrences(text, secretForms(password)), [], `${encoding} with prefix "${prefix}"`);
      }
    }
  });

  it("finds base64 of user:password and the plain password, and nothing in unrelated text", () => {
    assert.equal(
      occurrences(`Basic ${Buffer.from(`bob:${password}`).toString("base64")}`, secretForms(password, "bob")).length >
        0,
      true,
    );
    assert.equal(occurrences(`x${password}y`, secretForms(password)).length > 0, true);
    assert.deepEqual(occurrences("s3cret-Value and other text", secretForms(password)), []);
  });
});
