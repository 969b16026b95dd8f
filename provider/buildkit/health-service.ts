import type { Server, handleUnaryCall, status } from "@grpc/grpc-js";
import { HEALTH_SERVICE, HEALTH_SERVING, type HealthCheckRequest, type HealthCheckResponse } from "./session-proto";

/**
 * A test-only observation point, never set by the library: when `current` is set, every session's health service calls
 * it with each Check it receives, before answering. It returns `undefined` to answer SERVING as always, or a gRPC status
 * code to answer with that error instead, as a session whose health fails would (the tests' negative control).
 */
export const healthCheckObserver: { current?: () => status | undefined } = {};

/**
 * Serves `grpc.health.v1.Health/Check` with SERVING: the engine's session manager checks the session's health every few
 * seconds and drops a session that does not answer, which would fail any build that runs longer than that.
 */
export function addHealthService(server: Server): void {
  const check: handleUnaryCall<HealthCheckRequest, HealthCheckResponse> = (_call, callback) => {
    const failWith = healthCheckObserver.current?.();
    if (failWith === undefined) callback(null, { status: HEALTH_SERVING });
    else callback({ code: failWith, details: "health check failed (test)" });
  };
  server.addService(HEALTH_SERVICE, { Check: check });
}
