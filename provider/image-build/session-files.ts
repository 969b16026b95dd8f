import { createHash } from "node:crypto";
import type { FileSyncSource, SyncedPath } from "../buildkit/filesync-service";
import { goFileMode, type Stat } from "../buildkit/filesync-proto";
import { walkContext, type ContextEntry, type PreparedBuildContext } from "../build-context";
import { fileContent } from "../build-context/tar";
import { displayPath, linkBytes, pathBytes } from "../build-context/raw-names";
import { selectEntries } from "../build-context/sync-selection";

/** The names the Dockerfile frontend gives its two local sources (BuildKit's `dockerui` defaults). */
export const LOCAL_NAMES = { context: "context", dockerfile: "dockerfile" } as const;

/** A time in milliseconds as whole nanoseconds; the same input always gives the same value. */
function nanoseconds(ms: number): bigint {
  return BigInt(Math.round(ms * 1e6));
}

/** What BuildKit is told about one walked entry: owner root, as the docker CLI sends it. */
function statOf(entry: ContextEntry): Stat {
  const path = pathBytes(entry);
  const common = {
    path,
    mode: goFileMode(entry.type, entry.mode),
    uid: 0,
    gid: 0,
    modTimeNs: nanoseconds(entry.mtimeMs),
  };
  if (entry.type !== "symlink") return { ...common, size: entry.type === "file" ? entry.size : 0 };
  const linkname = linkBytes(entry);
  return { ...common, size: linkname.length, linkname };
}

function syncedEntry(entry: ContextEntry): SyncedPath {
  return entry.type === "file" ? { stat: statOf(entry), content: () => fileContent(entry) } : { stat: statOf(entry) };
}

/**
 * The folder BuildKit reads the Dockerfile from: only the Dockerfile, under the name the build's `dockerfile`
 * parameter gives, with its parent folders. Its time is derived from its content, so that BuildKit, which compares
 * size and time, never keeps an older Dockerfile of the same size.
 */
function dockerfileFolder(name: string, content: string): SyncedPath[] {
  const bytes = Buffer.from(content, "utf8");
  const modTimeNs = createHash("sha256").update(bytes).digest().readBigUInt64BE(0) >> 12n;
  const parts = name.split("/");
  const folders = parts.slice(0, -1).map((_, i) => ({
    stat: {
      path: Buffer.from(parts.slice(0, i + 1).join("/")),
      mode: goFileMode("dir", 0o755),
      uid: 0,
      gid: 0,
      size: 0,
      modTimeNs,
    },
  }));
  const file = {
    path: Buffer.from(name),
    mode: goFileMode("file", 0o644),
    uid: 0,
    gid: 0,
    size: bytes.length,
    modTimeNs,
  };
  return [
    ...folders,
    {
      stat: file,
      content: async function* () {
        yield bytes;
      },
    },
  ];
}

/**
 * The shared key of a context's sessions: the same folder with the same ignore file gets the same key, so BuildKit
 * keeps what it received last time and asks only for what changed.
 */
export function contextSharedKey(prepared: Pick<PreparedBuildContext, "contextDir" | "ignoreFile">): string {
  return createHash("sha256")
    .update(`pulumi-docker-dynamic\0${prepared.contextDir}\0${prepared.ignoreFile ?? ""}`)
    .digest("hex")
    .slice(0, 32);
}

/**
 * What the build's session serves for a local context: the context as the walk selects it (the same paths, exact
 * names, modes and times the tar would carry; the frontend's exclude patterns are not applied again, since the walk
 * applied the rules already, `<Dockerfile>.dockerignore` included, which older frontends do not know), and the
 * Dockerfile alone in its own folder, so that a generated or inline Dockerfile is not part of the context.
 * The walk starts at once, while the session opens and BuildKit reads the Dockerfile, and is done once however many
 * times BuildKit asks. A context holding a name that is not UTF-8 is refused (BuildKit 0.25, engine 28, refuses such
 * names in the session: "string field contains invalid UTF-8"), and `refused` says so: it goes as a tar.
 */
export function sessionFiles(prepared: PreparedBuildContext): FileSyncSource {
  const walked = walkContext(prepared);
  walked.catch(() => undefined); // reported by `list` when BuildKit asks; never unhandled when it does not
  const dockerfile = dockerfileFolder(prepared.dockerfileName, prepared.dockerfileContent);
  let refused = false;
  return {
    get refused() {
      return refused;
    },
    async list(request) {
      if (request.dirName === LOCAL_NAMES.dockerfile) return dockerfile;
      if (request.dirName !== LOCAL_NAMES.context) return undefined;
      const entries = await walked;
      const raw = entries.find((entry) => entry.raw !== undefined);
      if (raw !== undefined) {
        refused = true;
        throw new Error(`the build context holds a name that is not UTF-8 (${displayPath(raw)}); it goes as a tar`);
      }
      return selectEntries(entries, request).map(syncedEntry);
    },
  };
}
