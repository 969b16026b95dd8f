import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { Readable } from "node:stream";
import { gunzipSync } from "node:zlib";
import { extract } from "tar-stream";
import { docker } from "./docker-cli";

/** One path of an image's layers as its tar header and content describe it. */
export interface LayerEntry {
  /** The exact name bytes, as hex (names need not be UTF-8). */
  readonly nameHex: string;
  /** The name as text, for messages. */
  readonly name: string;
  /** `file`, `directory`, `symlink`, … as tar-stream names the type. */
  readonly type: string;
  /** Permission bits. */
  readonly mode: number;
  /** Owner and group. */
  readonly owner: string;
  /** Content size. */
  readonly size: number;
  /** A symlink's target. */
  readonly linkname?: string;
  /** sha256 of the content, for files. */
  readonly sha256?: string;
  /** Modification time, whole seconds. */
  readonly mtimeSeconds: number;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(full) : [full];
  });
}

async function entriesOf(archive: Buffer): Promise<LayerEntry[]> {
  const entries: LayerEntry[] = [];
  const parser = extract({ filenameEncoding: "binary" } as Parameters<typeof extract>[0]);
  const done = new Promise<void>((resolve, reject) => {
    parser.on("entry", (header, stream, next) => {
      const hash = createHash("sha256");
      stream.on("data", (chunk: unknown) => hash.update(chunk as Buffer));
      stream.on("end", () => {
        const nameBytes = Buffer.from(header.name, "binary");
        entries.push({
          nameHex: nameBytes.toString("hex"),
          name: nameBytes.toString("utf8"),
          type: header.type ?? "file",
          mode: (header.mode ?? 0) & 0o7777,
          owner: `${header.uid ?? 0}:${header.gid ?? 0}`,
          size: header.size ?? 0,
          ...(header.linkname ? { linkname: Buffer.from(header.linkname, "binary").toString("hex") } : {}),
          ...(header.type === "file" ? { sha256: hash.digest("hex") } : {}),
          mtimeSeconds: Math.floor((header.mtime?.getTime() ?? 0) / 1000),
        });
        next();
      });
      stream.on("error", reject);
    });
    parser.on("finish", resolve);
    parser.on("error", reject);
  });
  Readable.from([archive]).pipe(parser);
  await done;
  return entries;
}

/**
 * Every path of every layer of `image` (`docker save`; the Docker layout's `layer.tar` files and the OCI layout's
 * tar blobs, plain or gzip-compressed), sorted by name.
 */
export async function imageLayerEntries(image: string): Promise<LayerEntry[]> {
  const dir = mkdtempSync(path.join(tmpdir(), "pdd-layers-"));
  try {
    docker("save", "-o", path.join(dir, "image.tar"), image);
    execFileSync("tar", ["-xf", path.join(dir, "image.tar"), "-C", dir]);
    rmSync(path.join(dir, "image.tar"));
    const all: LayerEntry[] = [];
    for (const file of filesUnder(dir)) {
      const stored = readFileSync(file);
      // The containerd image store (engine 28) saves layers gzip-compressed.
      const content = stored[0] === 0x1f && stored[1] === 0x8b ? gunzipSync(stored) : stored;
      // A tar archive has "ustar" at offset 257 of its first header.
      if (content.length < 512 || content.subarray(257, 262).toString("latin1") !== "ustar") continue;
      all.push(...(await entriesOf(content)));
    }
    return all.sort((a, b) => (a.nameHex < b.nameHex ? -1 : a.nameHex > b.nameHex ? 1 : 0));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
