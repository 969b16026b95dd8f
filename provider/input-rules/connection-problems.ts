import { UNKNOWN } from "../core/unknown-values";
import { DEFAULT_CONTEXT, dockerConfigDir, readContext, unknownContext } from "../engine/docker-context-store";
import { processSources } from "../engine/engine-resolution";
import { sshAddressProblem } from "../engine/ssh-destination";
import { certificatesProblem, isKeyPair, privateKeyProblem } from "./pem-problems";

/** A problem with the `docker` input: the property at fault and what to do about it. */
export interface ConnectionProblem {
  /** The property path, e.g. `docker.host`. */
  readonly property: string;
  /** What is wrong and how to fix it. */
  readonly reason: string;
}

const SCHEMES = "use unix:///path/to/docker.sock, tcp://host:port or ssh://user@host";
const TLS_KEYS = ["caCert", "cert", "key"] as const;
/** Where each TLS input's text comes from, for the fix. */
const TLS_FIX = {
  caCert: "give the content of the engine's CA certificate (ca.pem)",
  cert: "give the content of the client certificate (cert.pem)",
  key: "give the content of the client key (key.pem)",
} as const;

/** Says why docker context `name` cannot be used (it does not exist, or its files are corrupt), else `undefined`. */
export type ContextCheck = (name: string) => string | undefined;

/** Looks the context up in the docker config folder of this process's environment, as the docker CLI would. */
export const localContextCheck: ContextCheck = (name) => {
  if (name === DEFAULT_CONTEXT) return undefined;
  const { env, files, home } = processSources();
  const configDir = dockerConfigDir(env, home);
  try {
    return readContext(configDir, name, files)
      ? undefined
      : unknownContext(name, "docker.context", configDir, files).message;
  } catch (error) {
    return (error as Error).message;
  }
};

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

function contextProblems(c: Record<string, unknown>, check: ContextCheck): ConnectionProblem[] {
  if (c.context === UNKNOWN) return [];
  if (typeof c.context !== "string") {
    return [{ property: "docker.context", reason: "docker.context must be the name of a docker context (a string)" }];
  }
  const others = ["host", ...TLS_KEYS, "tlsVerify"].filter((k) => c[k] !== undefined && c[k] !== null && c[k] !== "");
  if (others.length > 0) {
    const names = others.map((k) => `docker.${k}`).join(", ");
    return [
      {
        property: "docker.context",
        reason: `docker.context "${c.context}" cannot be combined with ${names}: the context gives the address and TLS files; remove one or the other`,
      },
    ];
  }
  const reason = check(c.context);
  return reason === undefined ? [] : [{ property: "docker.context", reason }];
}

/**
 * Every problem with a `docker` input that can be seen without connecting; values unknown during preview are skipped.
 * Check reports these against the property, and the client reuses them for values that were unknown at preview.
 * `contexts` says whether a `docker.context` exists (default: the docker config folder of this process).
 */
export function connectionProblems(
  connection: unknown,
  contexts: ContextCheck = localContextCheck,
): ConnectionProblem[] {
  if (connection === undefined || connection === null || connection === UNKNOWN) return [];
  if (typeof connection !== "object" || Array.isArray(connection)) {
    return [
      {
        property: "docker",
        reason: "docker must be an object like { host, caCert, cert, key, tlsVerify } or { context }",
      },
    ];
  }
  const c = connection as Record<string, unknown>;
  if (given(c.context)) return contextProblems(c, contexts);
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
  const pem: Partial<Record<(typeof TLS_KEYS)[number], string>> = {};
  for (const key of TLS_KEYS) {
    const value = c[key];
    if (!given(value) || value === UNKNOWN) continue;
    if (typeof value !== "string") {
      problems.push({ property: `docker.${key}`, reason: `docker.${key} must be PEM text (a string)` });
      continue;
    }
    const problem = key === "key" ? privateKeyProblem(value) : certificatesProblem(value);
    if (problem === undefined) pem[key] = value;
    else problems.push({ property: `docker.${key}`, reason: `docker.${key} ${problem}; ${TLS_FIX[key]}` });
  }
  if (pem.cert !== undefined && pem.key !== undefined && !isKeyPair(pem.cert, pem.key)) {
    problems.push({
      property: "docker.key",
      reason: "docker.key is not the key of docker.cert's certificate; give the key.pem made with that cert.pem",
    });
  }
  if (c.tlsVerify !== undefined && c.tlsVerify !== UNKNOWN && typeof c.tlsVerify !== "boolean") {
    problems.push({ property: "docker.tlsVerify", reason: "docker.tlsVerify must be true or false" });
  }
  return problems;
}
