import { type SshDestination, sshAddress } from "./ssh-destination";

/** How an `ssh … docker system dial-stdio` process ended before it carried any answer. */
export interface SshExit {
  /** Exit code (255 is ssh's own failure), or `null` when a signal ended it. */
  readonly code: number | null;
  /** What it wrote on stderr. */
  readonly stderr: string;
}

/** Lines of stderr kept in a message: enough for ssh's reason, not a wall of text. */
const STDERR_LINES = 6;

/** ssh's stderr cut to its last lines, with anything that looks like key material removed. */
export function sshStderrTail(stderr: string): string {
  const lines = stderr
    .replace(
      /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)/g,
      "[key material removed]",
    )
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "" && !/^@+$/.test(line) && !/^@+ .* @+$/.test(line));
  return lines.slice(-STDERR_LINES).join(" / ");
}

/** `ssh-keyscan [-p PORT] host`, the command that prints the destination's host keys. */
function keyscanCommand(destination: SshDestination): string {
  return `ssh-keyscan ${destination.port ? `-p ${destination.port} ` : ""}${destination.host} >> ~/.ssh/known_hosts`;
}

/** `ssh [-p PORT] [user@]host`, the command that connects once and asks to trust the key. */
function loginCommand(destination: SshDestination): string {
  const port = destination.port ? `-p ${destination.port} ` : "";
  return `ssh ${port}${destination.user ? `${destination.user}@` : ""}${destination.host}`;
}

/** The known_hosts name of the destination, as `ssh-keygen -R` takes it. */
function knownHostsName(destination: SshDestination): string {
  return destination.port && destination.port !== "22" ? `[${destination.host}]:${destination.port}` : destination.host;
}

/**
 * What went wrong, and what to do, when `ssh … docker system dial-stdio` ended without carrying an answer: an unknown
 * or changed host key, a refused login, an unreachable host, no docker CLI on the remote side, or another failure with
 * ssh's own words. Never includes key material (ssh does not print keys; the tail is scrubbed anyway).
 */
export function describeSshFailure(destination: SshDestination, exit: SshExit): string {
  const at = sshAddress(destination);
  const said = sshStderrTail(exit.stderr);
  const tail = said === "" ? "" : ` (ssh said: ${said})`;
  const stderr = exit.stderr;
  if (/REMOTE HOST IDENTIFICATION HAS CHANGED|Host key for .* has changed/i.test(stderr)) {
    return (
      `The host key of ${at} differs from the one in known_hosts: the host was reinstalled, or someone is in between. ` +
      `If the change is expected, remove the old key with ssh-keygen -R '${knownHostsName(destination)}' and trust the new one ` +
      `(${keyscanCommand(destination)}, after checking its fingerprint)${tail}`
    );
  }
  if (/Host key verification failed|No [A-Z0-9-]+ host key is known for/i.test(stderr)) {
    return (
      `The host key of ${at} is not known: ssh checks it against ~/.ssh/known_hosts and, running without prompts, ` +
      `refuses a host it has not seen. Trust the host once: ${keyscanCommand(destination)} (check the fingerprint ` +
      `it prints), or connect once with ${loginCommand(destination)} and accept the key${tail}`
    );
  }
  if (/Permission denied \(|Too many authentication failures|No more authentication methods/.test(stderr)) {
    return (
      `ssh could not log in to ${at}: no key was accepted. Add the key to the ssh agent (ssh-add) or name it in ` +
      `~/.ssh/config (IdentityFile), and put its public key in the remote user's ~/.ssh/authorized_keys; ssh runs ` +
      `without prompts, so a key with a passphrase must be in the agent and passwords are not asked${tail}`
    );
  }
  if (/^ssh: (connect to host|Could not resolve hostname)/m.test(stderr)) {
    return `Cannot reach ${at} over ssh: check the host name and port, and that sshd runs there${tail}`;
  }
  if (exit.code === 127 || /docker: (command )?not found/i.test(stderr)) {
    return (
      `${at} has no docker CLI on the PATH of a non-interactive ssh session: the remote side runs ` +
      `"docker system dial-stdio", so install the docker CLI there (or put it on the PATH sshd gives)${tail}`
    );
  }
  if (exit.code === 255) return `ssh to ${at} failed${tail}`;
  return (
    `"docker system dial-stdio" on ${at} failed` +
    `${exit.code === null ? "" : ` (exit code ${exit.code})`}: is the Docker engine running there and may the ` +
    `ssh user use it?${tail}`
  );
}
