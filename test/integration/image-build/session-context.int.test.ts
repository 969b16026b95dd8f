import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { after, describe, it } from "node:test";
import type { SessionServices } from "../../../provider/buildkit/session";
import { fileSyncObserver } from "../../../provider/buildkit/filesync-service";
import { contextTarStream, prepareBuildContext, type PreparedBuildContext } from "../../../provider/build-context";
import { dockerClient } from "../../../provider/engine/connection";
import { engineBuildOptions } from "../../../provider/image-build/build-options";
import type { DockerBuildInputs } from "../../../provider/image-build/inputs";
import { runBuild } from "../../../provider/image-build/run-build";
import { buildkitSession } from "../../../provider/image-build/build-image";
import { writeTree, type TreeSpec } from "../../support/context-tree";
import { docker } from "../../support/docker-cli";
import { uniqueSuffix } from "../../support/environment";
import { imageLayerEntries, type LayerEntry } from "../../support/image-layers";

// The build context through the build's session (FileSync DiffCopy, remote=client-session) on the engine of this run,
// against the same context sent as a tar: the same image, file for file; BuildKit keeping what it received and asking
// only for what changed; a session cut in the middle of a transfer.
const suffix = uniqueSuffix();
const client = dockerClient();
const dirs: string[] = [];
const images: string[] = [];
after(() => {
  fileSyncObserver.current = undefined;
  if (images.length > 0) docker("image", "rm", "--force", ...images);
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const NO_SERVICES: SessionServices = { credentials: () => Promise.resolve(undefined), secrets: new Map(), ssh: [] };

function contextDir(spec: TreeSpec): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), "pdd-session-ctx-"));
  dirs.push(dir);
  return writeTree(dir, spec).then(() => dir);
}

async function prepare(dir: string, inputs: Partial<DockerBuildInputs> = {}): Promise<PreparedBuildContext> {
  return prepareBuildContext({ context: dir, cwd: dir, dockerfile: inputs.dockerfile });
}

/**
 * Builds `prepared` with the engine's BuildKit as DockerBuild does (`session`: the context through the session when
 * the provider's choice allows it, which the test checks) or as a tar; returns the image and the log.
 */
async function build(prepared: PreparedBuildContext, how: "session" | "tar", label: string) {
  const image = `pdd-session-${suffix}:${label}`;
  const lines: string[] = [];
  const inputs = { imageName: "x", context: prepared.contextDir };
  const options = engineBuildOptions(inputs, prepared.dockerfileName, "buildkit");
  const session = how === "session" ? await buildkitSession(inputs, prepared) : NO_SERVICES;
  if (how === "session") assert.ok(session.files !== undefined, "the provider sends this context through the session");
  images.push(image);
  await runBuild(client, {
    image,
    context: () => contextTarStream(prepared),
    options,
    builder: "buildkit",
    session,
    print: (line) => lines.push(line),
  });
  return { image, lines };
}

/** What the session's line for the context says: files sent, bytes (as printed) and paths listed. */
function transfers(lines: readonly string[]): { files: number; amount: string; listed: number }[] {
  return lines.flatMap((line) => {
    const m = /build context through the session: ([\d,]+) files? sent \((.+?)\), ([\d,]+) paths listed/.exec(line);
    return m
      ? [{ files: Number(m[1]!.replace(/,/g, "")), amount: m[2]!, listed: Number(m[3]!.replace(/,/g, "")) }]
      : [];
  });
}

/**
 * The layer entries of an image without the folder the COPY made (its time is the build's, not the context's), and
 * without folders' times: engine 20.10's BuildKit gives a folder it receives files into the time it received them,
 * whoever sends them (the docker CLI with BuildKit too); files and symlinks keep the context's times.
 */
async function copied(image: string): Promise<LayerEntry[]> {
  return (await imageLayerEntries(image))
    .filter((e) => e.name !== "ctx/" && e.name !== "ctx")
    .map((e) => (e.type === "directory" ? { ...e, mtimeSeconds: 0 } : e));
}

