import * as http from "node:http";
import type { Duplex } from "node:stream";
import type Docker from "dockerode";
import { DockerUnavailableError } from "../core/errors";
import { type SshDestination, parseSshAddress, sshAddress } from "./ssh-destination";
import { type SshStdioOptions, SshStdioSocket } from "./ssh-stdio-socket";

/**
 * An HTTP agent whose connections are `ssh … docker system dial-stdio` processes, the way the docker CLI reaches an
 * `ssh://` engine: the system ssh client brings ~/.ssh/config, keys, the agent and known_hosts checking. Connections
 * are kept for the next request of the same client (a keep-alive pool) instead of one ssh login per request.
 */
export class SshEngineAgent extends http.Agent {
  /** The engine's address, `ssh://[user@]host[:port]`, for messages. */
  readonly address: string;
  private readonly destination: SshDestination;
  private readonly transport: SshStdioOptions;

  constructor(destination: SshDestination, transport: SshStdioOptions = {}) {
    super({ keepAlive: true, maxFreeSockets: 4 });
    this.destination = destination;
    this.transport = transport;
    this.address = sshAddress(destination);
  }

  override createConnection(): Duplex {
    return new SshStdioSocket(this.destination, this.transport);
  }
}

/** dockerode options plus the HTTP agent docker-modem takes (its types do not list it). */
export type SshDockerOptions = Docker.DockerOptions & { readonly agent: SshEngineAgent };

/**
 * dockerode options for an `ssh://[user@]host[:port]` engine: plain HTTP over an SshEngineAgent. (docker-modem's own
 * `protocol: "ssh"` uses the ssh2 library, which reads neither ~/.ssh/config nor known_hosts, so it cannot check the
 * host key the way the docker CLI does.) A malformed address is a DockerUnavailableError.
 */
export function sshDockerOptions(address: string, transport: SshStdioOptions = {}): SshDockerOptions {
  let destination: SshDestination;
  try {
    destination = parseSshAddress(address);
  } catch (error) {
    throw new DockerUnavailableError((error as Error).message, { cause: error });
  }
  return {
    protocol: "http",
    host: destination.host,
    port: destination.port ?? 22,
    agent: new SshEngineAgent(destination, transport),
  };
}
