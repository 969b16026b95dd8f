import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, describe, it } from "node:test";
import type Docker from "dockerode";
import { engineStateDir, ImageCollector } from "../../../provider/engine/image-gc";

/** A stand-in engine: image ID → tags. Removing an image's last tag removes the image, as the engine does. */
function fakeEngine(images: Record<string, string[]>) {
  const removed: string[] = [];
  const find = (ref: string) => (ref in images ? ref : Object.keys(images).find((id) => images[id]!.includes(ref)));
  const docker = {
    getImage: (ref: string) => ({
      inspect: async () => {
        const id = find(ref);
        if (id === undefined) throw Object.assign(new Error("no such image"), { statusCode: 404 });
        return { Id: id, RepoTags: images[id] };
      },
      remove: async () => {
        const id = find(ref);
        if (id === undefined) throw Object.assign(new Error("no such image"), { statusCode: 404 });
        if (id !== ref) images[id] = images[id]!.filter((t) => t !== ref);
        if (id === ref || images[id]!.length === 0) {
          removed.push(id);
          delete images[id];
        }
      },
    }),
  } as unknown as Docker;
  return { docker, removed, images };
}

/** Releases an image with no tags of its own to remove. */
const image = (imageId: string) => ({ imageId, imageName: "localhost:5000/app", tags: [] as string[] });

/** The pid of a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", "console.log(process.pid)"], { encoding: "utf8" });
  return Number(child.stdout.trim());
}

/**
 * Starts a build under a lease of `gc` and resolves once the lease is held (the build has begun), with the build's
 * promise and the function that ends it: no fixed wait, which a busy machine can outlast before the lease is written.
 */
async function buildUnderLease(
  gc: ImageCollector,
  warn: (message: string) => void,
): Promise<{ building: Promise<void>; release: () => void }> {
  let release!: () => void;
  let began!: () => void;
  const begun = new Promise<void>((resolve) => (began = resolve));
  const building = gc.withLease(() => {
    began();
    return new Promise<void>((resolve) => (release = resolve));
  }, warn);
  await begun;
  return { building, release: () => release() };
}

describe("ImageCollector", () => {
  const root = mkdtempSync(path.join(os.tmpdir(), "pdd-gc-"));
  after(() => rmSync(root, { recursive: true, force: true }));
  let engines = 0;
  const collector = (docker: Docker) => new ImageCollector(docker, `unix:///engine-${engines++}.sock`, root);

  it("keeps one folder per engine address", () => {
    assert.equal(engineStateDir("unix:///a.sock", root), engineStateDir("unix:///a.sock", root));
    assert.notEqual(engineStateDir("unix:///a.sock", root), engineStateDir("tcp://h:2375", root));
  });

  it("removes an untagged image at once when no build holds a lease", async () => {
    const { docker, removed } = fakeEngine({ "sha256:old": [] });
    assert.deepEqual(await collector(docker).release([image("sha256:old")]), []);
    assert.deepEqual(removed, ["sha256:old"]);
  });

  it("never removes an image that something still tags", async () => {
    const { docker, removed } = fakeEngine({ "sha256:shared": ["other/app:dev"] });
    await collector(docker).release([image("sha256:shared")]);
    assert.deepEqual(removed, []);
  });

  it("defers a removal while a build holds a lease, and the last lease to end does it", async () => {
    const { docker, removed } = fakeEngine({ "sha256:old": [] });
    const gc = collector(docker);
    const warnings: string[] = [];
    const { building, release } = await buildUnderLease(gc, (w) => warnings.push(w));
    await gc.release([image("sha256:old")]);
    assert.deepEqual(removed, [], "removed while a build was running");
    release();
    await building;
    assert.deepEqual(removed, ["sha256:old"]);
    assert.deepEqual(warnings, []);
  });

  it("defers removing an image's last tag while a build holds a lease, since that removes the image", async () => {
    const { docker, removed, images } = fakeEngine({ "sha256:old": ["localhost:5000/app:gone"] });
    const gc = collector(docker);
    const { building, release } = await buildUnderLease(gc, () => undefined);
    await gc.release([{ imageId: "sha256:old", imageName: "localhost:5000/app", tags: ["gone"] }]);
    assert.deepEqual(images["sha256:old"], ["localhost:5000/app:gone"], "the tag went while a build was running");
    release();
    await building;
    assert.deepEqual(removed, ["sha256:old"]);
  });

  it("removes only the released tags of an image that other tags keep", async () => {
    const { docker, removed, images } = fakeEngine({ "sha256:img": ["localhost:5000/app:a", "localhost:5000/app:b"] });
    await collector(docker).release([{ imageId: "sha256:img", imageName: "localhost:5000/app", tags: ["a"] }]);
    assert.deepEqual(images["sha256:img"], ["localhost:5000/app:b"]);
    assert.deepEqual(removed, []);
  });

  it("keeps the removals for later and reports it when the engine cannot be reached", async () => {
    const down = {
      getImage: () => ({
        inspect: async () => Promise.reject(Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" })),
      }),
    } as unknown as Docker;
    const gc = new ImageCollector(down, "unix:///down.sock", root);
    await assert.rejects(gc.release([image("sha256:later")]), /ECONNREFUSED/);
    const { docker, removed } = fakeEngine({ "sha256:later": [] });
    await new ImageCollector(docker, "unix:///down.sock", root).release([]);
    assert.deepEqual(removed, ["sha256:later"], "the removal recorded while the engine was down was done");
  });

  it("does not wait for the lease of a process that is gone", async () => {
    const { docker, removed } = fakeEngine({ "sha256:old": [] });
    const gc = collector(docker);
    mkdirSync(path.join(gc.dir, "leases"), { recursive: true });
    writeFileSync(path.join(gc.dir, "leases", `${deadPid()}-left-by-a-killed-provider`), "");
    await gc.release([image("sha256:old")]);
    assert.deepEqual(removed, ["sha256:old"]);
    assert.deepEqual(readdirSync(path.join(gc.dir, "leases")), [], "the dead lease was cleared");
  });

  it("breaks a mutex left behind by a killed process", async () => {
    const { docker, removed } = fakeEngine({ "sha256:old": [] });
    const gc = collector(docker);
    mkdirSync(path.join(gc.dir, "mutex"), { recursive: true });
    writeFileSync(path.join(gc.dir, "mutex", "owner"), String(deadPid()));
    await gc.release([image("sha256:old")]);
    assert.deepEqual(removed, ["sha256:old"]);
  });

  it("ends a lease when the build fails, and passes the failure on", async () => {
    const { docker } = fakeEngine({});
    const gc = collector(docker);
    await assert.rejects(
      gc.withLease(
        () => Promise.reject(new Error("build failed")),
        () => undefined,
      ),
      /build failed/,
    );
    assert.deepEqual(readdirSync(path.join(gc.dir, "leases")), []);
  });
});
