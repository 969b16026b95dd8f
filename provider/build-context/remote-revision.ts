/**
 * The change-detection key of a remote build context, computed by `check` on this machine: the commit a git ref
 * resolves to (`git ls-remote`), or the SHA-256 of a tarball's bytes. The engine fetches the context itself at build
 * time; a commit pushed between the check and the build is built and recorded at the next update.
 */

import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { InputError } from "../core/errors";
import { AUTO_DOCKERFILE } from "./resolve";
import { isInlineDockerfile, type DockerfileInput } from "./dockerfile-input";
import { redactUrl, type RemoteContext } from "./remote-context";

/** A remote build context ready to send: the engine's `remote` and `dockerfile` parameters and the digest. */
export interface PreparedRemoteContext {
  /** The remote context. */
  readonly remote: RemoteContext;
  /** The Engine API's `dockerfile` parameter: the Dockerfile's path inside the remote context. */
  readonly dockerfileName: string;
  /** `sha256:<hex>` over the context URL, the Dockerfile path and the resolved commit or tarball digest. */
  readonly digest: string;
  /** The commit (`git`) or `sha256:<hex>` of the tarball the digest was computed from; undefined when it was known. */
  readonly revision?: string;
}

/** How long a `git ls-remote` or a tarball download may take. */
const FETCH_TIMEOUT_MS = 120_000;
const FULL_SHA = /^[0-9a-f]{40}([0-9a-f]{24})?$/;
const FRAMING_VERSION = "pulumi-docker-dynamic/remote-context/v1";

function runGit(args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      "git",
      [...args],
      {
        timeout: FETCH_TIMEOUT_MS,
        maxBuffer: 64 * 1024 * 1024,
        env: {
          ...process.env,
          GIT_TERMINAL_PROMPT: "0",
          GIT_SSH_COMMAND: process.env.GIT_SSH_COMMAND ?? "ssh -oBatchMode=yes",
        },
      },
      (error, stdout, stderr) => (error ? reject(Object.assign(error, { stderr })) : resolve(stdout)),
    );
  });
}

/** The commit a ref names among `git ls-remote` lines: a branch, a tag (peeled), or a full ref name. */
export function commitOfRef(lsRemote: string, ref: string | undefined): string | undefined {
  const refs = new Map<string, string>();
  for (const line of lsRemote.split("\n")) {
    const [sha, name] = line.trim().split(/\s+/);
    if (sha && name) refs.set(name, sha);
  }
  if (ref === undefined) return refs.get("HEAD");
  const candidates = [`refs/heads/${ref}`, `refs/tags/${ref}^{}`, `refs/tags/${ref}`, `${ref}^{}`, ref];
  for (const name of candidates) {
    const sha = refs.get(name);
    if (sha !== undefined) return sha;
  }
  return undefined;
}

/** Resolves a git context's ref to a commit with `git ls-remote` (a full commit SHA is taken as it is). */
async function gitCommit(remote: RemoteContext): Promise<string> {
  if (remote.ref !== undefined && FULL_SHA.test(remote.ref)) return remote.ref;
  let listing: string;
  try {
    listing = await runGit(["ls-remote", "--", remote.url]);
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? "").trim();
    const detail = stderr === "" ? (error as Error).message : stderr;
    throw new InputError(
      "context",
      `Cannot list the refs of the git context ${remote.display} (git ls-remote: ${detail.split(remote.url).join(redactUrl(remote.url))}); ` +
        "check the URL and that this machine can reach the repository (the engine fetches it too)",
      { cause: error },
    );
  }
  const commit = commitOfRef(listing, remote.ref);
  if (commit === undefined) {
    throw new InputError(
      "context",
      `The git context ${remote.display} has no ${remote.ref === undefined ? "HEAD" : `branch or tag "${remote.ref}"`}; ` +
        "name an existing branch, tag or full commit SHA after #",
    );
  }
  return commit;
}

/** The SHA-256 of a tarball's bytes, downloaded (following redirects) from its URL. */
async function tarballDigest(remote: RemoteContext): Promise<string> {
  const hash = createHash("sha256");
  try {
    const response = await fetch(remote.url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
    if (!response.ok || response.body === null) {
      throw new InputError(
        "context",
        `Cannot download the context tarball ${remote.display}: HTTP ${response.status}; check the URL`,
      );
    }
    for await (const chunk of response.body) hash.update(chunk);
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(
      "context",
      `Cannot download the context tarball ${remote.display} (${(error as Error).message}); check the URL and that this machine can reach it`,
      { cause: error },
    );
  }
  return `sha256:${hash.digest("hex")}`;
}

/** The Dockerfile's path inside a remote context; an inline, generated or absolute one is refused. */
function remoteDockerfileName(dockerfile: DockerfileInput | undefined): string {
  if (dockerfile === undefined) return "Dockerfile";
  if (dockerfile === AUTO_DOCKERFILE || isInlineDockerfile(dockerfile)) {
    throw new InputError(
      "dockerfile",
      "A remote context takes its Dockerfile from the repository or tarball; set dockerfile to its path there " +
        '(e.g. "Dockerfile" or "docker/app.Dockerfile"), not "auto" or { inline }',
    );
  }
  if (dockerfile.startsWith("/")) {
    throw new InputError("dockerfile", `With a remote context, dockerfile is a path inside it, not ${dockerfile}`);
  }
  return dockerfile;
}

/** The digest of a remote context: its URL as given, the Dockerfile path and the resolved revision, length-framed. */
export function remoteContextDigest(remote: RemoteContext, dockerfileName: string, revision: string): string {
  const hash = createHash("sha256");
  for (const field of [FRAMING_VERSION, remote.kind, remote.remote, dockerfileName, revision]) {
    hash.update(`${Buffer.byteLength(field)}:${field}\n`);
  }
  return `sha256:${hash.digest("hex")}`;
}

/**
 * Prepares a remote context: the Dockerfile's path in it, and (unless `knownDigest` is given) the digest from the
 * resolved commit or the tarball's content. Throws an `InputError` naming `context` or `dockerfile`.
 */
export async function prepareRemoteContext(
  remote: RemoteContext,
  dockerfile: DockerfileInput | undefined,
  knownDigest?: string,
): Promise<PreparedRemoteContext> {
  const dockerfileName = remoteDockerfileName(dockerfile);
  if (knownDigest !== undefined) return { remote, dockerfileName, digest: knownDigest };
  const revision = remote.kind === "git" ? await gitCommit(remote) : await tarballDigest(remote);
  return { remote, dockerfileName, digest: remoteContextDigest(remote, dockerfileName, revision), revision };
}
