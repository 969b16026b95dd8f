import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isLoopbackRegistry, registryApiBase } from "../../../provider/registry-api/registry-url";

describe("isLoopbackRegistry", () => {
  for (const registry of ["localhost", "localhost:5000", "127.0.0.1:5000", "127.1.2.3", "[::1]:5000", "[::1]"]) {
    it(`counts ${registry} as loopback`, () => {
      assert.equal(isLoopbackRegistry(registry), true);
    });
  }

  for (const registry of ["docker.io", "registry.example.com:5000", "localhost.example.com", "10.0.0.1:5000"]) {
    it(`does not count ${registry} as loopback`, () => {
      assert.equal(isLoopbackRegistry(registry), false);
    });
  }
});

describe("registryApiBase", () => {
  it("uses registry-1.docker.io for Docker Hub", () => {
    assert.equal(registryApiBase("docker.io"), "https://registry-1.docker.io");
  });

  it("uses plain http for a loopback registry", () => {
    assert.equal(registryApiBase("localhost:5000"), "http://localhost:5000");
    assert.equal(registryApiBase("[::1]:5000"), "http://[::1]:5000");
  });

  it("uses https for any other registry", () => {
    assert.equal(registryApiBase("registry.example.com:5000"), "https://registry.example.com:5000");
  });
});
