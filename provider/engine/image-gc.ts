/**
 * Removal of tags and images this library built, made safe for builds running at the same time on the same engine.
 *
 * The classic builder reuses any image on the engine as a cache hit for a step, and as the parent of the next step,
 * even an untagged one that another resource is about to remove. Removing it then fails the other build ("unable to
 * find image"); so does removing an image's last tag, which removes the image. So every build holds a lease on its
 * engine from before it is sent until its tags are applied, and tags and images are removed only while no lease is
 * held; while builds run, the removal is recorded and done by the last lease to end. Leases and records are files in
 * a folder per engine under the system's temporary folder, shared by every provider process of this machine (several
 * stacks updating at once); a lease whose process is gone counts as ended.
 */

import { createHash, randomUUID } from "node:crypto";
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import * as os from "node:os";
import * as path from "node:path";
import type Docker from "dockerode";
import { removeIfUntagged, removeTags } from "./tags";

/** Where the leases and pending removals of one engine live: `<tmp>/pulumi-docker-dynamic/engines/<hash>`. */
export function engineStateDir(engineAddress: string, root: string = os.tmpdir()): string {
  const key = createHash("sha256").update(engineAddress).digest("hex").slice(0, 16);
  return path.join(root, "pulumi-docker-dynamic", "engines", key);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** True for an error (or its cause) that says the engine cannot be reached at all. */
function unreachable(error: unknown): boolean {
  const codes = ["ENOENT", "ECONNREFUSED", "EACCES", "ECONNRESET", "EPIPE"];
  const code = (e: unknown) => (e as { code?: string } | undefined)?.code ?? "";
  return codes.includes(code(error)) || codes.includes(code((error as { cause?: unknown } | undefined)?.cause));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A mutex lock folder older than this whose owner cannot be read is taken to be left by a killed process. */
const OWNERLESS_LOCK_MS = 10_000;

/** Runs `fn` while holding the engine folder's mutex (a folder created atomically), waiting for it as long as needed. */
async function withMutex<T>(dir: string, fn: () => Promise<T>): Promise<T> {
  const lock = path.join(dir, "mutex");
  const owner = path.join(lock, "owner");
  for (let attempt = 0; ; attempt++) {
    try {
      await mkdir(lock);
      await writeFile(owner, String(process.pid));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const pid = Number(await readFile(owner, "utf8").catch(() => ""));
      const stale =
        pid > 0
          ? !alive(pid)
          : Date.now() - ((await stat(lock).catch(() => undefined))?.mtimeMs ?? Date.now()) > OWNERLESS_LOCK_MS;
      if (stale) {
        // Move it aside first, so that two processes breaking the same stale lock cannot delete a fresh one.
        const aside = `${lock}.stale-${randomUUID()}`;
        if (
          await rename(lock, aside).then(
            () => true,
            () => false,
          )
        )
          await rm(aside, { recursive: true, force: true });
        continue;
      }
      await sleep(Math.min(10 + attempt * 5, 100));
    }
  }
  try {
    return await fn();
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}

/** The leases of live processes; files of processes that are gone are removed on the way. */
async function liveLeases(dir: string): Promise<string[]> {
  const leasesDir = path.join(dir, "leases");
  const names = await readdir(leasesDir).catch(() => [] as string[]);
  const live: string[] = [];
  for (const name of names) {
    const pid = Number(name.split("-")[0]);
    if (pid > 0 && alive(pid)) live.push(name);
    else await rm(path.join(leasesDir, name), { force: true });
  }
  return live;
}

/** An image to let go of: its tags to remove (only where they still point at it), then the image once untagged. */
export interface ImageRelease {
  /** The image ID (`sha256:…`). */
  readonly imageId: string;
  /** The repository of the tags. */
  readonly imageName: string;
  /** Tags of `imageName` to remove from the image. */
  readonly tags: readonly string[];
}

function isRelease(value: unknown): value is ImageRelease {
  const r = value as ImageRelease | null;
  return (
    typeof r?.imageId === "string" &&
    typeof r.imageName === "string" &&
    Array.isArray(r.tags) &&
    r.tags.every((t) => typeof t === "string")
  );
}

/** The removals recorded while builds ran; a file that is missing or not ours counts as none. */
async function readPending(dir: string): Promise<ImageRelease[]> {
  try {
    const pending: unknown = JSON.parse(await readFile(path.join(dir, "pending.json"), "utf8"));
    return Array.isArray(pending) ? pending.filter(isRelease) : [];
  } catch {
    return [];
  }
}

async function writePending(dir: string, pending: readonly ImageRelease[]): Promise<void> {
  const file = path.join(dir, "pending.json");
  if (pending.length === 0) return rm(file, { force: true });
  const unique = [...new Map(pending.map((r) => [JSON.stringify(r), r])).values()];
  const temp = `${file}.${process.pid}.${randomUUID()}`;
  await writeFile(temp, JSON.stringify(unique));
  await rename(temp, file);
}

/** Images on one engine that may be removed, and the leases that keep builds on it safe from those removals. */
export class ImageCollector {
  /** The folder of this engine's leases and pending removals. */
  readonly dir: string;

  /** `engineAddress` names the engine (as `describeEngine` gives it); `root` is for tests. */
  constructor(
    private readonly docker: Docker,
    engineAddress: string,
    root?: string,
  ) {
    this.dir = engineStateDir(engineAddress, root);
  }

  /**
   * Runs a build (and the tagging of its result) under a lease: no image is removed from this engine by this library
   * while it runs. When the last lease ends, the removals recorded meanwhile are done; their warnings go to `warn`.
   */
  async withLease<T>(fn: () => Promise<T>, warn: (message: string) => void): Promise<T> {
    await mkdir(path.join(this.dir, "leases"), { recursive: true });
    const lease = path.join(this.dir, "leases", `${process.pid}-${randomUUID()}`);
    await withMutex(this.dir, () => writeFile(lease, ""));
    try {
      return await fn();
    } finally {
      await rm(lease, { force: true });
      for (const warning of await this.release([]).catch((e: Error) => [`image clean-up: ${e.message}`])) warn(warning);
    }
  }

  /**
   * Removes the released tags and then each image once nothing tags it (with any removal recorded earlier), when no
   * build holds a lease on this engine; otherwise records them for the last lease to do. Never forces: a tag or image
   * a container or another image uses stays, with a warning. Returns the warnings.
   */
  async release(releases: readonly ImageRelease[]): Promise<string[]> {
    await mkdir(this.dir, { recursive: true });
    return withMutex(this.dir, async () => {
      const pending = [...(await readPending(this.dir)), ...releases];
      if (pending.length === 0) return [];
      if ((await liveLeases(this.dir)).length > 0) {
        await writePending(this.dir, pending);
        return [];
      }
      const warnings: string[] = [];
      const kept: ImageRelease[] = [];
      for (const [index, release] of pending.entries()) {
        try {
          warnings.push(...(await removeTags(this.docker, release.imageId, release.imageName, release.tags)));
          warnings.push(...(await removeIfUntagged(this.docker, release.imageId)));
        } catch (error) {
          if (unreachable(error)) {
            // The engine is gone: keep everything for later and let the caller report it.
            await writePending(this.dir, [...kept, ...pending.slice(index)]);
            throw error;
          }
          kept.push(release);
          warnings.push(`could not remove image ${release.imageId}: ${(error as Error).message}`);
        }
      }
      await writePending(this.dir, kept);
      return warnings;
    });
  }
}
