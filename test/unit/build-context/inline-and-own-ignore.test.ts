import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import * as path from "node:path";
import { pipeline } from "node:stream/promises";
import { describe, it } from "node:test";
import { extract } from "tar-stream";
import {
  contextTarStream,
  dockerfileInputProblem,
  prepareBuildContext,
  type PreparedBuildContext,
} from "../../../provider/build-context";
import { withTree } from "../../support/context-tree";

/** The names inside the tar stream of a prepared context, with each file's text. */
async function tarFiles(prepared: PreparedBuildContext): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const extractor = extract();
  const collect = (async () => {
    for await (const entry of extractor) {
      const chunks: Buffer[] = [];
      for await (const chunk of entry) chunks.push(chunk as Buffer);
      files.set(entry.header.name, Buffer.concat(chunks).toString());
    }
  })();
  await Promise.all([pipeline(contextTarStream(prepared), extractor), collect]);
  return files;
}

describe("inline Dockerfiles", () => {
  it("sends the text under a generated name that no context file has, and hashes it into the digest", async () => {
    await withTree({ "app/main.txt": "main" }, async (root) => {
      const inline = "FROM scratch\nCOPY main.txt /\n";
      const prepared = await prepareBuildContext({ context: "app", dockerfile: { inline }, cwd: root });
      assert.match(prepared.dockerfileName, /^\.pulumi-docker-dynamic\.[0-9a-f]{12}\.Dockerfile$/);
      assert.equal(prepared.dockerfileContent, inline);
      assert.equal(prepared.inlineDockerfile, true);
      assert.equal(prepared.generatedDockerfile, undefined);
      const files = await tarFiles(prepared);
      assert.deepEqual([...files.keys()], ["main.txt", prepared.dockerfileName]);
      assert.equal(files.get(prepared.dockerfileName), inline);
      const same = await prepareBuildContext({ context: "app", dockerfile: { inline }, cwd: root });
      assert.equal(same.digest, prepared.digest);
      const edited = await prepareBuildContext({
        context: "app",
        dockerfile: { inline: `${inline}# v2\n` },
        cwd: root,
      });
      assert.notEqual(edited.digest, prepared.digest);
    });
  });

  it("picks another name when a context file already has the generated one", async () => {
    await withTree({ "app/main.txt": "main" }, async (root) => {
      const inline = "FROM scratch\n";
      const first = await prepareBuildContext({ context: "app", dockerfile: { inline }, cwd: root });
      await writeFile(path.join(root, "app", first.dockerfileName), "a context file\n");
      const second = await prepareBuildContext({ context: "app", dockerfile: { inline }, cwd: root });
      assert.notEqual(second.dockerfileName, first.dockerfileName);
      const files = await tarFiles(second);
      assert.equal(files.get(first.dockerfileName), "a context file\n");
      assert.equal(files.get(second.dockerfileName), inline);
    });
  });

  it("refuses malformed shapes, naming the property", () => {
    assert.equal(dockerfileInputProblem({ inline: "FROM a\n" }), undefined);
    assert.equal(dockerfileInputProblem("auto"), undefined);
    assert.equal(dockerfileInputProblem(undefined), undefined);
    assert.equal(dockerfileInputProblem({ inline: 3 })?.property, "dockerfile.inline");
    assert.match(dockerfileInputProblem({ inline: 3 })!.reason, /must be the Dockerfile's text/);
    assert.equal(dockerfileInputProblem({ inline: "FROM a", path: "x" })?.property, "dockerfile.path");
    assert.equal(dockerfileInputProblem({ text: "FROM a" })?.property, "dockerfile.text");
    assert.equal(dockerfileInputProblem({})?.property, "dockerfile.inline");
    assert.equal(dockerfileInputProblem(42)?.property, "dockerfile");
    assert.equal(dockerfileInputProblem("")?.property, "dockerfile");
  });
});

describe("<Dockerfile>.dockerignore", () => {
  const tree = {
    "app/.dockerignore": "a.txt\n",
    "app/a.txt": "a",
    "app/b.txt": "b",
    "app/c.txt": "c",
    "app/docker/api.Dockerfile": "FROM scratch\n",
    "app/docker/api.Dockerfile.dockerignore": "b.txt\n",
    "app/docker/web.Dockerfile": "FROM scratch\n",
  };

  it("takes the place of the context's .dockerignore for the Dockerfile it is named after", async () => {
    await withTree(tree, async (root) => {
      const api = await prepareBuildContext({ context: "app", dockerfile: "docker/api.Dockerfile", cwd: root });
      assert.equal(api.ignoreFile, path.join(root, "app", "docker", "api.Dockerfile.dockerignore"));
      const names = [...(await tarFiles(api)).keys()];
      assert.ok(names.includes("a.txt") && !names.includes("b.txt") && names.includes("c.txt"), names.join(" "));
    });
  });

  it("leaves other Dockerfiles of the context with the context's .dockerignore", async () => {
    await withTree(tree, async (root) => {
      const web = await prepareBuildContext({ context: "app", dockerfile: "docker/web.Dockerfile", cwd: root });
      assert.equal(web.ignoreFile, path.join(root, "app", ".dockerignore"));
      const names = [...(await tarFiles(web)).keys()];
      assert.ok(!names.includes("a.txt") && names.includes("b.txt"), names.join(" "));
    });
  });

  it("is looked for beside a Dockerfile outside the context too, and an empty one excludes nothing", async () => {
    const spec = {
      "app/.dockerignore": "a.txt\n",
      "app/a.txt": "a",
      Dockerfile: "FROM scratch\n",
      "Dockerfile.dockerignore": "",
    };
    await withTree(spec, async (root) => {
      const prepared = await prepareBuildContext({ context: "app", dockerfile: "../Dockerfile", cwd: root });
      assert.ok([...(await tarFiles(prepared)).keys()].includes("a.txt"));
    });
  });

  it("changes the digest when it changes what is sent", async () => {
    await withTree(tree, async (root) => {
      const inputs = { context: "app", dockerfile: "docker/api.Dockerfile", cwd: root };
      const before = await prepareBuildContext(inputs);
      await writeFile(path.join(root, "app", "docker", "api.Dockerfile.dockerignore"), "c.txt\n");
      const after = await prepareBuildContext(inputs);
      assert.notEqual(after.digest, before.digest);
    });
  });
});
