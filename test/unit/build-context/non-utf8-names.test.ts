import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import type { Readable } from "node:stream";
import { describe, it } from "node:test";
import { contextDigest } from "../../../provider/build-context/digest";
import { decodeName, escapeName } from "../../../provider/build-context/raw-names";
import { createContextTar } from "../../../provider/build-context/tar";
import { walkContext } from "../../../provider/build-context/walk";
import { withTempDir } from "../../support/context-tree";

/** `dir` joined with a name given as bytes (no UTF-8 involved). */
function at(dir: string, ...parts: (string | number[])[]): Buffer {
  const bytes = parts.map((p) => (typeof p === "string" ? Buffer.from(p) : Buffer.from(p)));
  return Buffer.concat([Buffer.from(`${dir}/`), ...bytes]);
}

async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** What GNU tar lists in an archive, one name per line, byte for byte. */
function gnuTarNames(archive: Buffer): Buffer[] {
  const listed = spawnSync("tar", ["--quoting-style=literal", "-tf", "-"], { input: archive });
  assert.equal(listed.status, 0, listed.stderr.toString());
  const names: Buffer[] = [];
  let start = 0;
  for (let i = 0; i < listed.stdout.length; i++) {
    if (listed.stdout[i] === 0x0a) {
      names.push(listed.stdout.subarray(start, i));
      start = i + 1;
    }
  }
  return names;
}

const FF_TXT = [0xff, 0x2e, 0x74, 0x78, 0x74]; // "\xff.txt"
const DIR_FE = [0x64, 0xfe]; // "d\xfe"

async function rawTree(dir: string): Promise<void> {
  writeFileSync(`${dir}/Dockerfile`, "FROM scratch\n");
  writeFileSync(at(dir, FF_TXT), "latin-1 name\n");
  mkdirSync(at(dir, DIR_FE));
  writeFileSync(at(dir, DIR_FE, "/inner.txt"), "inside\n");
  symlinkSync(Buffer.from([0x74, 0xe9]), at(dir, "link")); // target "t\xe9"
}

describe("build contexts with names that are not UTF-8", () => {
  it("walks files and folders whose names are not UTF-8, keeping their exact bytes", async () => {
    await withTempDir(async (dir) => {
      await rawTree(dir);
      const entries = await walkContext({ contextDir: dir });
      const raw = entries.map((e) => e.raw?.relPath ?? Buffer.from(e.relPath));
      assert.deepEqual(raw, [
        Buffer.from("Dockerfile"),
        Buffer.from(DIR_FE),
        Buffer.from([...DIR_FE, ...Buffer.from("/inner.txt")]),
        Buffer.from("link"),
        Buffer.from(FF_TXT),
      ]);
      const ff = entries.find((e) => e.raw?.relPath.equals(Buffer.from(FF_TXT)));
      assert.equal(ff?.type, "file");
      assert.equal(ff?.relPath, "\uFFFD.txt");
      assert.deepEqual(entries.find((e) => e.relPath === "link")?.raw?.linkTarget, Buffer.from([0x74, 0xe9]));
    });
  });

  it("sends those names byte for byte in the tar, as GNU tar lists them", async () => {
    await withTempDir(async (dir) => {
      await rawTree(dir);
      const archive = await collect(createContextTar({ contextDir: dir }));
      assert.deepEqual(gnuTarNames(archive), [
        Buffer.from("Dockerfile"),
        Buffer.from([...DIR_FE, 0x2f]),
        Buffer.from([...DIR_FE, ...Buffer.from("/inner.txt")]),
        Buffer.from("link"),
        Buffer.from(FF_TXT),
      ]);
      const verbose = spawnSync("tar", ["--quoting-style=literal", "-tvf", "-"], { input: archive }).stdout;
      assert.ok(verbose.includes(Buffer.from([...Buffer.from("link -> t"), 0xe9, 0x0a])), verbose.toString("latin1"));
    });
  });

  it("sends a name longer than a ustar header holds in full", async () => {
    await withTempDir(async (dir) => {
      const long = `${"a".repeat(120)}.txt`;
      writeFileSync(`${dir}/${long}`, "x");
      const archive = await collect(createContextTar({ contextDir: dir }));
      assert.deepEqual(gnuTarNames(archive), [Buffer.from(long)]);
    });
  });

  it("changes the digest when a file whose name is not UTF-8 is edited, and tells two such names apart", async () => {
    await withTempDir(async (dir) => {
      await rawTree(dir);
      const digest = () => contextDigest({ contextDir: dir, dockerfileContent: "FROM scratch\n" });
      const before = await digest();
      writeFileSync(at(dir, FF_TXT), "edited\n");
      const edited = await digest();
      assert.notEqual(edited, before);
      writeFileSync(at(dir, [0xfe, 0x2e, 0x74, 0x78, 0x74]), "edited\n");
      assert.notEqual(await digest(), edited, "a second file with another invalid byte was not noticed");
    });
  });

  it("matches .dockerignore patterns against such names as Go does, each invalid byte one character", async () => {
    await withTempDir(async (dir) => {
      await rawTree(dir);
      const sent = async (excludes: string) =>
        (await walkContext({ contextDir: dir, excludes })).filter((e) => e.raw?.relPath.equals(Buffer.from(FF_TXT)));
      assert.equal((await sent("*.txt")).length, 0);
      assert.equal((await sent("?.txt")).length, 0);
      assert.equal((await sent("??.txt")).length, 1);
    });
  });

  it("decodes and escapes names byte by byte", () => {
    const name = Buffer.from([0x61, 0xff, 0xe2, 0x82, 0x62, 0xc3, 0xa9]);
    assert.equal(decodeName(name), "a\uFFFD\uFFFD\uFFFDbé");
    assert.equal(escapeName(name), "a\\xff\\xe2\\x82bé");
  });
});
