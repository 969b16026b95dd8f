import type { Readable } from "node:stream";
import type Docker from "dockerode";
import { pack } from "tar-stream";

/** How a `POST /build?version=2` ended, read from its JSON stream. */
export interface SessionBuildResult {
  /** The image ID from the `moby.image.id` aux line, when the build got that far. */
  readonly imageId?: string;
  /** The messages of the `error` lines. */
  readonly errors: readonly string[];
  /** Every JSON line of the stream. */
  readonly lines: readonly Record<string, unknown>[];
}

/** A file of a build context: its content (mode 0644), or content and mode. */
export type ContextFile = string | Buffer | { readonly content: Buffer; readonly mode: number };

/** The files of a build context: path → file. */
export type ContextFiles = Readonly<Record<string, ContextFile>>;

/** A tar stream of `files`, the build context. */
export function contextTar(files: ContextFiles): NodeJS.ReadableStream {
  const tar = pack();
  for (const [name, file] of Object.entries(files)) {
    const { content, mode } = typeof file === "string" || Buffer.isBuffer(file) ? { content: file, mode: 0o644 } : file;
    tar.entry({ name, mode }, content);
  }
  tar.finalize();
  return tar as unknown as NodeJS.ReadableStream;
}

/**
 * Runs `POST /build?version=2&session=<sessionId>&t=<tag>` and reads its stream to the end. It dials the request
 * itself: dockerode's `buildImage` opens a session of its own for `version: "2"` and overwrites the `session` given.
 * Builds run without the build cache (`nocache=1`, unless `query` says otherwise), so every RUN really asks the session.
 */
export async function buildWithSession(
  docker: Docker,
  files: ContextFiles,
  sessionId: string,
  tag: string,
  query: Readonly<Record<string, string>> = {},
): Promise<SessionBuildResult> {
  const stream = await new Promise<Readable>((resolve, reject) =>
    docker.modem.dial(
      {
        method: "POST",
        path: "/build?",
        options: { nocache: "1", ...query, version: "2", session: sessionId, t: tag, rm: true },
        file: contextTar(files),
        isStream: true,
        statusCodes: { 200: true, 400: "bad parameter", 500: "server error" },
      },
      (error, result) => (error ? reject(error) : resolve(result as Readable)),
    ),
  );
  let text = "";
  for await (const chunk of stream) text += (chunk as Buffer).toString("utf8");
  const lines = text
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  const errors = lines.filter((line) => line.error !== undefined).map((line) => String(line.error));
  const idLine = lines.find((line) => line.id === "moby.image.id");
  const imageId = (idLine?.aux as { ID?: string } | undefined)?.ID;
  return { imageId, errors, lines };
}

/** The image ID of a build that must succeed; throws with the stream's errors otherwise. */
export function builtImage(result: SessionBuildResult): string {
  if (result.errors.length > 0) throw new Error(`build failed: ${result.errors.join("; ")}`);
  if (result.imageId === undefined) throw new Error("build stream ended without an image ID");
  return result.imageId;
}
