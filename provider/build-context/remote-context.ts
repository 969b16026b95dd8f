/**
 * Remote build contexts, recognised as `docker build` recognises them: a git repository (`https://…/repo.git`,
 * `git://…`, `git@host:repo.git`, each with an optional `#ref:subdir`), or another http(s) URL, which the engine
 * downloads as a tarball. The engine fetches the context itself (the Engine API's `remote` parameter).
 */

/** A remote build context. */
export interface RemoteContext {
  /** `git` for a repository, `tarball` for an http(s) URL the engine downloads. */
  readonly kind: "git" | "tarball";
  /** The context as given, with its fragment: the Engine API's `remote` parameter. */
  readonly remote: string;
  /** The URL to fetch: for git the repository without `#ref:subdir`, for a tarball the URL as given. */
  readonly url: string;
  /** The git ref after `#` (branch, tag, commit or `refs/…`); undefined for the default branch (HEAD). */
  readonly ref?: string;
  /** The folder inside the repository after `#ref:`; undefined for its root. */
  readonly subdir?: string;
  /** The context for messages and state, with any user and password in the URL replaced by `***`. */
  readonly display: string;
}

/** A `git@host:path` address (scp-like ssh syntax), as the docker CLI accepts it. */
const SCP_LIKE = /^git@[^:/]+:/;
/** An http(s) URL whose path names a git repository (moby's rule: `.git`, optionally followed by `#fragment`). */
const GIT_HTTP = /\.git(?:#.+)?$/;

/** Hides the user and password of a URL, so a token in it never reaches a message or the state. */
export function redactUrl(value: string): string {
  return value.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@#?]*@/i, "$1***@");
}

/** Whether a `context` value is a remote context (rather than a folder). */
export function isRemoteContext(context: string | undefined): boolean {
  return parseRemoteContext(context) !== undefined;
}

/** Parses a `context` value as a remote context; undefined for a folder path. */
export function parseRemoteContext(context: string | undefined): RemoteContext | undefined {
  if (context === undefined) return undefined;
  const isHttp = /^https?:\/\//i.test(context);
  const isGit = /^git:\/\//i.test(context) || SCP_LIKE.test(context) || (isHttp && GIT_HTTP.test(context));
  if (isGit) {
    const hash = context.indexOf("#");
    const url = hash < 0 ? context : context.slice(0, hash);
    const fragment = hash < 0 ? "" : context.slice(hash + 1);
    const colon = fragment.indexOf(":");
    const ref = (colon < 0 ? fragment : fragment.slice(0, colon)) || undefined;
    const subdir = (colon < 0 ? "" : fragment.slice(colon + 1)) || undefined;
    return { kind: "git", remote: context, url, ref, subdir, display: redactUrl(context) };
  }
  if (isHttp) return { kind: "tarball", remote: context, url: context, display: redactUrl(context) };
  return undefined;
}
