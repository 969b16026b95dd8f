import { status } from "@grpc/grpc-js";
import { GrpcError, type SessionGrpcServer } from "./grpc-server";
import { SECRETS_SERVICE } from "./session-proto";

/**
 * Serves `moby.buildkit.secrets.v1.Secrets/GetSecret` from `secrets` (id → value). An unknown id answers NOT_FOUND, so
 * a `required=true` mount fails with the engine's "secret <id> not found" and an optional one is left out. Values
 * never appear in errors or logs.
 */
export function addSecretsService(server: SessionGrpcServer, secrets: ReadonlyMap<string, string>): void {
  server.unary(SECRETS_SERVICE.GetSecret, (request) => {
    const value = secrets.get(request.ID);
    if (value === undefined) throw new GrpcError(status.NOT_FOUND, `secret ${request.ID} not found`);
    return { data: Buffer.from(value, "utf8") };
  });
}
