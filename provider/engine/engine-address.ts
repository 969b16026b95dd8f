import { accessSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type Docker from "dockerode";

/** The fields of a docker-modem that say where it connects (docker-modem 5 may hold a function as `socketPath`). */
interface ModemAddress {
  readonly socketPath?: unknown;
  readonly socketPathCache?: unknown;
  readonly protocol?: string;
  readonly host?: string;
  readonly port?: number | string;
  /** An HTTP agent that knows its own address (the SshEngineAgent of an `ssh://` engine). */
  readonly agent?: { readonly address?: unknown };
}

/** Whether a socket file can be reached, the test docker-modem makes to choose its default socket. */
function accessible(file: string): boolean {
  try {
    accessSync(file);
    return true;
  } catch {
    return false;
  }
}

/** The socket docker-modem uses when none is configured: `~/.docker/run/docker.sock` when present, else `/var/run/docker.sock`. */
export function defaultSocketPath(home: string = os.homedir(), exists: (file: string) => boolean = accessible): string {
  const user = path.join(home, ".docker", "run", "docker.sock");
  return exists(user) ? user : "/var/run/docker.sock";
}

/** Where a client connects, for error messages (never includes TLS material or the modem's source code). */
export function describeEngine(docker: Pick<Docker, "modem">): string {
  const modem = docker.modem as ModemAddress;
  if (typeof modem.socketPathCache === "string") return `unix://${modem.socketPathCache}`;
  if (typeof modem.socketPath === "string") return `unix://${modem.socketPath}`;
  if (modem.socketPath !== undefined) return `unix://${defaultSocketPath()}`;
  if (typeof modem.agent?.address === "string") return modem.agent.address;
  return `${modem.protocol ?? "http"}://${modem.host ?? "localhost"}${modem.port ? `:${modem.port}` : ""}`;
}

/** Whether the engine runs on this machine (a unix socket or a loopback address), so it sees the same registries. */
export function engineIsLocal(docker: Pick<Docker, "modem">): boolean {
  const modem = docker.modem as ModemAddress;
  if (modem.socketPath !== undefined) return true;
  if (modem.protocol === "ssh") return false;
  const host = modem.host ?? "localhost";
  return host === "localhost" || host === "::1" || host === "[::1]" || /^127\.\d+\.\d+\.\d+$/.test(host);
}
