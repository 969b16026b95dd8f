import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  authServerAddress,
  compactAuth,
  registryAuthHeader,
} from "../../../provider/registry-credentials/registry-auth";

function decode(header: string): unknown {
  return JSON.parse(Buffer.from(header, "base64url").toString("utf8"));
}

describe("registryAuthHeader", () => {
  it("encodes an empty JSON object when there are no credentials", () => {
    assert.equal(registryAuthHeader(undefined), "e30=");
    assert.deepEqual(decode(registryAuthHeader(undefined)), {});
  });

  it("encodes the engine's lower-case field names and leaves out missing ones", () => {
    const header = registryAuthHeader({ username: "alice", password: "pw", serverAddress: "localhost:5000" });
    assert.deepEqual(decode(header), { username: "alice", password: "pw", serveraddress: "localhost:5000" });
  });

  it("carries identity and registry tokens under the engine's names", () => {
    const header = registryAuthHeader({ identityToken: "id", registryToken: "rt", serverAddress: "r.example" });
    assert.deepEqual(decode(header), { serveraddress: "r.example", identitytoken: "id", registrytoken: "rt" });
  });

  it("uses the URL-safe alphabet with padding, which the engine's decoder requires", () => {
    const header = registryAuthHeader({ username: "~~~?", password: ">>>?", serverAddress: "a" });
    assert.doesNotMatch(header, /[+/]/);
    assert.equal(header.length % 4, 0);
    assert.deepEqual(decode(header), { username: "~~~?", password: ">>>?", serveraddress: "a" });
  });
});

describe("authServerAddress", () => {
  it("uses Docker Hub's legacy URL for docker.io and the host for other registries", () => {
    assert.equal(authServerAddress("docker.io"), "https://index.docker.io/v1/");
    assert.equal(authServerAddress("localhost:5000"), "localhost:5000");
  });
});

describe("compactAuth", () => {
  it("drops undefined fields so equal credentials compare equal", () => {
    assert.deepEqual(compactAuth({ username: undefined, password: "p", serverAddress: "h" }), {
      password: "p",
      serverAddress: "h",
    });
  });
});
