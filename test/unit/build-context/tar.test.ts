import assert from "node:assert/strict";
import { stat } from "node:fs/promises";
import * as path from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { describe, it } from "node:test";
import { extract, type Header } from "tar-stream";
import { readDockerignore } from "../../../provider/build-context/dockerignore-file";
import { createContextTar, packEntries } from "../../../provider/build-context/tar";
import { DockerStepError } from "../../../provider/core/errors";
import { withTree } from "../../support/context-tree";

/** One unpacked archive entry with its content as text. */
interface Unpacked {
  readonly header: Header;
  readonly content: string;
}

async function unpack(tar: Readable): Promise<Unpacked[]> {
  const entries: Unpacked[] = [];
  const extractor = extract();
  const collect = (async () => {
    for await (const entry of extractor) {
      const chunks: Buffer[] = [];
      for await (const chunk of entry) chunks.push(chunk as Buffer);
      entries.push({ header: entry.header, content: Buffer.concat(chunks).toString("utf8") });
    }
  })();
  await Promise.all([pipeline(tar, extractor), collect]);
  return entries;
}

const spec = {
  ".dockerignore": "*.log\nbuild\n!build/keep.txt\n",
  Dockerfile: "FROM scratch\n",
  "run.sh": { content: "#!/bin/sh\n", mode: 0o755 },
  "src/main.ts": "main",
  "src/link": { symlink: "main.ts" },
  "build/keep.txt": "keep",
  "build/drop.txt": "drop",
  "debug.log": "noise",
};

describe("createContextTar", () => {
  it("packs exactly the sent entries with their contents, symlinks and modes", async () => {
    await withTree(spec, async (dir) => {
      const tar = createContextTar({
        contextDir: dir,
        excludes: await readDockerignore(dir),
        extraFiles: [{ name: ".generated.Dockerfile", content: "FROM busybox\n" }],
      });
      const entries = await unpack(tar);
      assert.deepEqual(
        entries.map((e) => [e.header.name, e.header.type, e.content]),
        [
          [".dockerignore", "file", spec[".dockerignore"]],
          ["Dockerfile", "file", "FROM scratch\n"],
          ["build/", "directory", ""],
          ["build/keep.txt", "file", "keep"],
          ["run.sh", "file", "#!/bin/sh\n"],
          ["src/", "directory", ""],
          ["src/link", "symlink", ""],
          ["src/main.ts", "file", "main"],
          [".generated.Dockerfile", "file", "FROM busybox\n"],
        ],
      );
      const byName = new Map(entries.map((e) => [e.header.name, e.header]));
      assert.equal(byName.get("src/link")?.linkname, "main.ts");
      assert.equal((byName.get("run.sh")?.mode ?? 0) & 0o777, 0o755);
      assert.equal((byName.get(".generated.Dockerfile")?.mode ?? 0) & 0o777, 0o644);
    });
  });

  it("writes every header owned by root without user or group names", async () => {
    await withTree({ "a.txt": "a", "d/b.txt": "b" }, async (dir) => {
      for (const { header } of await unpack(createContextTar({ contextDir: dir }))) {
        assert.deepEqual([header.uid, header.gid, header.uname, header.gname], [0, 0, "", ""]);
      }
    });
  });

  it("keeps each file's modification time to the second", async () => {
    await withTree({ "a.txt": "a" }, async (dir) => {
      const [entry] = await unpack(createContextTar({ contextDir: dir }));
      const { mtimeMs } = await stat(path.join(dir, "a.txt"));
      assert.equal(entry?.header.mtime.getTime(), Math.floor(mtimeMs / 1000) * 1000);
    });
  });

  it("fails the stream with a DockerStepError when a listed file cannot be read", async () => {
    await withTree({ "a.txt": "a" }, async (dir) => {
      const missing = {
        relPath: "gone.txt",
        absPath: path.join(dir, "gone.txt"),
        type: "file" as const,
        mode: 0o644,
        size: 3,
        mtimeMs: 0,
      };
      await assert.rejects(unpack(packEntries([missing])), (e: unknown) => e instanceof DockerStepError);
    });
  });

  it("fails the stream when a file shrank after it was listed", async () => {
    await withTree({ "a.txt": "a" }, async (dir) => {
      const grown = { relPath: "a.txt", absPath: path.join(dir, "a.txt"), type: "file" as const, mode: 0o644 };
      await assert.rejects(unpack(packEntries([{ ...grown, size: 10, mtimeMs: 0 }])), /shrank/);
    });
  });

  it("stops packing when the consumer destroys the stream", async () => {
    const big = "x".repeat(1024 * 1024);
    await withTree({ "a.bin": big, "b.bin": big, "c.bin": big }, async (dir) => {
      const tar = createContextTar({ contextDir: dir });
      await new Promise<void>((resolve) => tar.once("readable", resolve));
      tar.destroy();
      await new Promise<void>((resolve) => tar.once("close", resolve));
      assert.equal(tar.destroyed, true);
    });
  });
});
