import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  commitOfRef,
  parseRemoteContext,
  prepareRemoteContext,
  redactUrl,
  remoteContextDigest,
} from "../../../provider/build-context";
import { InputError } from "../../../provider/core/errors";

describe("remote contexts", () => {
  it("reads git URLs as docker build does: .git over http(s), git://, git@, with #ref:subdir", () => {
    assert.deepEqual(parseRemoteContext("https://example.com/team/repo.git#v1.2:docker/app"), {
      kind: "git",
      remote: "https://example.com/team/repo.git#v1.2:docker/app",
      url: "https://example.com/team/repo.git",
      ref: "v1.2",
      subdir: "docker/app",
      display: "https://example.com/team/repo.git#v1.2:docker/app",
    });
    assert.equal(parseRemoteContext("https://example.com/repo.git")?.ref, undefined);
    assert.equal(parseRemoteContext("https://example.com/repo.git#:sub")?.subdir, "sub");
    assert.equal(parseRemoteContext("https://example.com/repo.git#:sub")?.ref, undefined);
    assert.equal(parseRemoteContext("git://example.com/repo#main")?.kind, "git");
    assert.equal(parseRemoteContext("git@example.com:team/repo.git#main")?.url, "git@example.com:team/repo.git");
  });

  it("reads other http(s) URLs as tarballs and everything else as a folder", () => {
    assert.equal(parseRemoteContext("https://example.com/context.tar.gz")?.kind, "tarball");
    assert.equal(parseRemoteContext("http://127.0.0.1:8080/ctx.tar")?.kind, "tarball");
    assert.equal(parseRemoteContext("app"), undefined);
    assert.equal(parseRemoteContext("./repo.git"), undefined);
    assert.equal(parseRemoteContext(undefined), undefined);
  });

  it("never shows the user or password of a URL", () => {
    assert.equal(redactUrl("https://user:s3cret@example.com/repo.git#main"), "https://***@example.com/repo.git#main");
    assert.equal(parseRemoteContext("https://tok@example.com/c.tar")?.display, "https://***@example.com/c.tar");
  });

  it("resolves a ref among git ls-remote lines: HEAD, branch, peeled tag, full ref", () => {
    const listing = [
      "1111111111111111111111111111111111111111\tHEAD",
      "1111111111111111111111111111111111111111\trefs/heads/main",
      "2222222222222222222222222222222222222222\trefs/heads/dev",
      "3333333333333333333333333333333333333333\trefs/tags/v1",
      "4444444444444444444444444444444444444444\trefs/tags/v1^{}",
      "5555555555555555555555555555555555555555\trefs/pull/7/head",
    ].join("\n");
    assert.equal(commitOfRef(listing, undefined), "1".repeat(40));
    assert.equal(commitOfRef(listing, "dev"), "2".repeat(40));
    assert.equal(commitOfRef(listing, "v1"), "4".repeat(40));
    assert.equal(commitOfRef(listing, "refs/pull/7/head"), "5".repeat(40));
    assert.equal(commitOfRef(listing, "nope"), undefined);
  });

  it("keys the digest on the revision, the URL and the Dockerfile path", () => {
    const remote = parseRemoteContext("https://example.com/repo.git#main")!;
    const a = remoteContextDigest(remote, "Dockerfile", "1".repeat(40));
    assert.match(a, /^sha256:[0-9a-f]{64}$/);
    assert.equal(remoteContextDigest(remote, "Dockerfile", "1".repeat(40)), a);
    assert.notEqual(remoteContextDigest(remote, "Dockerfile", "2".repeat(40)), a);
    assert.notEqual(remoteContextDigest(remote, "other.Dockerfile", "1".repeat(40)), a);
  });

  it("takes a full commit SHA as it is, and refuses inline, generated and absolute Dockerfiles", async () => {
    const sha = "a".repeat(40);
    const prepared = await prepareRemoteContext(parseRemoteContext(`https://example.invalid/r.git#${sha}`)!, undefined);
    assert.equal(prepared.revision, sha);
    assert.equal(prepared.dockerfileName, "Dockerfile");
    const remote = parseRemoteContext("https://example.invalid/r.git")!;
    for (const dockerfile of ["auto", { inline: "FROM a\n" }, "/abs/Dockerfile"]) {
      await assert.rejects(prepareRemoteContext(remote, dockerfile), (e: unknown) => {
        assert.ok(e instanceof InputError);
        assert.equal(e.property, "dockerfile");
        return true;
      });
    }
  });
});
