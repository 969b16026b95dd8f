import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  ImageReference,
  normalizeRegistry,
  parseRepository,
  repositoryProblem,
  tagProblem,
} from "../../../provider/core/image-reference";

describe("repositoryProblem", () => {
  for (const name of [
    "localhost:5000/team/app",
    "app",
    "docker.io/library/nginx",
    "[::1]:5000/a",
    "registry.example.com/a/b_c/d-e",
    "team/a.b__c--d",
  ]) {
    it(`accepts ${name}`, () => {
      assert.equal(repositoryProblem(name), undefined);
    });
  }

  it("rejects an uppercase path component and names the component", () => {
    const problem = repositoryProblem("localhost:5000/Team/app");
    assert.match(problem ?? "", /invalid path component "Team"/);
    assert.match(problem ?? "", /lowercase/);
  });

  it("rejects a tag and points at the tag input", () => {
    const problem = repositoryProblem("app:1");
    assert.match(problem ?? "", /must not contain a tag/);
    assert.match(problem ?? "", /`tag` input/);
  });

  it("rejects a tag after a registry with a port", () => {
    assert.match(repositoryProblem("localhost:5000/app:1") ?? "", /must not contain a tag/);
  });

  it("rejects a digest and asks for the repository only", () => {
    const problem = repositoryProblem(`localhost:5000/app@sha256:${"a".repeat(64)}`);
    assert.match(problem ?? "", /must not contain a digest/);
  });

  it("rejects an empty name", () => {
    assert.equal(repositoryProblem(""), "must not be empty");
  });

  it("rejects a component that starts with a separator", () => {
    assert.match(repositoryProblem("-leading") ?? "", /invalid path component "-leading"/);
  });

  it("rejects an empty path component", () => {
    assert.match(repositoryProblem("a//b") ?? "", /invalid path component ""/);
  });

  it("rejects a repository path longer than 255 characters, counting Docker Hub's library/, and says the limit", () => {
    const path = "a".repeat(255);
    assert.equal(repositoryProblem(`registry.example.com/${path}`), undefined, "the registry does not count");
    assert.match(repositoryProblem(`registry.example.com/${path}b`) ?? "", /path of 256 characters .*at most 255/);
    assert.equal(repositoryProblem("a".repeat(247)), undefined, "library/ + 247 = 255");
    assert.match(repositoryProblem("a".repeat(248)) ?? "", /path of 256 characters/);
  });

  it("rejects a name of exactly 64 hexadecimal characters (an image ID), not a longer one or one with a registry", () => {
    const id = "0123456789abcdef".repeat(4);
    assert.match(repositoryProblem(id) ?? "", /64 hexadecimal characters/);
    assert.equal(repositoryProblem(`${id}0`), undefined);
    assert.equal(repositoryProblem(`localhost:5000/${id}`), undefined);
  });

  it("takes an IPv6 registry of hex digits and colons only", () => {
    assert.equal(repositoryProblem("[::1]:5000/app"), undefined);
    assert.match(repositoryProblem("[fe80::1%eth0]:5000/app") ?? "", /invalid registry host/);
    assert.match(repositoryProblem("[zz::1]/app") ?? "", /invalid registry host/);
  });

  it("rejects a registry host with an invalid port", () => {
    assert.match(repositoryProblem("localhost:50x0/app") ?? "", /invalid registry host "localhost:50x0"/);
  });
});

describe("tagProblem", () => {
  for (const tag of ["latest", "v1.2.3", "1", "_x", "a".repeat(128), "2026-11-28t20-04-30-900z"]) {
    it(`accepts "${tag.length > 20 ? `${tag.slice(0, 8)}… (${tag.length} chars)` : tag}"`, () => {
      assert.equal(tagProblem(tag), undefined);
    });
  }

  for (const tag of ["", ".x", "-x", "a/b", "a:b", "a".repeat(129)]) {
    it(`rejects "${tag.length > 20 ? `${tag.slice(0, 8)}… (${tag.length} chars)` : tag}" with the allowed characters`, () => {
      assert.match(tagProblem(tag) ?? "", /1 to 128 characters/);
    });
  }
});

