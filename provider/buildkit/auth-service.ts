import { status, type Server, type ServerErrorResponse, type handleUnaryCall } from "@grpc/grpc-js";
import { normalizeRegistry } from "../core/image-reference";
import { AUTH_SERVICE, type CredentialsRequest, type CredentialsResponse } from "./session-proto";
import type { SessionServices } from "./session";

/** The prefix of the pseudo hosts engine 28 asks about for HTTP build contexts; none of them has credentials here. */
const HTTP_AUTH_HEADER_PREFIX = "HTTP_AUTH_HEADER_";

function grpcError(code: status, details: string): ServerErrorResponse {
  return Object.assign(new Error(details), { code, details });
}

const unimplemented: handleUnaryCall<object, object> = (call, callback) =>
  callback(grpcError(status.UNIMPLEMENTED, `${call.getPath()} is not served`));

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
export function addAuthService(server: Server, credentials: SessionServices["credentials"]): void {
  const credentialsCall: handleUnaryCall<CredentialsRequest, CredentialsResponse> = (call, callback) => {
    const host = call.request.Host;
    if (host.startsWith(HTTP_AUTH_HEADER_PREFIX)) {
      callback(grpcError(status.NOT_FOUND, `no credentials for ${host}`));
      return;
    }
    credentials(credentialsHost(host)).then(
      (found) => callback(null, found === undefined ? {} : { Username: found.username, Secret: found.secret }),
      (error: unknown) =>
        callback(grpcError(status.UNAVAILABLE, `credentials for ${host}: ${(error as Error)?.message ?? error}`)),
    );
  };
  server.addService(AUTH_SERVICE, {
    Credentials: credentialsCall,
    FetchToken: unimplemented,
    GetTokenAuthority: unimplemented,
    VerifyTokenAuthority: unimplemented,
  });
}
