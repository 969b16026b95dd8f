import { status } from "@grpc/grpc-js";
import { normalizeRegistry } from "../core/image-reference";
import { GrpcError, type CallContext, type SessionGrpcServer } from "./grpc-server";
import { AUTH_SERVICE } from "./session-proto";
import type { SessionServices } from "./session";

/** The prefix of the pseudo hosts engine 28 asks about for HTTP build contexts; none of them has credentials here. */
const HTTP_AUTH_HEADER_PREFIX = "HTTP_AUTH_HEADER_";

function unimplemented(_request: object, call: CallContext): never {
  throw new GrpcError(status.UNIMPLEMENTED, `${call.path} is not served`);
}

/**
 * The host `services.credentials` is asked about for `host` as BuildKit sends it: Docker Hub's `registry-1.docker.io`
 * becomes `docker.io`, other hosts stay as they are.
 */
export function credentialsHost(host: string): string {
  return normalizeRegistry(host);
}

/**
 * Serves `moby.filesync.v1.Auth`: `Credentials` answers with `services.credentials(host)` (an empty answer is
 * anonymous access); the token methods answer UNIMPLEMENTED, after which BuildKit asks `Credentials` and fetches
 * tokens itself.
 */
export function addAuthService(server: SessionGrpcServer, credentials: SessionServices["credentials"]): void {
  server.unary(AUTH_SERVICE.Credentials, async ({ Host: host }) => {
    if (host.startsWith(HTTP_AUTH_HEADER_PREFIX)) throw new GrpcError(status.NOT_FOUND, `no credentials for ${host}`);
    let found: Awaited<ReturnType<SessionServices["credentials"]>>;
    try {
      found = await credentials(credentialsHost(host));
    } catch (error) {
      throw new GrpcError(status.UNAVAILABLE, `credentials for ${host}: ${(error as Error)?.message ?? error}`);
    }
    return found === undefined ? {} : { Username: found.username, Secret: found.secret };
  });
  server.unary(AUTH_SERVICE.FetchToken, unimplemented);
  server.unary(AUTH_SERVICE.GetTokenAuthority, unimplemented);
  server.unary(AUTH_SERVICE.VerifyTokenAuthority, unimplemented);
}
