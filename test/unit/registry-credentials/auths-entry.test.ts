import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { DockerStepError } from "../../../provider/core/errors";
import { authFromEntry, credentialsFromAuths } from "../../../provider/registry-credentials/auths-entry";
import { findRegistryEntry } from "../../../provider/registry-credentials/find-registry-entry";
import { basicAuthField } from "../../support/temp-docker-config";

describe("authFromEntry", () => {
  it("decodes the base64 auth field into user name and password, splitting at the first colon", () => {
    const auth = authFromEntry({ auth: basicAuthField("alice", "pa:ss") }, "k", "localhost:5000", "cfg");
    assert.deepEqual(auth, { username: "alice", password: "pa:ss", serverAddress: "localhost:5000" });
  });

  it("prefers separate username and password fields over the auth pair", () => {
    const entry = { auth: basicAuthField("old", "old"), username: "new", password: "newpw" };
    assert.deepEqual(authFromEntry(entry, "k", "r.example", "cfg"), {
      username: "new",
      password: "newpw",
      serverAddress: "r.example",
    });
  });

  it("returns an identity token", () => {
    assert.deepEqual(authFromEntry({ identitytoken: "idt" }, "k", "docker.io", "cfg"), {
      identityToken: "idt",
      serverAddress: "https://index.docker.io/v1/",
    });
  });

  it("treats an empty placeholder entry as no credentials", () => {
    assert.equal(authFromEntry({}, "k", "r.example", "cfg"), undefined);
  });

  it("rejects an auth field without a colon, naming the key and file but not the value", () => {
    const secret = Buffer.from("no-colon-secret").toString("base64");
    assert.throws(
      () => authFromEntry({ auth: secret }, "r.example", "r.example", "/tmp/config.json"),
      (error: unknown) =>
        error instanceof DockerStepError &&
        error.message.includes("/tmp/config.json") &&
        error.message.includes('"r.example"') &&
        !error.message.includes("no-colon-secret") &&
        !error.message.includes(secret),
    );
  });
});

describe("findRegistryEntry", () => {
  const map = {
    "https://index.docker.io/v1/": "hub",
    "http://localhost:5000/v1/": "local-5000",
    "https://r.example/": "example",
    "localhost:5001": "local-5001",
  };

  it("matches a registry host whatever form the key takes", () => {
    assert.equal(findRegistryEntry(map, "localhost:5000")?.[1], "local-5000");
    assert.equal(findRegistryEntry(map, "r.example")?.[1], "example");
    assert.equal(findRegistryEntry(map, "localhost:5001")?.[1], "local-5001");
  });

  it("finds Docker Hub's legacy key for docker.io and its aliases", () => {
    for (const registry of ["docker.io", "index.docker.io", "registry-1.docker.io"]) {
      assert.deepEqual(findRegistryEntry(map, registry), ["https://index.docker.io/v1/", "hub"]);
    }
  });

  it("does not match another port of the same host", () => {
    assert.equal(findRegistryEntry(map, "localhost:5002"), undefined);
    assert.equal(findRegistryEntry(map, "localhost"), undefined);
  });

  it("prefers an exact key over a normalised one", () => {
    assert.equal(findRegistryEntry({ "https://h:1/": "url", "h:1": "exact" }, "h:1")?.[1], "exact");
  });
});

describe("credentialsFromAuths", () => {
  it("returns undefined when the registry has no entry", () => {
    assert.equal(credentialsFromAuths({ other: { auth: basicAuthField("a", "b") } }, "r.example", "cfg"), undefined);
    assert.equal(credentialsFromAuths(undefined, "r.example", "cfg"), undefined);
  });
});
