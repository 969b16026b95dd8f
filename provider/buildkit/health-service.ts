import type { Server, handleUnaryCall } from "@grpc/grpc-js";
import { HEALTH_SERVICE, HEALTH_SERVING, type HealthCheckRequest, type HealthCheckResponse } from "./session-proto";

/**
 * Serves `grpc.health.v1.Health/Check` with SERVING: the engine's session manager checks the session's health every few
 * seconds and drops a session that does not answer, which would fail any build that runs longer than that.
 */
export function addHealthService(server: Server): void {
  const check: handleUnaryCall<HealthCheckRequest, HealthCheckResponse> = (_call, callback) =>
    callback(null, { status: HEALTH_SERVING });
  server.addService(HEALTH_SERVICE, { Check: check });
}
