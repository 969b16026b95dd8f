import { status, type Server, type handleUnaryCall } from "@grpc/grpc-js";
import { SECRETS_SERVICE, type GetSecretRequest, type GetSecretResponse } from "./session-proto";

/**
 * Serves `moby.buildkit.secrets.v1.Secrets/GetSecret` from `secrets` (id → value). An unknown id answers NOT_FOUND, so
 * a `required=true` mount fails with the engine's "secret <id> not found" and an optional one is left out. Values
 * never appear in errors or logs.
 */
export function addSecretsService(server: Server, secrets: ReadonlyMap<string, string>): void {
  const getSecret: handleUnaryCall<GetSecretRequest, GetSecretResponse> = (call, callback) => {
    const value = secrets.get(call.request.ID);
    if (value === undefined) {
      const details = `secret ${call.request.ID} not found`;
      callback(Object.assign(new Error(details), { code: status.NOT_FOUND, details }));
      return;
    }
    callback(null, { data: Buffer.from(value, "utf8") });
  };
  server.addService(SECRETS_SERVICE, { GetSecret: getSecret });
}
