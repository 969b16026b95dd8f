import { isIP } from "node:net";

const HOST_NAME = /^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$/;

/** Why an `extraHosts` entry is not `host:ip` (the engine's `--add-host` form), or `undefined` when it is. */
export function extraHostProblem(entry: unknown): string | undefined {
  if (typeof entry !== "string") return "must be a string like db:10.0.0.2";
  const colon = entry.indexOf(":");
  if (colon < 0) return `"${entry}" is not host:ip; write it like db:10.0.0.2`;
  const host = entry.slice(0, colon);
  const address = entry.slice(colon + 1);
  if (!HOST_NAME.test(host)) return `"${entry}" has an invalid host name "${host}"; write it like db:10.0.0.2`;
  const bare = address.startsWith("[") && address.endsWith("]") ? address.slice(1, -1) : address;
  if (address !== "host-gateway" && isIP(bare) === 0) {
    return `"${entry}" has "${address}" where an IP address (or host-gateway) belongs; write it like db:10.0.0.2`;
  }
  return undefined;
}