const FF = Buffer.from([0xff, 0x2e, 0x74, 0x78, 0x74]); // "\xff.txt"
const FE_DIR = Buffer.from([0x64, 0xfe]); // "d\xfe"

/** A context with every kind of path a context has: exact bytes, modes, links, empty folders, ignore rules. */
function richContext(): Promise<string> {
  return contextDir({
    Dockerfile: "FROM scratch\nCOPY . /ctx/\n",
    ".dockerignore": "ignored\n*.log\n!keep.log\nsub/**/drop.txt\n",
    "a.txt": "alpha\n",
    "exec.sh": { content: "#!/bin/sh\necho hi\n", mode: 0o755 },
    "restricted/file": { content: "g\n", mode: 0o640 },
    "sub/deep/b.txt": "b\n",
    "sub/deep/drop.txt": "dropped\n",
    "a-b.txt": "order: a-b sorts after a/ in a walk, before it bytewise\n",
    "a/c.txt": "c\n",
    empty: null,
    "ignored/x.txt": "x\n",
    "app.log": "log\n",
    "keep.log": "kept\n",
    link: { symlink: "a.txt" },
    dirlink: { symlink: "sub" },
    dangling: { symlink: "does/not/exist" },
    "name with spaces, and a comma.txt": "s\n",
    "caf\u00e9/\u00fcber.txt": "utf-8 names go through the session\n",
  });
}

