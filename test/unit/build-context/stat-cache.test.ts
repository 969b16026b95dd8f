import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { chmod, readdir, readFile, rename, rm, stat, symlink, unlink, writeFile } from "node:fs/promises";
import * as path from "node:path";
import { describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import {
  contextDigestDetailed,
  type ContextDigestOptions,
  type ContextDigestResult,
} from "../../../provider/build-context/digest";
import { loadStatCache, saveStatCache, statCacheFile } from "../../../provider/build-context/stat-cache";
import { withTempDir, writeTree, type TreeSpec } from "../../support/context-tree";

const DOCKERFILE = "FROM scratch\nCOPY . /app/\n";

const spec: TreeSpec = {
  ".dockerignore": "*.log\n",
  "src/main.ts": "console.log('hi');\n",
  "src/util.ts": "export const a = 1;\n",
  "run.sh": { content: "#!/bin/sh\necho hi\n", mode: 0o755 },
  "debug.log": "noise",
  "src/link": { symlink: "main.ts" },
  "docs/a.md": "aaaa",
  "docs/b.md": "bbbb",
};

/** A context and a cache folder side by side; every digest is taken with the cache and without it. */
interface Fixture {
  readonly context: string;
  readonly cacheDir: string;
  /** Digests with the stat cache (racy margin 0: timestamps on this filesystem are exact) and without, and checks
   * they agree; returns the cached run's result. */
  digest(): Promise<ContextDigestResult>;
}

async function withFixture(fn: (fixture: Fixture) => Promise<void>): Promise<void> {
  await withTempDir(async (root) => {
    const context = path.join(root, "context");
    const cacheDir = path.join(root, "cache");
    await writeTree(context, spec);
    const options: ContextDigestOptions = { contextDir: context, excludes: "*.log\n", dockerfileContent: DOCKERFILE };
    const digest = async (): Promise<ContextDigestResult> => {
      // Lets at least one millisecond pass, so a file written just before counts as written before the digest.
      await sleep(5);
      const cached = await contextDigestDetailed({ ...options, statCacheDir: cacheDir, racyMarginMs: 0 });
      const uncached = await contextDigestDetailed({ ...options, statCacheDir: false });
      assert.equal(cached.digest, uncached.digest, "the stat cache changed the digest");
      return cached;
    };
    await fn({ context, cacheDir, digest });
  });
}

/** Sets the mtime of `file` to `mtimeNs` exactly, as `touch -d` does. */
function setMtime(file: string, mtimeNs: bigint): void {
  const ns = (mtimeNs % 1_000_000_000n).toString().padStart(9, "0");
  execFileSync("touch", ["-m", "-d", `@${mtimeNs / 1_000_000_000n}.${ns}`, file]);
}

/** Rewrites `file` with other content of the same size and puts its mtime back where it was (`touch -d`). */
async function rewriteKeepingSizeAndMtime(file: string, content: string): Promise<void> {
  const before = await stat(file, { bigint: true });
  assert.equal(BigInt(Buffer.byteLength(content)), before.size);
  await writeFile(file, content);
  setMtime(file, before.mtimeNs);
  assert.equal((await stat(file, { bigint: true })).mtimeNs, before.mtimeNs);
}

describe("the stat cache of contextDigest", () => {
  it("reads no file when nothing changed since the last digest", async () => {
    await withFixture(async ({ digest }) => {
      const first = await digest();
      assert.equal(first.filesRead, first.files);
      const second = await digest();
      assert.equal(second.digest, first.digest);
      assert.equal(second.filesRead, 0);
    });
  });

  it("gives the uncached digest through a series of edits, renames, mode flips and symlink retargets", async () => {
    await withFixture(async ({ context, digest }) => {
      const seen = new Set([(await digest()).digest]);
      const steps: [string, () => Promise<unknown>][] = [
        ["edit", () => writeFile(path.join(context, "src/main.ts"), "console.log('bye');\n")],
        ["rename", () => rename(path.join(context, "src/util.ts"), path.join(context, "src/utils.ts"))],
        ["swap names", () => swap(path.join(context, "docs/a.md"), path.join(context, "docs/b.md"))],
        ["mode flip", () => chmod(path.join(context, "docs/a.md"), 0o755)],
        ["retarget", () => retarget(path.join(context, "src/link"), "utils.ts")],
        ["delete", () => unlink(path.join(context, "run.sh"))],
        ["add", () => writeFile(path.join(context, "docs/c.md"), "cccc")],
      ];
      for (const [name, change] of steps) {
        await change();
        const { digest: after, filesRead } = await digest();
        assert.ok(!seen.has(after), `the digest did not change after: ${name}`);
        assert.ok(filesRead <= 2, `${name} read ${filesRead} files; only the changed ones should be read`);
        seen.add(after);
      }
    });
  });

  it("notices a rewrite with the same size and mtime, through the ctime it moved", async () => {
    await withFixture(async ({ context, digest }) => {
      const before = await digest();
      await rewriteKeepingSizeAndMtime(path.join(context, "src/util.ts"), "export const b = 2;\n");
      const after = await digest();
      assert.notEqual(after.digest, before.digest);
      assert.equal(after.filesRead, 1);
    });
  });

  it("notices a file replaced by another of the same size and mtime, through its inode", async () => {
    await withFixture(async ({ context, digest }) => {
      const file = path.join(context, "docs/a.md");
      const before = await digest();
      const old = await stat(file, { bigint: true });
      const replacement = path.join(context, "docs/.new");
      await writeFile(replacement, "zzzz");
      setMtime(replacement, old.mtimeNs);
      await rename(replacement, file);
      const after = await digest();
      assert.notEqual((await stat(file)).ino, old.ino);
      assert.notEqual(after.digest, before.digest);
    });
  });

  it("does not cache a file changed within the racy margin before the digest started", async () => {
    await withFixture(async ({ context, cacheDir }) => {
      const options = {
        contextDir: context,
        excludes: "*.log\n",
        dockerfileContent: DOCKERFILE,
        statCacheDir: cacheDir,
      };
      const first = await contextDigestDetailed(options);
      // Every file was written within the default margin (2 s): none can be trusted, so each is read again.
      const second = await contextDigestDetailed(options);
      assert.equal(second.filesRead, first.files);
      assert.equal(loadStatCache(statCacheFile(cacheDir, context), context).size, 0);
    });
  });

  it("ignores a damaged cache, a cache of another version and a cache of another folder", async () => {
    await withFixture(async ({ context, cacheDir, digest }) => {
      const first = await digest();
      const file = statCacheFile(cacheDir, context);
      const good = loadStatCache(file, context);
      assert.equal(good.size, first.files);
      // The same records with every hash wrong: trusted, they would change the digest (the control below shows it).
      const wrong = new Map([...good].map(([key, value]) => [key, { ...value, hash: Buffer.alloc(32, 7) }]));
      saveStatCache(file, context, wrong);
      const poisoned = await readFile(file);
      const trusted = await contextDigestDetailed({
        contextDir: context,
        excludes: "*.log\n",
        dockerfileContent: DOCKERFILE,
        statCacheDir: cacheDir,
      });
      assert.notEqual(trusted.digest, first.digest, "control: a valid cache file is trusted");
      const otherVersion = Buffer.from(poisoned);
      otherVersion.write("v9", poisoned.indexOf("/v1\n") + 1);
      const flipped = Buffer.from(poisoned);
      flipped[Math.floor(flipped.length / 2)]! ^= 0xff;
      saveStatCache(file, `${context}-other`, wrong);
      const otherFolder = await readFile(file);
      for (const [name, bytes] of [
        ["another version", otherVersion],
        ["a flipped byte", flipped],
        ["cut off", poisoned.subarray(0, poisoned.length - 40)],
        ["another folder", otherFolder],
        ["not a cache", Buffer.from("garbage")],
      ] as const) {
        await writeFile(file, bytes);
        const again = await digest();
        assert.equal(again.digest, first.digest, `a cache file that is ${name} was trusted`);
        assert.equal(again.filesRead, first.files);
      }
    });
  });

  it("fails on a sent file it cannot read, naming it, also when the cache held its hash", async () => {
    await withFixture(async ({ context, cacheDir, digest }) => {
      await digest();
      await chmod(path.join(context, "src/util.ts"), 0o000);
      assert.match(
        digestAsUnprivileged(context, cacheDir),
        /^InputError context Cannot read "src\/util\.ts" in the build context \(EACCES\); fix its permissions/,
      );
    });
  });

  it("keeps the cache outside the context, one file per context folder", async () => {
    await withFixture(async ({ context, cacheDir, digest }) => {
      const entriesBefore = await listTree(context);
      await digest();
      assert.deepEqual(await listTree(context), entriesBefore);
      assert.equal((await readdir(cacheDir)).length, 1);
      await rm(cacheDir, { recursive: true });
      await digest();
      assert.equal((await readdir(cacheDir)).length, 1);
    });
  });
});

/** Digests `context` where permission bits apply (for root: a child without CAP_DAC_*); the error or the digest. */
function digestAsUnprivileged(context: string, cacheDir: string): string {
  const options = { contextDir: context, dockerfileContent: DOCKERFILE, statCacheDir: cacheDir, racyMarginMs: 0 };
  const script = `require(${JSON.stringify(require.resolve("../../../provider/build-context/digest"))})
    .contextDigest(${JSON.stringify(options)})
    .then((d) => console.log(d), (e) => console.log(e.name, e.property, e.message));`;
  const caps = "-dac_override,-dac_read_search";
  const unprivileged = [`--inh-caps=${caps}`, `--bounding-set=${caps}`, process.execPath, "-e", script];
  const [command, args] = process.getuid?.() === 0 ? ["setpriv", unprivileged] : [process.execPath, ["-e", script]];
  return execFileSync(command as string, args as string[], { encoding: "utf8" }).trim();
}

async function swap(a: string, b: string): Promise<void> {
  await rename(a, `${a}.swap`);
  await rename(b, a);
  await rename(`${a}.swap`, b);
}

async function retarget(link: string, target: string): Promise<void> {
  await unlink(link);
  await symlink(target, link);
}

async function listTree(dir: string): Promise<string> {
  return execFileSync("find", [dir, "-printf", "%P %s %T@\n"], { encoding: "utf8" });
}
