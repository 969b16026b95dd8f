import assert from "node:assert/strict";
import { chmod, rename, utimes, writeFile } from "node:fs/promises";
import * as path from "node:path";
import { describe, it } from "node:test";
import { contextDigest } from "../../../provider/build-context/digest";
import { readDockerignore } from "../../../provider/build-context/dockerignore-file";
import { withTempDir, withTree, writeTree, type TreeSpec } from "../../support/context-tree";

const DOCKERFILE = "FROM scratch\nCOPY . /app/\n";

const spec: TreeSpec = {
  ".dockerignore": "*.log\n",
  "src/main.ts": "console.log('hi');\n",
  "src/util.ts": "export {};\n",
  "run.sh": { content: "#!/bin/sh\necho hi\n", mode: 0o755 },
  "debug.log": "noise",
  "src/link": { symlink: "main.ts" },
};

async function digestOf(dir: string, dockerfile = DOCKERFILE): Promise<string> {
  return contextDigest({ contextDir: dir, excludes: await readDockerignore(dir), dockerfileContent: dockerfile });
}

/** Digests the fixture before and after `change`, in a fresh copy of the tree. */
async function digestsAround(change: (dir: string) => Promise<void>): Promise<[string, string]> {
  return withTree(spec, async (dir) => {
    const before = await digestOf(dir);
    await change(dir);
    return [before, await digestOf(dir)];
  });
}

describe("contextDigest", () => {
  it("returns a sha256 digest", async () => {
    const digest = await withTree(spec, (dir) => digestOf(dir));
    assert.match(digest, /^sha256:[0-9a-f]{64}$/);
  });

  it("gives this fixture the value of the v1 framing, as since the first release (a new value rebuilds every image on upgrade)", async () => {
    const digest = await withTree(spec, (dir) => digestOf(dir));
    assert.equal(digest, "sha256:b08b28b18ca3f03cf20783ff1330a2466e85a1c00533bda9fa9db64eb0c0a4a8");
  });

  it("is the same for a tree written under umask 022 and under umask 077", async () => {
    const digestWithModes = (file: number, executable: number): Promise<string> =>
      withTempDir(async (dir) => {
        await writeTree(dir, spec);
        for (const f of [".dockerignore", "src/main.ts", "src/util.ts", "debug.log"])
          await chmod(path.join(dir, f), file);
        await chmod(path.join(dir, "run.sh"), executable);
        await chmod(path.join(dir, "src"), executable);
        return digestOf(dir);
      });
    assert.equal(await digestWithModes(0o644, 0o755), await digestWithModes(0o600, 0o700));
  });

  it("changes when a file's executable bit flips", async () => {
    const [before, after] = await digestsAround((dir) => chmod(path.join(dir, "src/main.ts"), 0o755));
    assert.notEqual(before, after);
  });

  it("changes when a file is edited", async () => {
    const [before, after] = await digestsAround((dir) => writeFile(path.join(dir, "src/util.ts"), "export {}; \n"));
    assert.notEqual(before, after);
  });

  it("stays the same when only a file's modification time changes", async () => {
    const [before, after] = await digestsAround((dir) => utimes(path.join(dir, "src/main.ts"), 1, 1));
    assert.equal(before, after);
  });

  it("stays the same when a file excluded by .dockerignore changes", async () => {
    const [before, after] = await digestsAround((dir) => writeFile(path.join(dir, "debug.log"), "other noise"));
    assert.equal(before, after);
  });

  it("changes when a file is renamed", async () => {
    const [before, after] = await digestsAround((dir) =>
      rename(path.join(dir, "src/util.ts"), path.join(dir, "src/utils.ts")),
    );
    assert.notEqual(before, after);
  });

  it("changes when an empty folder is added", async () => {
    const [before, after] = await digestsAround((dir) => writeTree(dir, { "src/empty": null }));
    assert.notEqual(before, after);
  });

  it("changes when the Dockerfile text changes", async () => {
    await withTree(spec, async (dir) => {
      assert.notEqual(await digestOf(dir), await digestOf(dir, `${DOCKERFILE}RUN true\n`));
    });
  });

  it("does not confuse a file's content with the name of the next entry", async () => {
    const one = await withTree({ a: "b", c: "" }, (dir) => digestOf(dir));
    const two = await withTree({ a: "", bc: "" }, (dir) => digestOf(dir));
    assert.notEqual(one, two);
  });
});
