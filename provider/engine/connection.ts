import Docker from "dockerode";
import { DockerUnavailableError } from "../core/errors";
import { connectionProblems } from "../input-rules/connection-problems";
import { describeEngine } from "./engine-address";
import { sshDockerOptions } from "./ssh-engine";

/** How to reach the Docker engine when the environment (`DOCKER_HOST`, `DOCKER_CERT_PATH`, …) is not what you want. */
export interface DockerConnection {
  /** Engine address: `unix:///var/run/docker.sock`, `tcp://host:2376` or `ssh://user@host`. @default the environment */
  readonly host?: string;
  /** PEM CA certificate that signed the engine's TLS certificate (secret). */
  readonly caCert?: string;
  /** PEM client certificate for TLS client authentication (secret). */
  readonly cert?: string;
  /** PEM private key of the client certificate (secret). */
  readonly key?: string;
  /** Use TLS for a `tcp://` host. @default true when any TLS material is given or the port is 2376 */
  readonly tlsVerify?: boolean;
}

/**
 * Turns a plain connection description into dockerode options; `undefined` means "from the environment". A malformed
 * connection (the same problems check reports, for values that were unknown at preview) is a DockerUnavailableError.
 */
export function dockerOptions(connection: DockerConnection | undefined): Docker.DockerOptions | undefined {
  const problem = connectionProblems(connection)[0];
  if (problem !== undefined) throw new DockerUnavailableError(problem.reason);
  if (!connection || !connection.host) return undefined;
  const url = new URL(connection.host);
  switch (url.protocol) {
    case "unix:":
      return { socketPath: url.pathname };
    case "ssh:":
      return sshDockerOptions(connection.host);
    case "tcp:":
    case "http:":
    case "https:": {
      const tls =
        connection.tlsVerify ??
        (url.protocol === "https:" ||
          url.port === "2376" ||
          !!(connection.caCert || connection.cert || connection.key));
      return {
        protocol: tls ? "https" : "http",
        host: url.hostname,
        port: url.port || (tls ? 2376 : 2375),
        ca: connection.caCert,
        cert: connection.cert,
        key: connection.key,
      };
    }
    default:
      throw new DockerUnavailableError(
        `docker.host "${connection.host}" has an unsupported scheme; use unix://, tcp:// or ssh://`,
      );
  }
}

/** A dockerode client for the connection (or the environment). Create one per provider call; never store it. */
export function dockerClient(connection?: DockerConnection): Docker {
  const options = dockerOptions(connection);
  if (options) return new Docker(options);
  try {
    return new Docker();
  } catch (error) {
    throw new DockerUnavailableError(
      `DOCKER_HOST "${process.env.DOCKER_HOST ?? ""}" is malformed (${(error as Error).message}); fix it or set the docker input`,
      { cause: error },
    );
  }
}

/** Wraps connection-level failures (socket missing, refused, TLS) into a DockerUnavailableError with advice. */
export function asEngineError(error: unknown, docker: Docker): unknown {
  const code = (error as { code?: string } | undefined)?.code;
  if (code === "ENOENT" || code === "ECONNREFUSED" || code === "EACCES" || code === "ECONNRESET") {
    return new DockerUnavailableError(
      `Cannot reach the Docker engine at ${describeEngine(docker)} (${code}); start Docker or set DOCKER_HOST / the docker input`,
      { cause: error },
    );
  }
  return error;
}
