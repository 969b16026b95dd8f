/** Where an `ssh://[user@]host[:port]` engine lives, as the docker CLI reads the address. */
export interface SshDestination {
  /** The login name (`ssh -l`); `undefined` leaves it to the ssh configuration (`User`, else the local user). */
  readonly user?: string;
  /** The host name or address, as ssh resolves it (a `Host` alias of ~/.ssh/config works too). */
  readonly host: string;
  /** The port (`ssh -p`); `undefined` leaves it to the ssh configuration (`Port`, else 22). */
  readonly port?: string;
}

/** The command the remote side runs: the docker CLI connects its stdin/stdout to the remote's default engine. */
export const DIAL_STDIO = ["docker", "system", "dial-stdio"] as const;

/**
 * Options every connection gets. `BatchMode=yes`: ssh never prompts (a password, a passphrase, an unknown host key),
 * it fails instead; `ConnectTimeout=30` as the docker CLI sets it; `-T`: no terminal, the stream carries HTTP bytes.
 * Everything else (keys, agent, known_hosts, proxies) comes from the user's ssh configuration.
 */
export const SSH_OPTIONS = ["-o", "BatchMode=yes", "-o", "ConnectTimeout=30", "-T"] as const;

/**
 * What is wrong with an `ssh://` address, or `undefined` when the docker CLI would take it. Like the CLI, a password,
 * a path, a query or a fragment is refused (a password would also end up in the stack state with the host).
 */
export function sshAddressProblem(address: string): string | undefined {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    const shown = address.replace(/^([^/]*\/\/[^/@:]*):[^/@]*@/, "$1:***@");
    return `docker.host "${shown}" is not an address; use ssh://user@host or ssh://user@host:port`;
  }
  const shown = `ssh://${url.username ? `${decodeURIComponent(url.username)}@` : ""}${url.host}`;
  if (url.protocol !== "ssh:") return `docker.host "${address}" is not an ssh:// address`;
  if (url.hostname === "") return `docker.host "${shown}" names no host; use ssh://user@host or ssh://user@host:port`;
  if (url.password !== "") {
    return `docker.host "${shown}" holds a password, which ssh engines do not take; remove it from the address and use a key (ssh-agent or ~/.ssh/config IdentityFile)`;
  }
  if (url.pathname !== "" && url.pathname !== "/") {
    return `docker.host "${shown}${url.pathname}" has a path; an ssh:// engine is ssh://user@host[:port], the remote side uses its default engine`;
  }
  if (url.search !== "" || url.hash !== "") {
    return `docker.host "${shown}" has a query or fragment; use ssh://user@host[:port]`;
  }
  return undefined;
}

/** Reads an `ssh://` address; throws an Error with the problem when `sshAddressProblem` finds one. */
export function parseSshAddress(address: string): SshDestination {
  const problem = sshAddressProblem(address);
  if (problem !== undefined) throw new Error(problem);
  const url = new URL(address);
  return {
    user: url.username === "" ? undefined : decodeURIComponent(url.username),
    host: url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname,
    port: url.port === "" ? undefined : url.port,
  };
}

/** The address as the user wrote it, without anything secret (there is nothing secret in a valid one). */
export function sshAddress(destination: SshDestination): string {
  const host = destination.host.includes(":") ? `[${destination.host}]` : destination.host;
  return `ssh://${destination.user ? `${destination.user}@` : ""}${host}${destination.port ? `:${destination.port}` : ""}`;
}

/** The arguments of `ssh` that run `docker system dial-stdio` on the destination, in the docker CLI's order. */
export function sshArguments(destination: SshDestination): string[] {
  return [
    ...SSH_OPTIONS,
    ...(destination.user ? ["-l", destination.user] : []),
    ...(destination.port ? ["-p", destination.port] : []),
    "--",
    destination.host,
    ...DIAL_STDIO,
  ];
}
