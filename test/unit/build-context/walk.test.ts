import { spawnSync } from "node:child_process";
import assert from "node:assert/strict";
import { chmod } from "node:fs/promises";
import * as net from "node:net";
import * as path from "node:path";
import { describe, it } from "node:test";
import { parseDockerignore } from "../../../provider/build-context/dockerignore";
import { readDockerignore } from "../../../provider/build-context/dockerignore-file";
import { walkContext } from "../../../provider/build-context/walk";
import { withTempDir, withTree } from "../../support/context-tree";

const paths = (entries: readonly { relPath: string }[]): string[] => entries.map((e) => e.relPath);

describe("walkContext", () => {
  it("lists the sent paths in bytewise order, honouring .dockerignore and its exceptions", async () => {
    const spec = {
      ".dockerignore": "build\n!build/keep.txt\n*.log\nsecrets/\n",
      Dockerfile: "FROM scratch\n",
      "a/b.txt": "b",
      "a-c.txt": "c",
      "build/keep.txt": "keep",
      "build/drop.txt": "drop",
      "build/deep/x.txt": "x",
      "app.log": "log",
      "src/main.ts": "main",
      "secrets/key": "key",
      empty: null,
    };
    await withTree(spec, async (dir) => {
      const entries = await walkContext({ contextDir: dir, excludes: await readDockerignore(dir) });
      assert.deepEqual(paths(entries), [
        ".dockerignore",
        "Dockerfile",
        "a",
        "a-c.txt",
        "a/b.txt",
        "build",
        "build/keep.txt",
        "empty",
        "src",
        "src/main.ts",
      ]);
    });
  });

  it("reports symlinks with their target instead of following them", async () => {
    await withTree(
      { "src/main.ts": "main", "src/link": { symlink: "main.ts" }, dirlink: { symlink: "src" } },
      async (dir) => {
        const entries = await walkContext({ contextDir: dir });
        assert.deepEqual(paths(entries), ["dirlink", "src", "src/link", "src/main.ts"]);
        const link = entries.find((e) => e.relPath === "src/link");
        assert.equal(link?.type, "symlink");
        assert.equal(link?.linkTarget, "main.ts");
        assert.equal(entries[0]?.type, "symlink");
      },
    );
  });

  it("records type, permission bits, size and absolute path of each entry", async () => {
    await withTree({ "run.sh": { content: "#!/bin/sh\n", mode: 0o755 }, "data/x.txt": "12345" }, async (dir) => {
      const entries = await walkContext({ contextDir: dir });
      const [data, file, script] = entries;
      assert.equal(data?.type, "dir");
      assert.equal(file?.size, 5);
      assert.equal(file?.absPath, path.join(dir, "data", "x.txt"));
      assert.equal(script?.type, "file");
      assert.equal(script?.mode, 0o755);
    });
  });

  it("always sends the Dockerfile and .dockerignore, with the folders that lead to them", async () => {
    const spec = {
      ".dockerignore": "**\n",
      "docker/Dockerfile": "FROM scratch\n",
      "docker/other.txt": "other",
      "src/main.ts": "main",
    };
    await withTree(spec, async (dir) => {
      const entries = await walkContext({ contextDir: dir, excludes: "**", alwaysInclude: ["docker/Dockerfile"] });
      assert.deepEqual(paths(entries), [".dockerignore", "docker", "docker/Dockerfile"]);
    });
  });

  it("does not send an excluded folder when its exception matches nothing inside it", async () => {
    await withTree({ "build/drop.txt": "drop", "src/main.ts": "main" }, async (dir) => {
      const entries = await walkContext({ contextDir: dir, excludes: "build\n!build/keep.txt" });
      assert.deepEqual(paths(entries), ["src", "src/main.ts"]);
    });
  });

  it("re-includes files matched by a wildcard exception deep inside excluded folders", async () => {
    const spec = { "pkg/build/keep.txt": "k", "pkg/build/drop.txt": "d", "pkg/src.ts": "s" };
    await withTree(spec, async (dir) => {
      const entries = await walkContext({ contextDir: dir, excludes: parseDockerignore("**/build\n!**/keep.txt") });
      assert.deepEqual(paths(entries), ["pkg", "pkg/build", "pkg/build/keep.txt", "pkg/src.ts"]);
    });
  });

  it("matches each path knowing what its folder matched, as fsutil's walk does (`a`, `!**/keep.me`, `a`)", async () => {
    const spec = { "a/b/c/keep.me": "k", "a/b/drop.txt": "d", "z.md/com,ma/-lead": "l" };
    await withTree(spec, async (dir) => {
      const entries = await walkContext({ contextDir: dir, excludes: "a\n!**/keep.me\na\n**/-lead\n!**/*.md" });
      assert.deepEqual(paths(entries), ["a", "a/b", "a/b/c", "a/b/c/keep.me", "z.md", "z.md/com,ma"]);
    });
  });

  it("fails with an InputError on context when a pattern's Go regexp cannot be compiled, as BuildKit's walk does", async () => {
    await withTree({ "x.txt": "x" }, async (dir) => {
      await assert.rejects(walkContext({ contextDir: dir, excludes: "x*[" }), /"x\*\[" cannot be matched/);
    });
  });

  it("skips sockets", async () => {
    await withTempDir(async (dir) => {
      const server = net.createServer();
      await new Promise<void>((resolve) => server.listen(path.join(dir, "app.sock"), resolve));
      try {
        assert.deepEqual(paths(await walkContext({ contextDir: dir })), []);
      } finally {
        await new Promise((resolve) => server.close(resolve));
      }
    });
  });

  it("fails on a sent file it cannot read, naming it, and walks on when .dockerignore excludes it", async () => {
    await withTree({ "secret.txt": "s", "ok.txt": "o" }, async (dir) => {
      await chmod(path.join(dir, "secret.txt"), 0o000);
      // Root reads any file, so as root the walk runs in a child process without the capabilities that allow that.
      const walk = (excludes: string) => walkAsUnprivileged(dir, excludes);
      assert.match(await walk(""), /Cannot read "secret\.txt" in the build context \(EACCES\)/);
      assert.equal(await walk("secret.txt"), "ok.txt");
    });
  });
});

/** Runs walkContext where permission bits apply (for root: a child without CAP_DAC_*); its paths or error message. */
async function walkAsUnprivileged(contextDir: string, excludes: string): Promise<string> {
  if (process.getuid?.() !== 0) {
    return walkContext({ contextDir, excludes }).then(
      (entries) => paths(entries).join(","),
      (error: Error) => error.message,
    );
  }
  const script = `require(${JSON.stringify(require.resolve("../../../provider/build-context/walk"))})
    .walkContext({ contextDir: ${JSON.stringify(contextDir)}, excludes: ${JSON.stringify(excludes)} })
    .then((e) => console.log(e.map((x) => x.relPath).join(",")), (e) => console.log(e.message));`;
  const caps = "-dac_override,-dac_read_search";
  const args = [`--inh-caps=${caps}`, `--bounding-set=${caps}`, process.execPath, "-e", script];
  const result = spawnSync("setpriv", args, { encoding: "utf8" });
  assert.equal(result.status, 0, result.stderr);
  return result.stdout.trim();
}

describe("readDockerignore", () => {
  it("returns the file's text, or an empty string when the context has none", async () => {
    await withTree({ ".dockerignore": "node_modules\n" }, async (dir) => {
      assert.equal(await readDockerignore(dir), "node_modules\n");
    });
    await withTempDir(async (dir) => assert.equal(await readDockerignore(dir), ""));
  });
});