describe("parseRepository", () => {
  it("puts a single-component name under docker.io/library", () => {
    assert.deepEqual(parseRepository("app"), { registry: "docker.io", path: "library/app", name: "app" });
  });

  it("keeps a two-component name without a registry on docker.io as given", () => {
    assert.deepEqual(parseRepository("team/app"), { registry: "docker.io", path: "team/app", name: "team/app" });
  });

  it("takes a first component with a port as the registry", () => {
    assert.deepEqual(parseRepository("localhost:5000/x"), {
      registry: "localhost:5000",
      path: "x",
      name: "localhost:5000/x",
    });
  });

  it("takes localhost and dotted hosts as the registry", () => {
    assert.equal(parseRepository("localhost/a/b").registry, "localhost");
    assert.deepEqual(parseRepository("registry.example.com/a/b"), {
      registry: "registry.example.com",
      path: "a/b",
      name: "registry.example.com/a/b",
    });
  });

  it("adds library/ to an official image named with an explicit docker.io registry", () => {
    assert.equal(parseRepository("docker.io/nginx").path, "library/nginx");
  });

  it("resolves the legacy index.docker.io registry to docker.io", () => {
    assert.equal(parseRepository("index.docker.io/team/app").registry, "docker.io");
  });
});

describe("normalizeRegistry", () => {
  it("turns the docker CLI's Docker Hub key into docker.io", () => {
    assert.equal(normalizeRegistry("https://index.docker.io/v1/"), "docker.io");
  });

  it("turns the other Docker Hub host names into docker.io", () => {
    assert.equal(normalizeRegistry("registry-1.docker.io"), "docker.io");
    assert.equal(normalizeRegistry("registry.hub.docker.com"), "docker.io");
  });

  it("drops the scheme and the path but keeps the port", () => {
    assert.equal(normalizeRegistry("http://localhost:5000/"), "localhost:5000");
    assert.equal(normalizeRegistry(" https://registry.example.com:8443/v2/ "), "registry.example.com:8443");
  });

  it("leaves a bare host unchanged", () => {
    assert.equal(normalizeRegistry("registry.example.com"), "registry.example.com");
  });
});

describe("ImageReference", () => {
  it("splits a name into registry and repository, normalising Docker Hub", () => {
    const hub = ImageReference.of("nginx", "1.27");
    assert.deepEqual([hub.registry, hub.repository, hub.tag], ["docker.io", "library/nginx", "1.27"]);
    const local = ImageReference.of("localhost:5000/team/app");
    assert.deepEqual([local.registry, local.repository, local.tag], ["localhost:5000", "team/app", undefined]);
  });

  it("formats itself with a tag or a digest, as given", () => {
    const ref = ImageReference.of("localhost:5000/team/app");
    assert.equal(String(ref), "localhost:5000/team/app");
    assert.equal(String(ref.withTag("dev")), "localhost:5000/team/app:dev");
    assert.equal(
      String(ref.withDigest(`sha256:${"a".repeat(64)}`)),
      `localhost:5000/team/app@sha256:${"a".repeat(64)}`,
    );
  });

  it("names the credential key the docker CLI uses", () => {
    assert.equal(ImageReference.of("team/app").credentialKey, "https://index.docker.io/v1/");
    assert.equal(ImageReference.of("localhost:5001/team/app").credentialKey, "localhost:5001");
  });

  it("picks this repository's digests out of RepoDigests", () => {
    const ref = ImageReference.of("localhost:5000/app");
    const digests = ["localhost:5000/app@sha256:1", "localhost:5000/app-other@sha256:2", "localhost:5001/app@sha256:3"];
    assert.deepEqual(ref.digestsIn(digests), ["sha256:1"]);
  });
});

describe("ImageReference.parseTagged and canonical", () => {
  it("reads the engine's RepoTags, a port not taken for a tag", () => {
    assert.equal(ImageReference.parseTagged("localhost:5000/app:dev").canonical, "localhost:5000/app:dev");
    assert.equal(ImageReference.parseTagged("localhost:5000/app").canonical, "localhost:5000/app:latest");
  });

  it("writes Docker Hub names alike, however they were given", () => {
    assert.equal(
      ImageReference.of("app", "dev").canonical,
      ImageReference.parseTagged("docker.io/library/app:dev").canonical,
    );
  });
});
