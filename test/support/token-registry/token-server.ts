import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { SigningKey } from "./jwt";
import { signJwt } from "./jwt";
import { grantedAccess, parseScope, type AccessEntry, type Grant } from "./scopes";

/** A user of the token service: password and what they may do. */
export interface TokenUser {
  /** The password checked against Basic credentials. */
  readonly password: string;
  /** Repository prefixes and the actions allowed there. */
  readonly grants: readonly Grant[];
}

/** One request the token service answered, for tests to inspect (never the password). */
export interface TokenRequestRecord {
  /** `GET` (Basic credentials) or `POST` (the OAuth2 password grant, which engines on containerd try first). */
  readonly method: string;
  /** The user from the credentials, or `undefined` for an anonymous request. */
  readonly user?: string;
  /** The scopes asked for. */
  readonly scopes: readonly string[];
  /** The HTTP status answered. */
  readonly status: number;
  /** The access granted in the token (empty when refused). */
  readonly granted: readonly AccessEntry[];
}

/** What a token service needs: who issues, for which service, signed with which key, for which users. */
export interface TokenServerOptions {
  /** The JWT `iss`, the registry's `auth.token.issuer`. */
  readonly issuer: string;
  /** The JWT `aud`, the registry's `auth.token.service`. */
  readonly service: string;
  /** The signing key and its certificate. */
  readonly key: SigningKey;
  /** The users, by name. */
  readonly users: Readonly<Record<string, TokenUser>>;
}

/** A running token service on 127.0.0.1. */
export interface TokenServer {
  /** The token endpoint, the registry's `auth.token.realm`. */
  readonly realm: string;
  /** Every request answered so far, oldest first. */
  readonly requests: TokenRequestRecord[];
  /** Stops the server. */
  close(): Promise<void>;
}

const TOKEN_LIFETIME_SECONDS = 300;

function basicCredentials(request: IncomingMessage): { user: string; password: string } | undefined {
  const match = /^Basic\s+(\S+)$/i.exec(request.headers.authorization ?? "");
  if (match?.[1] === undefined) return undefined;
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  return colon < 0 ? undefined : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { "content-type": "application/json" });
  response.end(JSON.stringify(body));
}

/** The form fields of a POST body (`application/x-www-form-urlencoded`). */
async function formFields(request: IncomingMessage): Promise<URLSearchParams> {
  let body = "";
  for await (const chunk of request) body += (chunk as Buffer).toString("utf8");
  return new URLSearchParams(body);
}

/**
 * Starts a token service (the Docker registry token protocol): `GET /token` with Basic credentials, and
 * `POST /token` with the OAuth2 password grant (`grant_type=password`, `username`, `password`, `scope`, `service`), as
 * the distribution token server serves both. A wrong password is a 401, a known user gets a token granting of the
 * requested scopes only what their grants allow, an anonymous request gets a token granting nothing.
 */
export async function startTokenServer(options: TokenServerOptions): Promise<TokenServer> {
  const requests: TokenRequestRecord[] = [];
  const server = createServer((request, response) => {
    void answer(request, response);
  });
  async function answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    const form = request.method === "POST" ? await formFields(request) : undefined;
    const params = form ?? url.searchParams;
    const scopes = params
      .getAll("scope")
      .flatMap((s) => s.split(" "))
      .filter((s) => s !== "");
    const credentials =
      form === undefined
        ? basicCredentials(request)
        : form.get("grant_type") === "password"
          ? { user: form.get("username") ?? "", password: form.get("password") ?? "" }
          : undefined;
    const method = request.method ?? "";
    const record = (status: number, granted: AccessEntry[]): void => {
      requests.push({ method, user: credentials?.user, scopes, status, granted });
    };
    if ((method !== "GET" && method !== "POST") || url.pathname !== "/token") {
      record(404, []);
      return send(response, 404, { errors: [{ code: "NOT_FOUND", message: "only GET and POST /token are served" }] });
    }
    const user = credentials === undefined ? undefined : options.users[credentials.user];
    if (credentials !== undefined && (user === undefined || user.password !== credentials.password)) {
      record(401, []);
      return send(response, 401, { errors: [{ code: "UNAUTHORIZED", message: "authentication failed" }] });
    }
    const requested = scopes.map(parseScope).filter((s): s is AccessEntry => s !== undefined);
    const granted = grantedAccess(requested, user?.grants ?? []).filter((a) => a.actions.length > 0);
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      iss: options.issuer,
      sub: credentials?.user ?? "",
      aud: params.get("service") ?? options.service,
      exp: now + TOKEN_LIFETIME_SECONDS,
      nbf: now - 10,
      iat: now,
      jti: randomUUID(),
      access: granted,
    };
    const token = signJwt(claims, options.key);
    record(200, granted);
    send(response, 200, {
      token,
      access_token: token,
      expires_in: TOKEN_LIFETIME_SECONDS,
      issued_at: new Date(now * 1000).toISOString(),
    });
  }
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    realm: `http://127.0.0.1:${port}/token`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
