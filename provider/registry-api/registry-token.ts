import { DockerStepError, RegistryError } from "../core/errors";
import { hasCredentials, type RegistryAuth } from "../registry-credentials/registry-auth";
import {
  authenticationRejected,
  authenticationRequired,
  unexpectedResponse,
  unreachable,
  type CallContext,
} from "./registry-errors";

/** A request to a registry's token service, built from a `Bearer` challenge. */
export interface TokenRequest {
  /** The token service URL from the challenge's `realm`. */
  readonly realm: string;
  /** The challenge's `service`, when given. */
  readonly service?: string;
  /** Space-separated scopes to ask for, e.g. `repository:team/app:pull`. */
  readonly scope: string;
  /** Credentials to authenticate with; anonymous when absent. */
  readonly auth?: RegistryAuth;
  /** The registry call this token is for, for messages. */
  readonly call: CallContext;
}

const CLIENT_ID = "pulumi-docker-dynamic";

/** The `Authorization` value for basic authentication. */
export function basicAuthorization(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`, "utf8").toString("base64")}`;
}

function tokenFetchInit(request: TokenRequest): { url: URL; init: RequestInit } {
  const url = new URL(request.realm);
  const scopes = request.scope.split(" ").filter((s) => s !== "");
  const { auth } = request;
  if (auth?.identityToken !== undefined) {
    const form = new URLSearchParams({ grant_type: "refresh_token", refresh_token: auth.identityToken });
    form.set("client_id", CLIENT_ID);
    if (request.service !== undefined) form.set("service", request.service);
    for (const scope of scopes) form.append("scope", scope);
    return { url, init: { method: "POST", body: form } };
  }
  if (request.service !== undefined) url.searchParams.set("service", request.service);
  for (const scope of scopes) url.searchParams.append("scope", scope);
  const headers: Record<string, string> = {};
  if (auth?.username !== undefined && auth.password !== undefined) {
    headers.authorization = basicAuthorization(auth.username, auth.password);
  }
  return { url, init: { method: "GET", headers } };
}

/**
 * Gets a bearer token from the registry's token service: GET with basic auth (or anonymously), or an OAuth
 * `refresh_token` POST when the credentials hold an identity token. Reads `token` or `access_token`.
 */
export async function fetchBearerToken(request: TokenRequest, fetchImpl: typeof fetch = fetch): Promise<string> {
  const { url, init } = tokenFetchInit(request);
  let response: Response;
  try {
    response = await fetchImpl(url, init);
  } catch (error) {
    if (error instanceof DockerStepError) throw error;
    throw unreachable(request.call, url.href, error);
  }
  if (response.status === 401 || response.status === 403) {
    await response.body?.cancel();
    const { auth, call } = request;
    throw hasCredentials(auth) ? authenticationRejected(call, auth.username) : authenticationRequired(call);
  }
  if (!response.ok) throw await unexpectedResponse(request.call, "the token request", response);
  const body = (await response.json().catch(() => ({}))) as { token?: unknown; access_token?: unknown };
  const token = typeof body.token === "string" && body.token !== "" ? body.token : body.access_token;
  if (typeof token !== "string" || token === "") {
    throw new RegistryError(`The token service of registry "${request.call.registry}" answered without a token.`);
  }
  return token;
}
