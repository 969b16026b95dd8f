import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { parseWwwAuthenticate, preferredChallenge } from "../../../provider/registry-api/www-authenticate";

describe("parseWwwAuthenticate", () => {
  it("reads a Bearer challenge with quoted realm, service and scope", () => {
    const header =
      'Bearer realm="https://auth.example/token",service="registry.example",scope="repository:a/b:pull,push"';
    assert.deepEqual(parseWwwAuthenticate(header), [
      {
        scheme: "bearer",
        params: { realm: "https://auth.example/token", service: "registry.example", scope: "repository:a/b:pull,push" },
      },
    ]);
  });

  it("reads a Basic challenge and lower-cases scheme and parameter names", () => {
    assert.deepEqual(parseWwwAuthenticate('BASIC Realm="Registry Realm"'), [
      { scheme: "basic", params: { realm: "Registry Realm" } },
    ]);
  });

  it("separates several challenges in one header", () => {
    const challenges = parseWwwAuthenticate('Basic realm="x", Bearer realm="http://t/token", service=svc');
    assert.deepEqual(
      challenges.map((c) => c.scheme),
      ["basic", "bearer"],
    );
    assert.deepEqual(challenges[1]?.params, { realm: "http://t/token", service: "svc" });
  });

  it("unescapes backslashes in quoted values", () => {
    assert.deepEqual(parseWwwAuthenticate('Bearer realm="a\\"b"')[0]?.params, { realm: 'a"b' });
  });

  it("returns no challenges for an empty header", () => {
    assert.deepEqual(parseWwwAuthenticate(""), []);
  });
});

describe("preferredChallenge", () => {
  it("prefers Bearer over Basic and ignores unknown schemes", () => {
    assert.equal(preferredChallenge(parseWwwAuthenticate('Basic realm="x", Bearer realm="y"'))?.scheme, "bearer");
    assert.equal(preferredChallenge(parseWwwAuthenticate('Negotiate, Basic realm="x"'))?.scheme, "basic");
    assert.equal(preferredChallenge(parseWwwAuthenticate("Negotiate")), undefined);
  });
});
