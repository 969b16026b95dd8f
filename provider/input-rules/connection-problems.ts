import { UNKNOWN } from "../core/unknown-values";
import { sshAddressProblem } from "../engine/ssh-destination";

/** A problem with the `docker` input: the property at fault and what to do about it. */
export interface ConnectionProblem {
  /** The property path, e.g. `docker.host`. */
  readonly property: string;
  /** What is wrong and how to fix it. */
  readonly reason: string;
}

const SCHEMES = "use unix:///path/to/docker.sock, tcp://host:port or ssh://user@host";
const TLS_KEYS = ["caCert", "cert", "key"] as const;

function given(value: unknown): boolean {
  return value !== undefined && value !== null && value !== "";
}

function hostProblem(host: unknown): string | undefined {
  if (typeof host !== "string") return `docker.host must be a string; ${SCHEMES}`;
  let url: URL;
  try {
    url = new URL(host);
  } catch {
    return `docker.host "${host}" is not an address; ${SCHEMES}`;
  }
  switch (url.protocol) {
    case "unix:":
      return url.pathname === "" || url.pathname === "/"
        ? `docker.host "${host}" names no socket; ${SCHEMES}`
        : undefined;
    case "tcp:":
    case "http:":
    case "https:":
      return url.hostname === "" ? `docker.host "${host}" names no host; ${SCHEMES}` : undefined;
    case "ssh:":
      return sshAddressProblem(host);
    default:
      return `docker.host "${host}" has an unsupported scheme; use unix://, tcp:// or ssh://`;
  }
}

/**
 * Every problem with a `docker` input that can be seen without connecting; values unknown during preview are skipped.
 * Check reports these against the property, and the client reuses them for values that were unknown at preview.
 */
export function connectionProblems(connection: unknown): ConnectionProblem[] {
  if (connection === undefined || connection === null || connection === UNKNOWN) return [];
  if (typeof connection !== "object" || Array.isArray(connection)) {
    return [{ property: "docker", reason: "docker must be an object like { host, caCert, cert, key, tlsVerify }" }];
  }
  const c = connection as Record<string, unknown>;
  const problems: ConnectionProblem[] = [];
  if (c.host !== UNKNOWN && given(c.host)) {
    const reason = hostProblem(c.host);
    if (reason !== undefined) problems.push({ property: "docker.host", reason });
  } else if (c.host !== UNKNOWN && TLS_KEYS.some((k) => given(c[k]))) {
    problems.push({
      property: "docker.host",
      reason: "docker.caCert/cert/key were given without docker.host; set docker.host too",
    });
  }
  for (const key of TLS_KEYS) {
    if (given(c[key]) && c[key] !== UNKNOWN && typeof c[key] !== "string") {
      problems.push({ property: `docker.${key}`, reason: `docker.${key} must be PEM text (a string)` });
    }
  }
  if (c.tlsVerify !== undefined && c.tlsVerify !== UNKNOWN && typeof c.tlsVerify !== "boolean") {
    problems.push({ property: "docker.tlsVerify", reason: "docker.tlsVerify must be true or false" });
  }
  return problems;
}
