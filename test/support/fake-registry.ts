import { createHash, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** How the fake registry authenticates requests. */
export interface FakeRegistryOptions {
  /** `none` (open), `basic` (htpasswd-style), or `bearer` (token service at `/token`). @default "none" */
  readonly auth?: "none" | "basic" | "bearer";
  /** The one valid user name. @default "alice" */
  readonly username?: string;
  /** The one valid password. @default "correct-horse" */
  readonly password?: string;
  /** A refresh token the token service accepts in a `grant_type=refresh_token` POST. */
  readonly identityToken?: string;
  /** Whether the token service hands out tokens to anonymous clients. @default false */
  readonly anonymousTokens?: boolean;
  /** The status a DELETE gets when deletion is disabled; deletion is enabled when unset. */
  readonly deleteDisabledStatus?: 400 | 405;
  /** Leave `Docker-Content-Digest` out of manifest responses. @default false */
  readonly omitDigestHeader?: boolean;
  /** Answer every manifest request with this status (e.g. 500). */
  readonly manifestStatus?: number;
}

/** A request the fake registry received. */
export interface RecordedRequest {
  /** HTTP method. */
  readonly method: string;
  /** Path and query. */
  readonly url: string;
  /** The `Authorization` header, if any. */
  readonly authorization?: string;
  /** The `Accept` header, if any. */
  readonly accept?: string;
  /** The request body (token POSTs). */
  readonly body: string;
}

/** A running fake registry. */
export interface FakeRegistry {
  /** Its address as a registry host, `127.0.0.1:<port>`. */
  readonly registry: string;
  /** Every request received, in order. */
  readonly requests: RecordedRequest[];
  /** Tags by repository; a repository absent here does not exist. */
  readonly tags: Map<string, string[]>;
  /** Manifest bodies by repository and digest. */
  readonly manifests: Map<string, string>;
  /** The bearer tokens the token service has issued. */
  readonly issuedTokens: Set<string>;
  /** Adds a manifest under a tag and returns its digest. */
  put(repository: string, tag: string, body?: string): string;
  /** Stops the server. */
  close(): Promise<void>;
}

/** The media type the fake registry serves manifests with. */
export const FAKE_MEDIA_TYPE = "application/vnd.oci.image.manifest.v1+json";
const TAG_PAGE_SIZE = 2;

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json", ...headers }).end(JSON.stringify(body));
}

function registryError(res: ServerResponse, status: number, code: string): void {
  sendJson(res, status, { errors: [{ code, message: code.toLowerCase().replace(/_/g, " ") }] });
}

