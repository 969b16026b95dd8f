import type { status } from "@grpc/grpc-js";
import { GrpcError, type SessionGrpcServer } from "./grpc-server";
import { HEALTH_SERVICE, HEALTH_SERVING } from "./session-proto";

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
export function addHealthService(server: SessionGrpcServer): void {
  server.unary(HEALTH_SERVICE.Check, () => {
    const failWith = healthCheckObserver.current?.();
    if (failWith !== undefined) throw new GrpcError(failWith, "health check failed (test)");
    return { status: HEALTH_SERVING };
  });
}
