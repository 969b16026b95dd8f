/**
 * A local HTTP server on 127.0.0.1 for remote build contexts: git repositories over git's smart HTTP protocol
 * (`git http-backend` run as a CGI program per request) under `/git/<name>.git`, and static files (tarballs) under
 * `/files/<name>`. The engines fetch from it themselves: their daemons run on this machine.
 */

import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import * as path from "node:path";

/** A running server and the repositories it serves. */
export interface RemoteContextServer {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** Creates a bare repository `<name>.git` served at `<url>/git/<name>.git`; returns that URL. */
  createRepository(name: string): string;
  /** Commits `files` (path → text) to `branch` of a repository and returns the new commit's SHA. */
  commit(name: string, files: Record<string, string>, branch?: string): string;
  /** Serves `content` at `<url>/files/<name>`; returns that URL. */
  serveFile(name: string, content: Buffer): string;
  /** How many requests reached each path prefix (`git`, `files`), to see who fetched. */
  readonly hits: Map<string, number>;
  /** Stops the server and deletes the repositories. */
  close(): Promise<void>;
}

const GIT_ENV = {
  GIT_AUTHOR_NAME: "test",
  GIT_AUTHOR_EMAIL: "test@example.invalid",
  GIT_COMMITTER_NAME: "test",
  GIT_COMMITTER_EMAIL: "test@example.invalid",
};

function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", args, { cwd, encoding: "utf8", env: { ...process.env, ...GIT_ENV } }).trim();
}

/** Splits a CGI response into status, headers and body. */
function parseCgi(output: Buffer): { status: number; headers: [string, string][]; body: Buffer } {
  const end = output.indexOf("\r\n\r\n");
  const sep = end >= 0 ? 4 : 2;
  const at = end >= 0 ? end : output.indexOf("\n\n");
  const head = output.subarray(0, at).toString("latin1");
  const headers: [string, string][] = [];
  let status = 200;
  for (const line of head.split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon < 0) continue;
    const name = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    if (name.toLowerCase() === "status") status = Number.parseInt(value, 10);
    else headers.push([name, value]);
  }
  return { status, headers, body: output.subarray(at + sep) };
}

/** Starts the server on a free port of 127.0.0.1. */
export async function startRemoteContextServer(): Promise<RemoteContextServer> {
  const root = mkdtempSync(path.join(tmpdir(), "pdd-remote-ctx-"));
  const repos = path.join(root, "git");
  const work = path.join(root, "work");
  const files = new Map<string, Buffer>();
  const hits = new Map<string, number>();
  mkdirSync(repos);
  mkdirSync(work);
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    const [, kind = "", ...rest] = url.pathname.split("/");
    hits.set(kind, (hits.get(kind) ?? 0) + 1);
    if (kind === "files") {
      const content = files.get(rest.join("/"));
      response.writeHead(content ? 200 : 404, { "Content-Type": "application/x-tar" });
      response.end(content);
      return;
    }
    if (kind !== "git") {
      response.writeHead(404).end();
      return;
    }
    const cgi = spawn("git", ["http-backend"], {
      env: {
        ...process.env,
        GIT_PROJECT_ROOT: repos,
        GIT_HTTP_EXPORT_ALL: "1",
        REQUEST_METHOD: request.method ?? "GET",
        PATH_INFO: `/${rest.join("/")}`,
        QUERY_STRING: url.search.slice(1),
        CONTENT_TYPE: request.headers["content-type"] ?? "",
        CONTENT_LENGTH: request.headers["content-length"] ?? "",
        HTTP_CONTENT_ENCODING: request.headers["content-encoding"] ?? "",
        GIT_PROTOCOL: String(request.headers["git-protocol"] ?? ""),
        REMOTE_ADDR: "127.0.0.1",
      },
    });
    const chunks: Buffer[] = [];
    cgi.stdout.on("data", (chunk: Buffer) => chunks.push(chunk));
    cgi.stderr.resume();
    request.pipe(cgi.stdin);
    cgi.on("close", () => {
      const { status, headers, body } = parseCgi(Buffer.concat(chunks));
      response.writeHead(status, headers);
      response.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    hits,
    createRepository(name) {
      git(repos, "init", "--quiet", "--bare", "--initial-branch=main", `${name}.git`);
      git(path.join(repos, `${name}.git`), "config", "http.receivepack", "false");
      git(work, "clone", "--quiet", path.join(repos, `${name}.git`), name);
      return `${url}/git/${name}.git`;
    },
    commit(name, changes, branch = "main") {
      const dir = path.join(work, name);
      for (const [file, text] of Object.entries(changes)) {
        mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
        writeFileSync(path.join(dir, file), text);
      }
      git(dir, "checkout", "--quiet", "-B", branch);
      git(dir, "add", "-A");
      git(dir, "commit", "--quiet", "--allow-empty", "-m", `change ${Date.now()}`);
      git(dir, "push", "--quiet", "origin", branch);
      return git(dir, "rev-parse", "HEAD");
    },
    serveFile(name, content) {
      files.set(name, content);
      return `${url}/files/${name}`;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** A tar (uncompressed) of `files` (path → text), made with the system tar. */
export function tarOf(files: Record<string, string>): Buffer {
  const dir = mkdtempSync(path.join(tmpdir(), "pdd-tarball-"));
  try {
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), text);
    }
    execFileSync("tar", ["-cf", path.join(dir, "..", `${path.basename(dir)}.tar`), "-C", dir, "."]);
    return readFileSync(path.join(dir, "..", `${path.basename(dir)}.tar`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(`${dir}.tar`, { force: true });
  }
}
