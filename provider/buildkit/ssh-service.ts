import { connect } from "node:net";
import { status } from "@grpc/grpc-js";
import { GrpcError, type ServerStream, type SessionGrpcServer } from "./grpc-server";
import { SSH_SERVICE, type BytesMessage } from "./session-proto";
import type { SessionServices } from "./session";

/** The gRPC metadata key BuildKit names the ssh id of a `ForwardAgent` stream with (BuildKit's `sshforward.KeySSHID`). */
export const SSH_ID_METADATA_KEY = "buildkit.ssh.id";

/** The ssh id of a `RUN --mount=type=ssh` without `id=`. */
export const DEFAULT_SSH_ID = "default";

/** Copies one `ForwardAgent` stream to a fresh connection to the agent's unix socket and back, until either side ends. */
function forward(call: ServerStream<BytesMessage, BytesMessage>, socketPath: string): void {
  const agent = connect(socketPath);
  let done = false;
  const finish = (error?: GrpcError) => {
    if (done) return;
    done = true;
    agent.destroy();
    if (error !== undefined) call.fail(error);
    else call.end();
  };
  agent.on("data", (chunk: Buffer) => {
    if (!call.write({ data: chunk })) agent.pause();
  });
  call.on("drain", () => agent.resume());
  agent.on("end", () => finish());
  agent.on("close", () => finish());
  agent.on("error", (error) => finish(new GrpcError(status.UNAVAILABLE, `ssh agent: ${error.message}`)));
  call.on("data", (message: BytesMessage) => {
    if (!agent.write(message.data)) call.pause();
  });
  agent.on("drain", () => call.resume());
  call.on("end", () => agent.end());
  call.on("cancelled", () => finish());
}

/**
 * Serves `moby.sshforward.v1.SSH`: `CheckAgent` says whether an id is served (NOT_FOUND otherwise, which fails the
 * build), `ForwardAgent` pipes a stream to the agent socket of the id BuildKit names in the `buildkit.ssh.id` metadata.
 */
export function addSshService(server: SessionGrpcServer, agents: SessionServices["ssh"]): void {
  const find = (id: string) => agents.find((agent) => agent.id === id);
  server.unary(SSH_SERVICE.CheckAgent, (request) => {
    const id = request.ID || DEFAULT_SSH_ID;
    if (find(id) === undefined) throw new GrpcError(status.NOT_FOUND, `unset ssh forward key ${id}`);
    return {};
  });
  server.stream(SSH_SERVICE.ForwardAgent, (call) => {
    const id = call.metadata.get(SSH_ID_METADATA_KEY)[0] || DEFAULT_SSH_ID;
    const agent = find(id);
    if (agent === undefined) call.fail(new GrpcError(status.NOT_FOUND, `unset ssh forward key ${id}`));
    else forward(call, agent.socket);
  });
}
