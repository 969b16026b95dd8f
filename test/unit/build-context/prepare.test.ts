import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import * as path from "node:path";
import { pipeline } from "node:stream/promises";
import { describe, it } from "node:test";
import { extract } from "tar-stream";
import { contextTarStream, prepareBuildContext, type PreparedBuildContext } from "../../../provider/build-context";
import { InputError } from "../../../provider/core/errors";
import { withTree } from "../../support/context-tree";

/** The names inside the tar stream of a prepared context. */
async function tarNames(prepared: PreparedBuildContext): Promise<string[]> {
  const names: string[] = [];
  const extractor = extract();
  const collect = (async () => {
    for await (const entry of extractor) {
      names.push(entry.header.name);
      entry.resume();
    }
  })();
  await Promise.all([pipeline(contextTarStream(prepared), extractor), collect]);
  return names;
}

describe("prepareBuildContext", () => {
  it("uses a Dockerfile inside the context by its relative path and sends it even if ignored", async () => {
    const spec = { "app/.dockerignore": "docker\n*.log\n", "app/docker/Dockerfile": "FROM a\n", "app/x.log": "" };
    await withTree(spec, async (root) => {
      const prepared = await prepareBuildContext({ context: "app", dockerfile: "docker/Dockerfile", cwd: root });
      assert.equal(prepared.dockerfileName, "docker/Dockerfile");
      assert.equal(prepared.dockerfileContent, "FROM a\n");
      assert.equal(prepared.generatedDockerfile, undefined);
      assert.deepEqual(prepared.extraFiles, []);
      assert.match(prepared.digest, /^sha256:[0-9a-f]{64}$/);
      assert.deepEqual(await tarNames(prepared), [".dockerignore", "docker/", "docker/Dockerfile"]);
    });
  });

  it("adds a Dockerfile from outside the context under a generated name", async () => {
    await withTree({ "app/main.ts": "main", "Dockerfile.app": "FROM b\n" }, async (root) => {
      const prepared = await prepareBuildContext({ context: "app", dockerfile: "../Dockerfile.app", cwd: root });
      assert.match(prepared.dockerfileName, /^\.pulumi-docker-dynamic\.[0-9a-f]{12}\.Dockerfile$/);
      assert.deepEqual(prepared.extraFiles, [{ name: prepared.dockerfileName, content: "FROM b\n" }]);
      assert.deepEqual(await tarNames(prepared), ["main.ts", prepared.dockerfileName]);
    });
  });

  it("generates a Dockerfile for dockerfile: auto from the context's manifests", async () => {
    await withTree({ "svc/package.json": "{}", "svc/index.js": "" }, async (root) => {
      const prepared = await prepareBuildContext({
        context: "svc",
        dockerfile: "auto",
        baseImage: "node:22",
        cwd: root,
      });
      assert.equal(prepared.generatedDockerfile, prepared.dockerfileContent);
      assert.match(prepared.dockerfileContent, /^FROM node:22\nWORKDIR \/opt\/app\/svc\/\n/);
      assert.match(prepared.dockerfileContent, /RUN npm install --omit=dev/);
      assert.deepEqual(await tarNames(prepared), ["index.js", "package.json", prepared.dockerfileName]);
    });
  });

  it("requires a base image for dockerfile: auto", async () => {
    await withTree({ "index.js": "" }, async (root) => {
      await assert.rejects(
        prepareBuildContext({ dockerfile: "auto", cwd: root }),
        (e: unknown) => e instanceof InputError && e.property === "baseImage",
      );
    });
  });

  it("changes the digest when a sent file changes but not when an ignored one does", async () => {
    const spec = { ".dockerignore": "*.log\n", Dockerfile: "FROM a\n", "main.ts": "1", "x.log": "1" };
    await withTree(spec, async (root) => {
      const digest = async (): Promise<string> => (await prepareBuildContext({ cwd: root })).digest;
      const first = await digest();
      await writeFile(path.join(root, "x.log"), "2");
      assert.equal(await digest(), first);
      await writeFile(path.join(root, "main.ts"), "2");
      assert.notEqual(await digest(), first);
    });
  });

  it("reports a malformed .dockerignore against the context property", async () => {
    await withTree({ ".dockerignore": "[oops\n", Dockerfile: "FROM a\n" }, async (root) => {
      await assert.rejects(
        prepareBuildContext({ cwd: root }),
        (e: unknown) => e instanceof InputError && e.property === "context" && /\[oops/.test(e.message),
      );
    });
  });
});