describe("the build context through the build's session", () => {
  it("builds the same image as the context sent as a tar, file for file", async () => {
    const dir = await richContext();
    const prepared = await prepare(dir);
    const viaTar = await build(prepared, "tar", "rich-tar");
    const viaSession = await build(prepared, "session", "rich-session");
    const [tarEntries, sessionEntries] = [await copied(viaTar.image), await copied(viaSession.image)];
    assert.ok(sessionEntries.length >= 18, `only ${sessionEntries.length} entries:\n${viaSession.lines.join("\n")}`);
    assert.deepEqual(sessionEntries, tarEntries);
    const names = sessionEntries.map((e) => e.name);
    for (const expected of ["ctx/keep.log", "ctx/empty/", "ctx/link", "ctx/dangling", "ctx/exec.sh"]) {
      assert.ok(names.includes(expected), `${expected} missing from ${names.join(", ")}`);
    }
    for (const ignored of ["ctx/app.log", "ctx/ignored/", "ctx/sub/deep/drop.txt"]) {
      assert.ok(!names.includes(ignored), `${ignored} was sent`);
    }
    assert.ok(
      transfers(viaSession.lines).some((t) => t.listed >= 18),
      viaSession.lines.join("\n"),
    );
  });

  it("sends a context with a name that is not UTF-8 as a tar (BuildKit 0.25's session refuses such names)", async () => {
    const dir = await contextDir({ Dockerfile: "FROM scratch\nCOPY . /ctx/\n", "a.txt": "a\n" });
    writeFileSync(Buffer.concat([Buffer.from(`${dir}/`), FF]), "not utf-8\n");
    mkdirSync(Buffer.concat([Buffer.from(`${dir}/`), FE_DIR]));
    writeFileSync(Buffer.concat([Buffer.from(`${dir}/`), FE_DIR, Buffer.from("/inside.txt")]), "inside\n");
    const prepared = await prepare(dir);
    const viaSession = await build(prepared, "session", "raw-names");
    assert.ok(
      viaSession.lines.some((line) => line.includes("holds a name that is not UTF-8: sending it as a tar")),
      viaSession.lines.join("\n"),
    );
    assert.equal(transfers(viaSession.lines).length, 0, "nothing went through the session");
    const names = (await copied(viaSession.image)).map((e) => e.name);
    assert.equal(names.length, 5, names.join(", "));
  });

  it("follows <Dockerfile>.dockerignore, not .dockerignore, whatever the engine's frontend knows", async () => {
    const dir = await contextDir({
      Dockerfile: "FROM scratch\nCOPY . /ctx/\n",
      "Dockerfile.dockerignore": "*.log\n",
      ".dockerignore": "ignored\n",
      "ignored/x.txt": "sent: only .dockerignore excludes it\n",
      "app.log": "not sent\n",
    });
    const prepared = await prepare(dir);
    const viaTar = await build(prepared, "tar", "own-ignore-tar");
    const viaSession = await build(prepared, "session", "own-ignore-session");
    const sessionEntries = await copied(viaSession.image);
    assert.deepEqual(sessionEntries, await copied(viaTar.image));
    const names = sessionEntries.map((e) => e.name);
    assert.ok(names.includes("ctx/ignored/x.txt"), names.join(", "));
    assert.ok(!names.includes("ctx/app.log"), names.join(", "));
  });

  it("serves an inline Dockerfile beside the context, not inside it (the tar carries it as a file)", async () => {
    const dir = await contextDir({ "a.txt": "a\n" });
    const prepared = await prepare(dir, { dockerfile: { inline: "FROM scratch\nCOPY . /ctx/\n" } });
    const viaSession = await build(prepared, "session", "inline-session");
    const viaTar = await build(prepared, "tar", "inline-tar");
    const generated = (entries: LayerEntry[]) => entries.filter((e) => e.name.endsWith(".Dockerfile"));
    assert.deepEqual(
      (await copied(viaSession.image)).map((e) => e.name),
      ["ctx/a.txt"],
      "the session's image holds the context only",
    );
    assert.equal(generated(await copied(viaTar.image)).length, 1, "the tar's image holds the added Dockerfile");
  });

  it("sends only the edited file on the next build, and BuildKit builds with the new content", async () => {
    const files: Record<string, string> = { Dockerfile: "FROM scratch\nCOPY . /ctx/\n" };
    for (let i = 0; i < 200; i++) files[`src/f${i}.txt`] = `file ${i} ${suffix}\n`.repeat(20);
    const dir = await contextDir(files);
    const first = await build(await prepare(dir), "session", "edit-1");
    const [sentFirst] = transfers(first.lines).filter((t) => t.listed > 1);
    assert.equal(sentFirst?.files, 201, first.lines.join("\n"));
    const again = await build(await prepare(dir), "session", "edit-2");
    assert.equal(transfers(again.lines).find((t) => t.listed > 1)?.files, 0, again.lines.join("\n"));
    appendFileSync(path.join(dir, "src", "f7.txt"), "edited\n");
    const edited = await build(await prepare(dir), "session", "edit-3");
    const sent = transfers(edited.lines).find((t) => t.listed > 1);
    assert.equal(sent?.files, 1, edited.lines.join("\n"));
    const size = Buffer.byteLength(`file 7 ${suffix}\n`.repeat(20) + "edited\n");
    assert.equal(sent?.amount, `${size} B`, edited.lines.join("\n"));
    const f7 = (await copied(edited.image)).find((e) => e.name === "ctx/src/f7.txt");
    assert.equal(f7?.size, size, "the image holds the edited file");
  });

  it("fails clearly when the session is cut in the middle of a transfer, and the next build succeeds", async () => {
    const dir = await contextDir({ Dockerfile: "FROM scratch\nCOPY . /ctx/\n" });
    const big = randomBytes(12 * 1024 * 1024);
    writeFileSync(path.join(dir, "big.bin"), big);
    let cuts = 0;
    fileSyncObserver.current = ({ bytesSent }) => (bytesSent > 1024 * 1024 && cuts++ === 0 ? "cut" : undefined);
    try {
      await assert.rejects(build(await prepare(dir), "session", "cut-1"), (error: Error) => {
        assert.match(error.message, /the session serving the build context to the engine was cut during the build/);
        assert.match(error.message, /run the update again/);
        return true;
      });
    } finally {
      fileSyncObserver.current = undefined;
    }
    assert.equal(cuts > 0, true, "the transfer was cut");
    const next = await build(await prepare(dir), "session", "cut-2");
    const entry = (await copied(next.image)).find((e) => e.name === "ctx/big.bin");
    assert.equal(entry?.size, big.length, next.lines.join("\n"));
  });
});