/** Starts a fake registry on 127.0.0.1 with a random port. */
export async function startFakeRegistry(options: FakeRegistryOptions = {}): Promise<FakeRegistry> {
  const username = options.username ?? "alice";
  const password = options.password ?? "correct-horse";
  const state = {
    requests: [] as RecordedRequest[],
    tags: new Map<string, string[]>(),
    manifests: new Map<string, string>(),
  };
  const tagDigests = new Map<string, string>();
  const issuedTokens = new Set<string>();
  const server = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8").on("data", (chunk: string) => (body += chunk));
    req.on("end", () => handle(req, res, body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  function issueToken(res: ServerResponse, field: "token" | "access_token"): void {
    const token = `tok-${randomUUID()}`;
    issuedTokens.add(token);
    sendJson(res, 200, { [field]: token });
  }

  function handleToken(req: IncomingMessage, res: ServerResponse, body: string): void {
    if (req.method === "POST") {
      const form = new URLSearchParams(body);
      const ok = form.get("grant_type") === "refresh_token" && form.get("refresh_token") === options.identityToken;
      return ok ? issueToken(res, "access_token") : sendJson(res, 401, { error: "invalid_grant" });
    }
    const basic = `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`;
    if (req.headers.authorization === basic || (req.headers.authorization === undefined && options.anonymousTokens)) {
      return issueToken(res, "token");
    }
    sendJson(res, 401, { details: "incorrect username or password" });
  }

  function authorized(req: IncomingMessage, res: ServerResponse, scope: string): boolean {
    const given = req.headers.authorization;
    if (options.auth === "basic") {
      if (given === `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`) return true;
      res.setHeader("www-authenticate", 'Basic realm="fake-registry"');
    } else if (options.auth === "bearer") {
      if (given?.startsWith("Bearer ") && issuedTokens.has(given.slice(7))) return true;
      res.setHeader("www-authenticate", `Bearer realm="${base}/token",service="fake-registry",scope="${scope}"`);
    } else {
      return true;
    }
    registryError(res, 401, "UNAUTHORIZED");
    return false;
  }

  function handle(req: IncomingMessage, res: ServerResponse, body: string): void {
    const url = new URL(req.url ?? "/", base);
    const { authorization, accept } = req.headers;
    state.requests.push({ method: req.method ?? "", url: url.pathname + url.search, authorization, accept, body });
    if (url.pathname === "/token") return handleToken(req, res, body);
    const manifest = /^\/v2\/(.+)\/manifests\/([^/]+)$/.exec(url.pathname);
    const tagList = /^\/v2\/(.+)\/tags\/list$/.exec(url.pathname);
    const repository = manifest?.[1] ?? tagList?.[1];
    if (repository === undefined) return registryError(res, 404, "NOT_FOUND");
    const action = req.method === "DELETE" ? "delete" : "pull";
    if (!authorized(req, res, `repository:${repository}:${action}`)) return;
    if (tagList !== null) return handleTags(res, repository, url);
    return handleManifest(req, res, repository, manifest?.[2] ?? "");
  }

  function handleTags(res: ServerResponse, repository: string, url: URL): void {
    const tags = state.tags.get(repository);
    if (tags === undefined) return registryError(res, 404, "NAME_UNKNOWN");
    const last = url.searchParams.get("last");
    const start = last === null ? 0 : tags.indexOf(last) + 1;
    const page = tags.slice(start, start + TAG_PAGE_SIZE);
    const more = start + TAG_PAGE_SIZE < tags.length;
    const link = `</v2/${repository}/tags/list?n=${TAG_PAGE_SIZE}&last=${page[page.length - 1]}>; rel="next"`;
    sendJson(res, 200, { name: repository, tags: page }, more ? { link } : {});
  }

  function handleManifest(req: IncomingMessage, res: ServerResponse, repository: string, reference: string): void {
    if (options.manifestStatus !== undefined) return registryError(res, options.manifestStatus, "UNKNOWN");
    const byTag = reference.startsWith("sha256:") ? undefined : lookUpTag(repository, reference);
    const digest = byTag ?? reference;
    const content = state.manifests.get(`${repository}@${digest}`);
    if (req.method === "DELETE") {
      if (options.deleteDisabledStatus !== undefined)
        return registryError(res, options.deleteDisabledStatus, "UNSUPPORTED");
      if (content === undefined) return registryError(res, 404, "MANIFEST_UNKNOWN");
      state.manifests.delete(`${repository}@${digest}`);
      return void res.writeHead(202).end();
    }
    if (content === undefined) return registryError(res, 404, "MANIFEST_UNKNOWN");
    const headers: Record<string, string> = { "content-type": FAKE_MEDIA_TYPE };
    if (!options.omitDigestHeader) headers["docker-content-digest"] = digest;
    res.writeHead(200, headers).end(req.method === "HEAD" ? undefined : content);
  }

  function lookUpTag(repository: string, tag: string): string | undefined {
    return tagDigests.get(`${repository}:${tag}`);
  }

  return {
    registry: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    ...state,
    issuedTokens,
    put(repository, tag, body = `{"schemaVersion":2,"tag":"${tag}"}`) {
      const digest = `sha256:${createHash("sha256").update(body).digest("hex")}`;
      state.manifests.set(`${repository}@${digest}`, body);
      tagDigests.set(`${repository}:${tag}`, digest);
      state.tags.set(repository, [...(state.tags.get(repository) ?? []), tag]);
      return digest;
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
