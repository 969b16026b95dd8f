import { createHash } from "node:crypto";
import { DockerStepError } from "../core/errors";
import { hasCredentials, type RegistryAuth } from "../registry-credentials/registry-auth";
import {
  accessDenied,
  authenticationRejected,
  authenticationRequired,
  unreachable,
  type CallContext,
} from "./registry-errors";
import { basicAuthorization, fetchBearerToken } from "./registry-token";
import { defaultRegistryTransport, type RegistryTransport } from "./registry-transport";
import { parseWwwAuthenticate, preferredChallenge, type AuthChallenge } from "./www-authenticate";

/** One HTTP request to a registry's API. */
export interface RegistryCall extends CallContext {
  /** HTTP method. */
  readonly method: "GET" | "HEAD" | "DELETE" | "PUT" | "POST";
  /** Absolute URL of the API endpoint. */
  readonly url: string;
  /** Extra request headers, e.g. `Accept`. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Token scope to ask for when the challenge names none, e.g. `repository:team/app:pull`. */
  readonly scope: string;
  /** The request body (a manifest to put); sent again as is when the registry asks to authenticate. */
  readonly body?: Buffer;
}

function discard(response: Response): Promise<void> {
  return response.body?.cancel() ?? Promise.resolve();
}

function fingerprint(auth: RegistryAuth | undefined): string {
  if (auth === undefined) return "anonymous";
  const parts = [auth.username, auth.password, auth.identityToken, auth.registryToken].map((p) => p ?? "");
  return createHash("sha256").update(JSON.stringify(parts)).digest("hex");
}

/**
 * The error for a request refused even with the token or password just obtained: a token the registry finds short
 * of the scope it asked for (`error="insufficient_scope"`) is a permission problem, anything else a rejection.
 */
function refusal(call: RegistryCall, response: Response, auth: RegistryAuth | undefined, scope?: string): Error {
  const challenge = preferredChallenge(parseWwwAuthenticate(response.headers.get("www-authenticate") ?? ""));
  if (!hasCredentials(auth)) return authenticationRequired(call);
  if (challenge?.params.error === "insufficient_scope" && auth.registryToken === undefined) {
    return accessDenied(call, auth.username, challenge.params.scope ?? scope ?? call.scope);
  }
  return authenticationRejected(call, auth.username);
}

/**
 * Sends registry API requests, answering `401` challenges the way the docker engine does: `Basic` with the
 * user name and password, `Bearer` with a token from the challenge's realm. Tokens are cached per registry, scope
 * and credentials for the session's life; a cached token that stops working is replaced once.
 */
/** Reads, which a registry's transient server error may fail and a second try serves. */
const READ_METHODS = new Set(["GET", "HEAD"]);
/**
 * Server errors worth a second read: e.g. docker-registry answers 500 "invalid checksum digest format" while another
 * push writes the same manifest's link file, and 502/503/504 from a proxy in front of a registry.
 */
const TRANSIENT_STATUS = new Set([500, 502, 503, 504]);
/** The pauses before the second and third read. */
const READ_RETRY_DELAYS_MS = [100, 400];

export class RegistrySession {
  private readonly tokens = new Map<string, string>();

  private readonly transport: RegistryTransport;

  /**
   * Creates a session that sends requests with `fetchImpl` when given (as is, for tests), else over the transport:
   * HTTPS with the registry's CAs, plain HTTP only for loopback or insecure registries.
   */
  constructor(fetchImpl?: typeof fetch, transport: RegistryTransport = defaultRegistryTransport()) {
    this.transport = fetchImpl === undefined ? transport : () => fetchImpl;
  }

  /** Sends `call`, authenticating with `auth` (or anonymously) when the registry asks; 401s become RegistryAuthError. */
  async send(call: RegistryCall, auth?: RegistryAuth): Promise<Response> {
    const key = JSON.stringify([call.registry, call.scope, fingerprint(auth)]);
    const cached = this.tokens.get(key);
    const fetchImpl = this.transport(call.registry, auth?.trust);
    const first = await this.request(fetchImpl, call, cached === undefined ? undefined : `Bearer ${cached}`);
    if (first.status !== 401) return first;
    this.tokens.delete(key);
    const challenge = preferredChallenge(parseWwwAuthenticate(first.headers.get("www-authenticate") ?? ""));
    await discard(first);
    const authorization = await this.authorize(fetchImpl, call, challenge, auth);
    const second = await this.request(fetchImpl, call, authorization.header);
    if (second.status === 401) {
      await discard(second);
      throw refusal(call, second, auth, authorization.scope);
    }
    if (authorization.token !== undefined) this.tokens.set(key, authorization.token);
    return second;
  }

  private async authorize(
    fetchImpl: typeof fetch,
    call: RegistryCall,
    challenge: AuthChallenge | undefined,
    auth: RegistryAuth | undefined,
  ): Promise<{ header: string; token?: string; scope?: string }> {
    if (challenge?.scheme === "bearer" && challenge.params.realm !== undefined) {
      if (auth?.registryToken !== undefined) return { header: `Bearer ${auth.registryToken}` };
      const scope = challenge.params.scope ?? call.scope;
      const request = { realm: challenge.params.realm, service: challenge.params.service, scope, auth, call };
      const token = await fetchBearerToken(request, fetchImpl);
      return { header: `Bearer ${token}`, token, scope };
    }
    if (auth?.username !== undefined && auth.password !== undefined) {
      return { header: basicAuthorization(auth.username, auth.password) };
    }
    const reason = hasCredentials(auth)
      ? "the configured credentials have no password for basic authentication"
      : undefined;
    throw authenticationRequired(call, reason);
  }

  private async request(
    fetchImpl: typeof fetch,
    call: RegistryCall,
    authorization: string | undefined,
  ): Promise<Response> {
    const headers: Record<string, string> = { ...call.headers };
    if (authorization !== undefined) headers.authorization = authorization;
    for (let attempt = 0; ; attempt++) {
      let response: Response;
      try {
        response = await fetchImpl(call.url, {
          method: call.method,
          headers,
          body: call.body,
          redirect: "follow",
        });
      } catch (error) {
        if (error instanceof DockerStepError) throw error;
        throw unreachable(call, call.url, error);
      }
      const retry = READ_RETRY_DELAYS_MS[attempt];
      if (retry === undefined || !READ_METHODS.has(call.method) || !TRANSIENT_STATUS.has(response.status)) {
        return response;
      }
      await discard(response);
      await new Promise((resolve) => setTimeout(resolve, retry));
    }
  }
}
